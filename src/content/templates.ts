// Template syntax another generator left in a post's Markdown (Jekyll's Liquid and kramdown, Hugo's shortcodes):
// what has a Markdown equivalent becomes it, the rest is left as text and reported with its lines, never silently.
// Each line stays a line, so problems keep pointing at the file's own line numbers.
import { convertShortcodes } from "./shortcodes.js";

/** What a Markdown body became, and the lines where template syntax is still left as text. */
export interface ConvertedTemplates {
  markdown: string;
  /** 0-based line indexes of `markdown` that still hold template syntax, and the first such tag. */
  leftovers: { index: number; tag: string }[];
}

/** `{% highlight ruby linenos %}` and Hugo's `{{< highlight go "linenos=table" >}}`: the opening of a code block. */
const HIGHLIGHT_OPEN =
  /^\s*(?:\{%-?\s*highlight\s+([\w+#.-]+)[^%]*-?%\}|\{\{<\s*highlight\s+([\w+#.-]+)[^>]*>\}\})\s*$/;
const HIGHLIGHT_CLOSE = /^\s*(?:\{%-?\s*endhighlight\s*-?%\}|\{\{<\s*\/highlight\s*>\}\})\s*$/;
/** `{% raw %}`…`{% endraw %}`: Liquid shown as text, which is what it is here. */
const RAW = /\{%-?\s*(?:end)?raw\s*-?%\}/g;
/** A kramdown attribute list on a line of its own (`{: #an-id .a-class}`, `{:toc}`), or ending a line. */
const IAL_LINE = /^\s*\{:[^}]*\}\s*$/;
const IAL_END = /\s*\{:[^}\n]*\}\s*$/;
/**
 * Template syntax of any of the generators: Liquid tags and output, Hugo shortcodes, and the opening of one that
 * runs on to later lines (`{% link _posts/…` broken by a line end, the Go blog's multi-line {{raw `…`}}).
 */
const TEMPLATE =
  /\{%-?[\s\S]*?-?%\}|\{\{[<%][\s\S]*?[>%]\}\}|\{\{[\s\S]*?\}\}|\{%-?\s*[a-z_]+\b[^%]*$|\{\{[<%]?\s*[a-zA-Z_.][^}]*$/;

/**
 * The code fence open after `line`, given the one open before it (`fence`), or false when `line` is no fence line.
 * CommonMark: a closing fence is the opening's character, at least as long, with nothing after it.
 */
function fenceAfter(line: string, fence: string | undefined): string | undefined | false {
  const marker = /^\s*(`{3,}|~{3,})(.*)$/.exec(line);
  if (!marker?.[1]) return false;
  if (!fence) return marker[1];
  return marker[1][0] === fence[0] && marker[1].length >= fence.length && !marker[2]?.trim() ? undefined : fence;
}

/**
 * Converts what has a Markdown form: highlight blocks to fenced code with their language, `{% raw %}` markers
 * dropped (their content kept), kramdown attribute lists dropped, the shortcodes of shortcodes.ts. Reports every other line with template syntax,
 * outside fenced code and raw regions (where the syntax is an example, shown as written).
 */
export function convertTemplates(markdown: string, toRoot = ""): ConvertedTemplates {
  const lines = markdown.split("\n");
  const leftovers: ConvertedTemplates["leftovers"] = [];
  let fence: string | undefined;
  let raw = false;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] as string;
    const open = HIGHLIGHT_OPEN.exec(line);
    if (!fence && open) {
      lines[i] = `\`\`\`${open[1] ?? open[2] ?? ""}`;
      fence = "```";
      continue;
    }
    if (fence === "```" && HIGHLIGHT_CLOSE.test(line)) {
      lines[i] = "```";
      fence = undefined;
      continue;
    }
    const fenced = fenceAfter(line, fence);
    if (fenced !== false) {
      fence = fenced;
      continue;
    }
    // Raw regions open and close anywhere on a line; what is between them is text, shown and never checked.
    let outsideRaw = "";
    if (line.search(RAW) >= 0) {
      let kept = "";
      let at = 0;
      for (const m of line.matchAll(RAW)) {
        const piece = line.slice(at, m.index);
        kept += piece;
        if (!raw) outsideRaw += piece;
        raw = !/endraw/.test(m[0]);
        at = m.index + m[0].length;
      }
      kept += line.slice(at);
      if (!raw) outsideRaw += line.slice(at);
      line = kept;
      lines[i] = line;
    } else if (!raw) outsideRaw = line;
    if (fence) continue;
    if (IAL_LINE.test(line)) {
      lines[i] = "";
      continue;
    }
    // A line with a raw region keeps its shortcodes as written: there they are examples.
    line = line.replace(IAL_END, "");
    if (!raw && outsideRaw === lines[i]) line = convertShortcodes(line, toRoot);
    lines[i] = line;
    const tag = TEMPLATE.exec(convertShortcodes(outsideRaw.replace(IAL_END, ""), toRoot))?.[0];
    if (tag) leftovers.push({ index: i, tag: tag.length > 60 ? `${tag.slice(0, 57)}…` : tag });
  }
  return { markdown: lines.join("\n"), leftovers };
}

/** An MDX module line: `import X from "…"`, `export const meta = …`. */
const MDX_MODULE = /^\s*(?:import|export)\s/;
/** A JSX component's tag (capitalised, as MDX tells components from HTML): opening, closing or self-closing. */
const JSX_TAG = /<\/?[A-Z][\w.]*(?:\s[^<>]*)?\/?>/g;

/**
 * An .mdx body as Markdown: import and export lines and JSX components' tags removed (the text between tags kept),
 * outside fenced code. Returns the 0-based indexes of the lines it changed, which the caller reports: what a
 * component drew (a chart, a tabbed box) is not on the page.
 */
export function mdxAsMarkdown(markdown: string): { markdown: string; changed: number[] } {
  const lines = markdown.split("\n");
  const changed: number[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const fenced = fenceAfter(line, fence);
    if (fenced !== false) {
      fence = fenced;
      continue;
    }
    if (fence) continue;
    const next = MDX_MODULE.test(line) ? "" : line.replace(JSX_TAG, "");
    if (next !== line) {
      lines[i] = next.trim() === "" ? "" : next;
      changed.push(i);
    }
  }
  return { markdown: lines.join("\n"), changed };
}
