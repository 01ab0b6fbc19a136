// Synthetic corpora for the build bench: the seed articles copied N times with new dates and slugs, valid front matter.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** First synthetic date; the corpus spreads over SPAN_DAYS from here, about four years. */
const START = Date.UTC(2015, 0, 5);
const SPAN_DAYS = 4 * 365;

/** The seed files, as text, in name order. */
export async function readSeeds(contentDir: string): Promise<{ name: string; source: string }[]> {
  const names = (await readdir(contentDir)).filter((n) => n.endsWith(".txt") || n.endsWith(".md")).sort();
  return Promise.all(names.map(async (name) => ({ name, source: await readFile(join(contentDir, name), "utf8") })));
}

/**
 * Rewrites a seed's front matter with a new date and slug; the body is left alone so the cleaner does the same work
 * as on the seed. Any slug line is replaced, since duplicate slugs fail the build.
 */
function withDateAndSlug(source: string, date: string, slug: string): string {
  const lines = source.split("\n");
  const close = lines.findIndex((l, i) => i > 0 && l.trimEnd() === "---");
  if (lines[0]?.trimEnd() !== "---" || close < 0) throw new Error("seed without front matter");
  const head = lines
    .slice(1, close)
    .filter((l) => !/^(date|slug):/.test(l))
    .concat([`date: ${date}`, `slug: ${slug}`]);
  return ["---", ...head, ...lines.slice(close)].join("\n");
}

/**
 * Writes `count` articles to `dir`, seeds taken in turn. Dates are spread evenly so weeks and archives fill as in
 * life, or, with `seedDates`, each copy keeps its seed's date, so a seed's digest week holds several articles.
 */
export async function writeCorpus(
  contentDir: string,
  dir: string,
  count: number,
  { seedDates = false } = {},
): Promise<void> {
  const seeds = await readSeeds(contentDir);
  if (seeds.length === 0) throw new Error(`no seed articles in ${contentDir}`);
  await mkdir(dir, { recursive: true });
  const writes: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const seed = seeds[i % seeds.length] as { name: string; source: string };
    const day = Math.floor((i * SPAN_DAYS) / count);
    const seedDate = /^date:\s*(\S+)/m.exec(seed.source)?.[1];
    const date = seedDates && seedDate ? seedDate : new Date(START + day * 86_400_000).toISOString().slice(0, 10);
    const base = seed.name.replace(/^\d{4}-\d{2}-\d{2}-/, "").replace(/\.(txt|md)$/, "");
    const slug = `${base}-${String(i).padStart(4, "0")}`;
    const ext = seed.name.slice(seed.name.lastIndexOf("."));
    writes.push(writeFile(join(dir, `${date}-${slug}${ext}`), withDateAndSlug(seed.source, date, slug)));
  }
  await Promise.all(writes);
}
