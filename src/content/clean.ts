// Turns a plain-text web clipping into clean paragraphs and reports every piece of page debris it removed.
import { type Span, sentenceSpans } from "./sentences.js";

export type DebrisKind =
  | "masthead"
  | "caption"
  | "related"
  | "footer"
  | "contact"
  | "dateline"
  | "stray-sentence"
  | "promo"
  | "headline"
  | "override";

/** One thing the cleaner took out; `line` is the 1-based line number in the content file, so an editor can find it. */
export interface Removal {
  line: number;
  kind: DebrisKind;
  text: string;
}

export interface CleanOptions {
  /** File line number of the body's first line (the line after the closing `---` of the front matter). */
  firstLine: number;
  title?: string;
  publisher?: string;
  byline?: string;
  /** Text of removals that must stay: a removal whose text contains an entry is not made. */
  keep?: string[];
  /** Text the cleaner kept that must go: a whole paragraph, or whole sentences inside one. */
  remove?: string[];
}

/** Override entries that had no effect, so the build can fail on a stale or mistyped override. */
export interface UnmatchedOverrides {
  keep: string[];
  remove: string[];
}

export interface CleanResult {
  /** The headline found in the text, when the front matter gave no title. */
  title?: string;
  paragraphs: string[];
  /** Every removal, in file order. */
  removals: Removal[];
  /** Lines whose no-break spaces, trailing spaces or doubled spaces were normalised. */
  whitespaceFixes: number;
  unmatched: UnmatchedOverrides;
}

/** A line of the clipping: its file line number and its text. */
export interface Line {
  line: number;
  text: string;
}

// No-break, figure, narrow and other fixed-width spaces, tabs; zero-width spaces are dropped (not joiners: emoji need them).
const ODD_SPACE = /[\t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
const ZERO_WIDTH = /[\u200B\u2060\uFEFF]/g;

/** NBSP and friends to plain spaces, runs of spaces collapsed, ends trimmed. */
function normaliseWhitespace(text: string): string {
  return text.replace(ZERO_WIDTH, "").replace(ODD_SPACE, " ").replace(/ {2,}/g, " ").trim();
}

// Curly and guillemet quotes fold to straight ones for comparisons only; one character for one, so offsets hold.
function foldQuotes(text: string): string {
  return text.replace(/[“”„‟«»]/g, '"').replace(/[‘’‚‛]/g, "'");
}

function comparable(text: string): string {
  return foldQuotes(normaliseWhitespace(text)).toLowerCase();
}

const words = (text: string): string[] => text.split(" ").filter((w) => w !== "");

// A paragraph of article prose ends with one of these (closing quotes and brackets included).
const TERMINAL = /[.!?…:;)\]"”’']$/;

const FUNCTION_WORDS = new Set(
  "a an the of and or but nor to in on at by for from with as that which who whom whose than then into onto over under about".split(
    " ",
  ),
);

// ---------------------------------------------------------------- masthead

/** The publisher as it would open a masthead: "The Washington Post (Checkpoint)" -> "The Washington Post", "Washington Post". */
function publisherNames(publisher: string | undefined): string[] {
  if (!publisher) return [];
  const base = normaliseWhitespace(publisher.replace(/\([^)]*\)/g, ""));
  const names = [base];
  if (/^the /i.test(base)) names.push(base.slice(4));
  return names.filter((n) => n.length >= 3);
}

/**
 * A masthead is a short unpunctuated first line that is the publisher's name, possibly glued to a slogan
 * ("The Washington PostDemocracy Dies in Darkness"), or a run of capitalised words with a lowercase letter
 * glued to an uppercase one where the page's two elements met.
 */
function isMasthead(text: string, publisher: string | undefined): boolean {
  if (TERMINAL.test(text) || words(text).length > 12) return false;
  for (const name of publisherNames(publisher)) {
    if (!text.toLowerCase().startsWith(name.toLowerCase())) continue;
    const rest = text.slice(name.length);
    // "Post" + "Democracy…" glued, the bare name, or name | slogan; not "The New York Times sues …".
    if (rest === "" || /^\S/.test(rest) || /^\s*[|:·•–—-]/.test(rest)) return true;
  }
  const glued = /[a-z]{2}(?=[A-Z][a-z])/.exec(text);
  if (!glued) return false;
  const left = words(text.slice(0, glued.index + 2));
  // The join must fall inside a name-like run ("The Washington Post"), not after ordinary prose.
  return left.length <= 5 && left.every((w) => /^[A-Z0-9]/.test(w) || FUNCTION_WORDS.has(w));
}

/** A line that could be a headline rather than a lede: short, and not closed like prose. */
function isHeadlineShaped(text: string): boolean {
  return words(text).length <= 25 && !/[.,:;]$/.test(text);
}

// ---------------------------------------------------------------- captions

// Agencies and picture desks that end captions; matched as whole words, case-sensitively (AP is not "ap").
const AGENCIES = [
  "AP",
  "AFP",
  "Reuters",
  "Getty Images",
  "Getty",
  "EPA",
  "EPA-EFE",
  "Associated Press",
  "Agence France-Presse",
  "Bloomberg",
  "Xinhua",
  "TASS",
  "Sputnik",
  "Anadolu Agency",
  "UPI",
  "Shutterstock",
  "Alamy",
  "dpa",
  "ANSA",
  "Kyodo",
  "Yonhap",
  "SANA",
  "iStock",
];
const AGENCY = new RegExp(
  `(?:^|[\\s/(])(?:${AGENCIES.map((a) => a.replace(/[-.]/g, "\\$&")).join("|")})(?=$|[\\s/),;])`,
);
// Words only a picture credit uses.
const CREDIT_WORD =
  /\b(?:Photo|Photos|Photograph|Photographs|Photography|Images?|Press|Service|Pool|Handout|Courtesy|Staff|Stringer|Video)\b/;
const CREDIT_PREFIX = /^(?:Photo|Photos|Photograph|Image|Picture|Credit|Credits|Foto)(?:\s+by)?\s*:?\s*/;
const CREDIT_CONNECTORS = new Set([
  "via",
  "for",
  "by",
  "of",
  "the",
  "and",
  "de",
  "del",
  "la",
  "le",
  "von",
  "van",
  "&",
  "/",
  "|",
]);

/** Does `text` read as a picture credit ("Russian Defense Ministry Press Service via AP", "Photo: Getty Images")? */
function isCredit(text: string, strict: boolean): boolean {
  const prefixed = CREDIT_PREFIX.test(text);
  const body = text.replace(CREDIT_PREFIX, "");
  const ws = words(body.replace(/\//g, " / "));
  if (ws.length === 0 || ws.length > 10) return false;
  if (
    !ws.every(
      (w) => /^[A-Z0-9]/.test(w) || CREDIT_CONNECTORS.has(w.toLowerCase()) || /^[A-Z]/.test(w.replace(/^\W+/, "")),
    )
  )
    return false;
  if (AGENCY.test(body) || prefixed) return true;
  // In parentheses a credit need not name an agency: "(Jane Doe/The Washington Post)", "(Defense Ministry Press Service)".
  return !strict && (CREDIT_WORD.test(body) || body.includes("/") || /\bvia\b/.test(body));
}

/** The caption without its credit, when `text` is a caption line; undefined when it is not. */
function captionBody(text: string): string | undefined {
  const paren = /^(.*?)\s*\(([^()]+)\)$/.exec(text);
  if (paren && isCredit(paren[2] ?? "", false)) return paren[1] ?? "";
  // A bare credit follows the caption's last full stop: "… no Islamic State forces. AP".
  const ends = /[.!?][”"’)]?\s+/g;
  for (let m = ends.exec(text); m; m = ends.exec(text)) {
    const tail = text.slice(m.index + m[0].length);
    if (isCredit(tail, true)) return text.slice(0, m.index + m[0].length).trim();
  }
  // A credit standing alone on its line.
  if (isCredit(text, true)) return "";
  return undefined;
}

// ---------------------------------------------------------------- related, footers, contact lines

// Aggregator and page furniture, matched against the whole line.
const FOOTER_PATTERNS = [
  /^related(?: (?:news|stories|articles|posts|content|coverage|links|reading|videos?|topics))?(?: from .{1,60})?$/i,
  /^more (?:news|stories|articles|coverage) (?:from|on|about) .{1,60}$/i,
  /^(?:more|also) on this (?:topic|story)$/i,
  /^you (?:may|might) also (?:like|be interested in)$/i,
  /^recommended(?: for you| stories| reading)?$/i,
  /^most (?:read|popular|viewed|shared)(?: stories)?$/i,
  /^(?:source|source link|via source)$/i,
  /^exit mobile version$/i,
  /^(?:read|see) more(?: (?:at|on) .{1,60}| here| stories)?$/i,
  /^read the (?:full|original) (?:story|article)(?: (?:at|on) .{1,60})?$/i,
  /^(?:share|share this|share this (?:article|story|post|page))(?: (?:on|via) .{1,40})?$/i,
  /^(?:tweet|print|email|e-mail)(?: this (?:article|story|page))?$/i,
  /^(?:advertisement|advertising|sponsored(?: content)?|story continues below(?: advertisement)?)$/i,
  /^continue reading(?: the main story| below)?$/i,
  /^(?:skip to (?:main )?content|back to top|top of page)$/i,
  /^(?:sign up|subscribe)\b.{0,60}\bnewsletters?\b.{0,40}$/i,
  /^(?:click|tap) here\b.{0,80}$/i,
  /^follow us(?: on .{1,60})?$/i,
  /^(?:leave|post|add) a (?:comment|reply)$/i,
  /^(?:\d+ )?comments?(?: \(\d+\))?$/i,
  /^(?:tags|topics|filed under|categories|posted in)\s*:.{0,120}$/i,
  /^(?:©|\(c\)|copyright\b).{0,120}$/i,
  /^all rights reserved\.?$/i,
];

function isFooter(text: string): boolean {
  const bare = text.replace(/\s*[:»›→>]+$/, "");
  return words(bare).length <= 12 && FOOTER_PATTERNS.some((p) => p.test(bare));
}

// "[How Russian special forces are shaping the fight in Syria]", or a labelled link: "Related: …", "Read more: …".
function isBracketedOrLabelledLink(text: string): boolean {
  if (/^\[[^[\]]+\]$/.test(text)) return true;
  return (
    /^(?:related|see also|read also|also read|read more|more|recommended|watch|listen)\s*:\s*\S/i.test(text) &&
    words(text).length <= 25
  );
}

/** Another story's bare headline: a run of 5–20 words standing alone, without the full stop article prose ends with. */
function looksLikeHeadline(text: string): boolean {
  if (TERMINAL.test(text)) return false;
  const ws = words(text);
  if (ws.length < 5 || ws.length > 20) return false;
  if (!/^[A-Z0-9“"‘']/.test(text)) return false;
  // A paragraph cut off mid-sentence ends on a function word; a headline does not.
  const last = (ws[ws.length - 1] ?? "").toLowerCase();
  return !FUNCTION_WORDS.has(last);
}

const PHONE = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{3}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b/g;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const HANDLE = /(?:^|(?<=[\s;,:(/]))@\w{2,}/g;
const CONTACT_LEAD = /^(?:contact|email|e-mail|reach|follow|write to|call|phone|tel|twitter|x)\b/i;

/** A reporter's contact line: a name with a phone number, email address or @handle, and little else. */
function isContact(text: string, byline: string | undefined): boolean {
  if (/[“”"]/.test(text)) return false;
  const stripped = text.replace(PHONE, " ").replace(EMAIL, " ").replace(HANDLE, " ");
  if (stripped === text) return false;
  const rest = words(stripped.replace(/[;:,|•·()/]/g, " "));
  if (rest.length <= 6) return true;
  if (CONTACT_LEAD.test(text) && words(text).length <= 16) return true;
  // "James Rosen can be reached at …": the line opens with a name from the byline.
  const names = (byline ?? "").split(/\s*(?:,|\band\b)\s*/).filter((n) => n.length > 2);
  return words(text).length <= 16 && names.some((n) => text.startsWith(n));
}

// ---------------------------------------------------------------- datelines

// "WASHINGTON — ", "BEIRUT, Lebanon — ", "MOSCOW (Reuters) - ", "ST. LOUIS, Oct. 7 — ": a city in capitals,
// an optional region or date, an optional credit, then a dash and the sentence's capital.
const DATELINE =
  /^([A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]*){0,3}(?:,\s+[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){0,2})?(?:\s+\([^()]{1,40}\))?)\s*(?:—|–|--|\s-)\s*(?=[“"‘A-Z0-9])/;

function datelinePrefix(text: string): string | undefined {
  const m = DATELINE.exec(text);
  if (!m?.[1] || !/[A-Z]{2}/.test(m[1])) return undefined;
  return m[0];
}

// ---------------------------------------------------------------- sentences

const FIRST_SECOND_PERSON =
  /(?:^|[^\w'])(?:I|I'm|I've|I'd|I'll|[Ww]e|[Ww]e're|[Ww]e've|[Ww]e'd|[Ww]e'll|[Yy]ou|[Yy]ou're|[Yy]ou've|[Yy]ou'd|[Yy]ou'll|me|us|[Mm]y|[Oo]ur|[Oo]urs|[Yy]our|[Yy]ours|myself|ourselves|yourself|[Ll]et's)(?![\w'])/;
// An auxiliary before its subject ("can we", "do you") is question word order.
const INVERTED =
  /^(?:\S+\s+){0,4}?(?:can|could|will|would|shall|should|may|might|must|do|does|did|is|are|was|were|have|has|had)\s+(?:I|we|you|he|she|they)\b/i;

const STOPWORDS = new Set(
  `${[...FUNCTION_WORDS].join(" ")} is are was were be been being am do does did have has had can could will would shall should may might must not no yes this these those there here what when where why how all any some such only own same too very just also now out off up down again once its it he she they them their his her him we you i me my our your us let lets`.split(
    " ",
  ),
);

function stem(word: string): string {
  const w = word.toLowerCase();
  const s = w.replace(/(?:ing|ed|es|s|ly)$/, "");
  return s.length >= 3 ? s : w;
}

function contentStems(text: string): string[] {
  return (foldQuotes(text).match(/[A-Za-z][A-Za-z'-]+/g) ?? [])
    .map((w) => w.toLowerCase().replace(/'s$/, ""))
    .filter((w) => w.length >= 3 && !STOPWORDS.has(w))
    .map(stem);
}

/**
 * A sentence that does not belong to the article (a reader's note or chat line pasted into the clipping).
 * Short, outside quotation marks, and at least two of: first or second person (news prose speaks in the
 * third outside quotes), question word order closed by a full stop, no content word shared with the article.
 */
function isStraySentence(sentence: string, quoted: boolean, sharedWithArticle: (stem: string) => boolean): boolean {
  if (quoted || /["“”]/.test(sentence)) return false;
  const folded = foldQuotes(sentence);
  if (words(folded).length > 12) return false;
  let signals = 0;
  if (FIRST_SECOND_PERSON.test(folded)) signals++;
  if (/\.$/.test(folded) && INVERTED.test(folded)) signals++;
  const own = contentStems(folded);
  if (own.length >= 2 && !own.some(sharedWithArticle)) signals++;
  return signals >= 2;
}

// A call to action is an imperative addressed to the reader about the publication, not about the story: it opens with a
// verb of what a reader does for a publication (the sentence has no subject of its own), and it points at the
// publication or the reader: "us", "our", "you", "your", or one of the channels a publication sells (its newsletter,
// app, podcast, membership). A story's sentences have subjects ("Officials urged residents to sign up for alerts"),
// and a story's imperatives are about the story ("Follow the money, investigators said") or quoted.
const READER_VERBS =
  "subscribe|sign|join|follow|download|get|grab|install|support|donate|give|contribute|register|become|upgrade|try|listen|watch|read|see|find|discover|explore|learn|check|catch|share|like|click|tap|visit|enter|claim|unlock|start|keep|stay|help|tell|let|send|never|consider|remember|don't";
const PROMO_OPENING = new RegExp(`^(?:please\\s+|now\\s+|(?:click|tap)\\s+here\\s+to\\s+)?(?:${READER_VERBS})\\b`, "i");
const PROMO_TARGET =
  /\b(?:our|ours|you|your|newsletters?|app|apps|podcasts?|membership|members|subscription|subscribers?|inbox|premium|journalism)\b/i;
/** "us" in lower case only: "US forces" is the country. */
const PROMO_US = /\bus\b/;
/** Verbs that only ever ask something of a reader: enough on their own in a short sentence ("Subscribe today."). */
const PROMO_ONLY = /^(?:please\s+)?(?:subscribe|donate|unsubscribe)\b/i;

/** Whether a sentence (outside quotation marks) is a publication's call to action: see the note above. */
function isPromo(sentence: string, quoted: boolean): boolean {
  if (quoted || /["“”]/.test(sentence)) return false;
  const folded = foldQuotes(sentence).trim();
  const count = words(folded).length;
  if (count > 30) return false;
  // Reported speech is the story's, whatever its verbs.
  if (/\b(?:said|says|told|according to)\b/i.test(folded)) return false;
  if (PROMO_ONLY.test(folded) && count <= 8) return true;
  return PROMO_OPENING.test(folded) && (PROMO_TARGET.test(folded) || PROMO_US.test(folded));
}

/** For each span, whether it starts inside a quotation opened earlier in the paragraph. */
function quotedAtStart(text: string, spans: Span[]): boolean[] {
  const out: boolean[] = [];
  let depth = 0;
  let pos = 0;
  for (const span of spans) {
    for (; pos < span.start; pos++) {
      const c = text[pos];
      if (c === "“") depth++;
      else if (c === "”") depth = Math.max(0, depth - 1);
      else if (c === '"') depth = depth > 0 ? depth - 1 : 1;
    }
    out.push(depth > 0);
  }
  return out;
}

function cutSpan(text: string, span: Span): string {
  return `${text.slice(0, span.start).trimEnd()} ${text.slice(span.end).trimStart()}`.trim();
}

// ---------------------------------------------------------------- the cleaner, as named passes

/** What the passes share: the clipping's lines and their verdicts, then its paragraphs, and what was removed. */
interface Clipping {
  opts: CleanOptions;
  /** Non-empty lines, whitespace normalised, with their file line numbers. */
  lines: Line[];
  /** The debris kind each line was recognised as, by index into `lines`. */
  kinds: (DebrisKind | undefined)[];
  /** Index of the first line after the masthead and headline. */
  start: number;
  title?: string;
  /** The kept text, once `dropDebris` has run. */
  paragraphs: Line[];
  removals: (Removal & { col: number })[];
  keep: { raw: string; key: string; used: boolean }[];
  whitespaceFixes: number;
  unmatchedRemove: string[];
}

type Pass = (c: Clipping) => void;

/** Records a removal unless a `keep` override protects it; returns whether the text goes. */
function take(c: Clipping, line: number, kind: DebrisKind, text: string, col = 0): boolean {
  const key = comparable(text);
  const keepers = c.keep.filter((k) => k.key !== "" && key.includes(k.key));
  if (keepers.length > 0) {
    for (const k of keepers) k.used = true;
    return false;
  }
  c.removals.push({ line, kind, text, col });
  return true;
}

/** Masthead and headline: the headline is the first real line; anything before a known title is masthead. */
const mastheadAndHeadline: Pass = (c) => {
  const { lines, kinds, opts } = c;
  const titleKey = opts.title ? comparable(opts.title) : undefined;
  const titleAt = titleKey === undefined ? -1 : lines.slice(0, 4).findIndex((l) => comparable(l.text) === titleKey);
  if (titleAt >= 0) {
    for (let i = 0; i < titleAt; i++) kinds[i] = "masthead";
    kinds[titleAt] = "headline";
    c.start = titleAt + 1;
    return;
  }
  const first = lines[0];
  if (first && lines.length > 1 && isMasthead(first.text, opts.publisher)) {
    kinds[0] = "masthead";
    c.start = 1;
  }
  const headline = lines[c.start];
  if (headline && titleKey === undefined) {
    c.title = headline.text;
    kinds[c.start] = "headline";
    c.start++;
  } else if (headline && isHeadlineShaped(headline.text)) {
    // A title was given but the clipped headline differs from it (an edited title): still the headline.
    kinds[c.start] = "headline";
    c.start++;
  }
};

/** Line debris: related links, footers, contact lines, captions. Lines before the headline may be captions too. */
const lineDebris: Pass = (c) => {
  const { lines, kinds, start, opts } = c;
  const lastPunctuated = lines.findLastIndex((l) => TERMINAL.test(l.text));
  for (let i = 0; i < lines.length; i++) {
    const { text } = lines[i] as Line;
    if (kinds[i] === "headline" || (i >= start && kinds[i] !== undefined)) continue;
    let kind: DebrisKind | undefined;
    if (isBracketedOrLabelledLink(text)) kind = "related";
    else if (isFooter(text)) kind = "footer";
    else if (isContact(text, opts.byline)) kind = "contact";
    else if (captionBody(text) !== undefined) kind = "caption";
    else if (i >= start && looksLikeHeadline(text)) kind = "related";
    else if (i > lastPunctuated && !TERMINAL.test(text) && words(text).length <= 6) kind = "footer";
    if (kind) kinds[i] = kind;
  }
};

/** A caption is often clipped twice, once without its credit: the uncredited twin next to it goes too. */
const captionTwins: Pass = (c) => {
  const { lines, kinds } = c;
  for (let i = 0; i < lines.length; i++) {
    if (kinds[i] !== "caption") continue;
    const bodyKey = comparable(captionBody((lines[i] as Line).text) ?? "");
    if (bodyKey === "") continue;
    for (const j of [i - 1, i + 1]) {
      const twin = lines[j];
      if (twin && kinds[j] === undefined && comparable(twin.text) === bodyKey) kinds[j] = "caption";
    }
  }
};

/** Removes the lines the passes above marked (unless kept), leaving the paragraphs. */
const dropDebris: Pass = (c) => {
  c.paragraphs = [];
  c.lines.forEach((l, i) => {
    const kind = c.kinds[i];
    if (kind && take(c, l.line, kind, l.text)) return;
    c.paragraphs.push({ ...l });
  });
};

/** A dateline prefix on the lede ("WASHINGTON — "); the sentence after it stays. */
const dateline: Pass = (c) => {
  const lede = c.paragraphs[0];
  const prefix = lede ? datelinePrefix(lede.text) : undefined;
  if (lede && prefix && prefix.length < lede.text.length && take(c, lede.line, "dateline", prefix.trim())) {
    lede.text = lede.text.slice(prefix.length);
  }
};

/**
 * Takes out, as `kind`, each sentence of each paragraph that `is` picks (given whether it starts inside a quotation),
 * and drops a paragraph left empty. Sentences go last to first, so the spans of those before stay true.
 */
function dropSentences(c: Clipping, kind: DebrisKind, is: (sentence: string, quoted: boolean) => boolean): void {
  c.paragraphs = c.paragraphs.filter((p) => {
    const spans = sentenceSpans(p.text);
    const quoted = quotedAtStart(p.text, spans);
    for (let k = spans.length - 1; k >= 0; k--) {
      const span = spans[k] as Span;
      const sentence = p.text.slice(span.start, span.end).trim();
      if (is(sentence, quoted[k] ?? false) && take(c, p.line, kind, sentence, span.start))
        p.text = cutSpan(p.text, span);
    }
    return p.text !== "";
  });
}

/** A publication's calls to action, pasted into or after a paragraph (isPromo); before the stray-sentence pass. */
const promos: Pass = (c) => dropSentences(c, "promo", isPromo);

/** Sentences that do not belong to the article, judged against the vocabulary of the rest of it. */
const straySentences: Pass = (c) => {
  const stemCounts = new Map<string, number>();
  for (const p of c.paragraphs) for (const s of contentStems(p.text)) stemCounts.set(s, (stemCounts.get(s) ?? 0) + 1);
  dropSentences(c, "stray-sentence", (sentence, quoted) => {
    const own = contentStems(sentence);
    const shared = (s: string) => (stemCounts.get(s) ?? 0) > own.filter((o) => o === s).length;
    return isStraySentence(sentence, quoted, shared);
  });
};

/** `remove` overrides: whole sentences when the entry is sentence-aligned inside a longer paragraph, else the paragraph. */
const removeOverrides: Pass = (c) => {
  for (const entry of c.opts.remove ?? []) {
    const key = foldQuotes(normaliseWhitespace(entry));
    let hit = false;
    if (key !== "") {
      c.paragraphs = c.paragraphs.filter((p) => {
        const at = foldQuotes(p.text).indexOf(key);
        if (at < 0) return true;
        hit = true;
        const spans = sentenceSpans(p.text);
        // An entry typed without its closing full stop or quote still names whole sentences.
        const closing = spans.find(
          (s) => s.end >= at + key.length && /^[.!?…”"’)\]]*$/.test(p.text.slice(at + key.length, s.end)),
        );
        const end = closing?.end ?? at + key.length;
        const aligned = closing !== undefined && spans.some((s) => s.start === at);
        if (aligned && key.length < p.text.length) {
          c.removals.push({ line: p.line, kind: "override", text: p.text.slice(at, end), col: at });
          p.text = cutSpan(p.text, { start: at, end });
          return true;
        }
        c.removals.push({ line: p.line, kind: "override", text: p.text, col: 0 });
        return false;
      });
    }
    if (!hit) c.unmatchedRemove.push(entry);
  }
};

/** The passes, in order: each reads what the earlier ones decided. */
const PASSES: readonly Pass[] = [
  mastheadAndHeadline,
  lineDebris,
  captionTwins,
  dropDebris,
  dateline,
  promos,
  straySentences,
  removeOverrides,
];

/** A clipping's body as the passes start from it: lines with whitespace normalised, nothing judged yet. */
function clippingOf(body: string, opts: CleanOptions): Clipping {
  let whitespaceFixes = 0;
  const lines: Line[] = [];
  body.split(/\r?\n/).forEach((raw, i) => {
    const text = normaliseWhitespace(raw);
    if (text !== raw) whitespaceFixes++;
    if (text !== "") lines.push({ line: opts.firstLine + i, text });
  });
  return {
    opts,
    lines,
    kinds: lines.map(() => undefined),
    start: 0,
    paragraphs: [],
    removals: [],
    keep: (opts.keep ?? []).map((k) => ({ raw: k, key: comparable(k), used: false })),
    whitespaceFixes,
    unmatchedRemove: [],
  };
}

export function cleanClipping(body: string, opts: CleanOptions): CleanResult {
  const c = clippingOf(body, opts);
  for (const pass of PASSES) pass(c);
  c.removals.sort((a, b) => a.line - b.line || a.col - b.col);
  const result: CleanResult = {
    paragraphs: c.paragraphs.map((p) => p.text),
    removals: c.removals.map(({ line, kind, text }) => ({ line, kind, text })),
    whitespaceFixes: c.whitespaceFixes,
    unmatched: { keep: c.keep.filter((k) => !k.used).map((k) => k.raw), remove: c.unmatchedRemove },
  };
  if (c.title !== undefined) result.title = c.title;
  return result;
}
