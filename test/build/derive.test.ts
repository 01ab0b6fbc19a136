// The summary the build derives for feeds, pages and the digest: from the opening paragraph, never empty.
import { describe, expect, it } from "vitest";
import { SUMMARY_LIMIT, summarize } from "../../src/content/derive.js";
import { splitSentences } from "../../src/content/sentences.js";

// One sentence of 41 words and about 400 characters, with a comma where the cut would fall without tidying.
const LONG = `Officials in Washington said on Tuesday that the convoy ${"of armoured trucks, tankers and buses ".repeat(9)}had crossed the border at dawn without any warning to the monitors.`;
const SHORT = "The convoy turned back at noon.";

describe("summarize", () => {
  it("is built on a sentence the splitter keeps whole", () => {
    expect(LONG.length).toBeGreaterThan(SUMMARY_LIMIT);
    expect(splitSentences(LONG)).toEqual([LONG]);
  });

  it("takes one to three whole sentences of the opening paragraph, under 300 characters", () => {
    const opening = "First sentence here. Second one, Mr. Smith said. Third one. Fourth one.";
    expect(summarize([opening, SHORT])).toBe("First sentence here. Second one, Mr. Smith said. Third one.");
    expect(summarize(["", "  ", "Only this. And this."])).toBe("Only this. And this.");
  });

  it("passes over an opening greeting for the paragraph after it, and keeps it when it is all there is", () => {
    const next = "Jekyll 4.3.4 is a patch release that fixes a regression.";
    for (const greeting of ["Hello Jekyllers!", "Dear Jekyllers,", "Happy Birthday, Go!", "Hey!"])
      expect(summarize([greeting, next]), greeting).toBe(next);
    // A short opening sentence that is no greeting stays the summary.
    expect(summarize(["Go 1.22 is out.", next])).toBe("Go 1.22 is out.");
    expect(summarize(["Hello Jekyllers!"])).toBe("Hello Jekyllers!");
  });

  it("skips an opening sentence too long to fit, keeping the paragraph's next ones", () => {
    expect(summarize([`${LONG} ${SHORT}`, "Another paragraph."])).toBe(SHORT);
  });

  it("cuts the first sentence at a word boundary with '…' when none of the opening paragraph fits", () => {
    const summary = summarize([LONG]);
    expect(summary.length).toBeLessThan(SUMMARY_LIMIT);
    expect(summary.length).toBeGreaterThan(SUMMARY_LIMIT - 40);
    expect(summary.endsWith("…")).toBe(true);
    const kept = summary.slice(0, -1);
    expect(LONG.startsWith(kept)).toBe(true);
    // Whole words only, and no comma left hanging before the ellipsis.
    expect(LONG.charAt(kept.length)).toMatch(/[\s,]/);
    expect(kept).toMatch(/[a-z]$/);
  });

  it("comes from the opening paragraph only, even when a later one has a sentence that would fit", () => {
    const summary = summarize([LONG, SHORT]);
    expect(summary).toBe(summarize([LONG]));
    expect(summary).not.toContain(SHORT);
  });

  it("cuts a single word longer than the limit where it must", () => {
    const url = `https://example.org/${"a".repeat(400)}`;
    expect(summarize([url])).toBe(`${url.slice(0, SUMMARY_LIMIT - 2)}…`);
  });
});
