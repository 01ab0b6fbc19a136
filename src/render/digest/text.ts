// A week's digest as plain text wrapped at 72 columns, for mail clients and terminals that want no HTML.
import type { ArticleSummary } from "../../shared/article.js";
import { absolute, paths, SITE } from "../../shared/routes.js";
import { readingTime, unconfirmedNote } from "../html/format.js";
import { creditLine, sectionLabel, weekFacts } from "./parts.js";
import { type DigestPlan, type DigestWeek, digestContents } from "./week-plan.js";
import { dayLabel, weekLabel } from "./words.js";

/** Columns a line may fill; the traditional limit that leaves room for quoting in replies. */
export const TEXT_WIDTH = 72;

/** Wraps words to `width` columns (code points); a word longer than that (a URL) gets a line of its own. */
export function wrap(text: string, width = TEXT_WIDTH): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line === "") line = word;
    else if ([...line].length + 1 + [...word].length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

function heading(text: string): string[] {
  return [text.toUpperCase(), "=".repeat(Math.min([...text].length, TEXT_WIDTH))];
}

function articleLines(a: ArticleSummary, origin: string): string[] {
  return [
    ...wrap(a.title),
    ...wrap(`${creditLine(a)} · ${dayLabel(a.date)}${unconfirmedNote(a, "date")} · ${readingTime(a.readingMinutes)}`),
    "",
    ...wrap(a.summary),
    "",
    ...wrap(`Read: ${absolute(origin, paths.article(a.slug))}`),
    // The note goes before the address, so the address stays alone at the end of its line.
    ...(a.url ? wrap(`Original${unconfirmedNote(a, "url")}: ${a.url}`) : []),
  ];
}

/** The plain-text digest of a week, ending with a newline. */
export function renderDigestText(plan: DigestPlan, week: DigestWeek): string {
  const { site } = plan;
  const { lead, sections } = digestContents(plan, week);
  const lines: string[] = [
    ...wrap(`${site.title} weekly digest`),
    ...wrap(`${weekLabel(week.week)} (${week.name})`),
    ...wrap(weekFacts(week)),
    ...(week.finished
      ? []
      : [
          "",
          ...wrap(
            `In progress: this week ends at midnight after ${dayLabel(week.sunday)} (${site.timeZone} time), and articles may still be added.`,
          ),
        ]),
    "",
    ...heading("Lead story"),
    "",
    ...articleLines(lead, site.origin),
  ];
  for (const s of sections) {
    lines.push("", "", ...heading(sectionLabel(s)));
    for (const a of s.articles) lines.push("", ...articleLines(a, site.origin));
  }
  lines.push(
    "",
    "",
    "-- ",
    ...wrap(`On the web: ${absolute(site.origin, paths.digestWeek(week.name))}`),
    ...wrap(`Every week: ${absolute(site.origin, paths.digestArchive())}`),
    ...wrap(`Digest feed: ${absolute(site.origin, paths.digestFeed(SITE, "atom"))}`),
  );
  return `${lines.join("\n")}\n`;
}
