// Sentence boundaries for the cleaner and the summary: one splitter that knows "U.S.", "Mr." and "Gen." end nothing.

export interface Span {
  start: number;
  end: number;
}

// Words after which a full stop does not end a sentence.
const ABBREVIATIONS = new Set(
  "mr mrs ms dr gen lt col maj capt cmdr cdr sgt adm rep sen gov pres prof st jr sr no nos jan feb mar apr jun jul aug sep sept oct nov dec vs etc inc corp co ltd mt ft atty supt rev hon gens reps sens".split(
    " ",
  ),
);

/**
 * The sentences of a paragraph as spans, split conservatively: a full stop after an initial ("V."), an acronym
 * ("U.S."), or an abbreviation ("Gen.") ends no sentence, and neither does one followed by a lower-case word.
 */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  const ends = /[.!?…]+[”"’)\]]*(?=\s|$)/g;
  let start = 0;
  for (let m = ends.exec(text); m; m = ends.exec(text)) {
    const end = m.index + m[0].length;
    const next = text.slice(end).trimStart();
    if (next !== "" && !/^[A-Z0-9“"‘'([]/.test(next)) continue;
    if (next !== "" && m[0].startsWith(".")) {
      const word = /(\S+)$/.exec(text.slice(start, m.index))?.[1] ?? "";
      const bare = word.replace(/^[“"‘'(]+/, "");
      if (/^[A-Za-z]$/.test(bare) || /^(?:[A-Za-z]\.)+[A-Za-z]$/.test(bare) || ABBREVIATIONS.has(bare.toLowerCase()))
        continue;
    }
    spans.push({ start, end });
    start = end + (text.length - end - text.slice(end).trimStart().length);
  }
  if (start < text.length && text.slice(start).trim() !== "") spans.push({ start, end: text.length });
  return spans;
}

/** The sentences of a paragraph, trimmed. */
export function splitSentences(text: string): string[] {
  return sentenceSpans(text)
    .map((s) => text.slice(s.start, s.end).trim())
    .filter((s) => s.length > 0);
}
