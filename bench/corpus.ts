// A synthetic newsroom archive for the bench, the same bytes for the same size: ~900-word Markdown articles, each
// filed under 1–4 of 40 topics, with bylines and publishers, spread over years as a daily desk publishes. No `url`:
// Hugo, which the bench runs on the same files, reserves that field for the page's own address.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Topic slugs the corpus files articles under (front-matter topics: no vocabulary needed). */
export const CORPUS_TOPICS = [
  "politics",
  "economy",
  "business",
  "markets",
  "technology",
  "science",
  "health",
  "climate",
  "energy",
  "education",
  "europe",
  "asia",
  "africa",
  "americas",
  "middle-east",
  "russia",
  "china",
  "india",
  "united-states",
  "united-kingdom",
  "defence",
  "diplomacy",
  "elections",
  "courts",
  "crime",
  "immigration",
  "labour",
  "housing",
  "transport",
  "media",
  "culture",
  "books",
  "film",
  "music",
  "sport",
  "football",
  "tennis",
  "travel",
  "food",
  "obituaries",
] as const;

const PUBLISHERS = ["The Daily Ledger", "Northern Post", "The Evening Courier", "Harbour Times", "Capital Wire"];
const FIRST = [
  "Anna",
  "Ben",
  "Chloe",
  "David",
  "Elena",
  "Farid",
  "Grace",
  "Hugo",
  "Ines",
  "Jonas",
  "Kemi",
  "Lars",
  "Maya",
  "Nikhil",
  "Olga",
  "Pablo",
  "Quinn",
  "Rosa",
  "Samir",
  "Tara",
  "Umar",
  "Vera",
  "Wen",
  "Yusuf",
  "Zoe",
];
const LAST = [
  "Adler",
  "Brooks",
  "Castro",
  "Dimitrov",
  "Eriksen",
  "Fischer",
  "Garcia",
  "Haddad",
  "Ivanova",
  "Jensen",
  "Khan",
  "Lindqvist",
  "Moreau",
  "Novak",
  "Okafor",
  "Petrov",
  "Quist",
  "Rossi",
  "Sato",
  "Tanaka",
];
const WORDS = (
  "the a of to and in that for on with as by at from officials said government minister report city year people " +
  "new plan week market court police council public state country region data policy budget vote party leader " +
  "talks agreement deal crisis growth rate prices workers union company board shares investors energy water " +
  "power climate school hospital patients study research team season match league club fans film festival book " +
  "author museum night morning spokesman statement according interview analysts expected announced rejected " +
  "warned agreed confirmed denied reported planned launched opened closed rose fell increased cut raised " +
  "local national foreign economic political military social cultural early late major small large long short"
).split(" ");

/** A small deterministic PRNG (mulberry32), so the corpus is the same bytes for the same size. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Articles a day: a daily desk; larger archives span up to ten years, as in the scale issue. */
export function spanDays(count: number): number {
  return Math.min(3650, Math.max(365, Math.ceil(count / 10)));
}

const START = Date.UTC(2012, 0, 2, 6, 0, 0);

function sentence(rnd: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rnd() * WORDS.length)] as string);
  const s = out.join(" ");
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
}

/** The article numbered `i` of a corpus of `count`: its file name and Markdown source. */
export function corpusArticle(i: number, count: number): { name: string; source: string } {
  const rnd = random(i * 2654435761 + 17);
  const days = spanDays(count);
  // Evenly spread with a time of day, so no two articles share an instant.
  const instant = START + Math.floor((i * days * 86_400_000) / count) + (i % 97) * 1000;
  const iso = new Date(instant).toISOString().replace(/\.\d{3}Z$/, "Z");
  const date = iso.slice(0, 10);
  const topicCount = 1 + Math.floor(rnd() * 4);
  const topics = new Set<string>();
  while (topics.size < topicCount) topics.add(CORPUS_TOPICS[Math.floor(rnd() * CORPUS_TOPICS.length)] as string);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)] as T;
  const author = () => `${pick(FIRST)} ${pick(LAST)}`;
  const byline = rnd() < 0.3 ? `${author()} and ${author()}` : author();
  const title = sentence(rnd, 6 + Math.floor(rnd() * 6)).slice(0, -1);
  const slug = `story-${String(i).padStart(6, "0")}`;
  const body: string[] = [];
  let words = 0;
  let paragraph = 0;
  while (words < 900) {
    if (paragraph > 0 && paragraph % 5 === 0) body.push(`## ${sentence(rnd, 4).slice(0, -1)}`);
    const sentences: string[] = [];
    for (let k = 0; k < 3 + Math.floor(rnd() * 3); k++) {
      const n = 10 + Math.floor(rnd() * 15);
      sentences.push(sentence(rnd, n));
      words += n;
    }
    if (paragraph === 2) sentences.push(`See the [full report](https://example.org/reports/${slug}) for *details*.`);
    body.push(sentences.join(" "));
    paragraph++;
  }
  const source = [
    "---",
    `title: ${JSON.stringify(title)}`,
    `date: ${iso}`,
    `publisher: ${pick(PUBLISHERS)}`,
    `byline: ${byline}`,
    `topics: [${[...topics].join(", ")}]`,
    "---",
    "",
    body.join("\n\n"),
    "",
  ].join("\n");
  return { name: `${date}-${slug}.md`, source };
}

/** Writes a corpus of `count` articles into `dir`. */
export async function writeCorpus(dir: string, count: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  const batch = 256;
  for (let i = 0; i < count; i += batch) {
    const writes: Promise<void>[] = [];
    for (let j = i; j < Math.min(count, i + batch); j++) {
      const { name, source } = corpusArticle(j, count);
      writes.push(writeFile(join(dir, name), source));
    }
    await Promise.all(writes);
  }
}
