// Named people, places and organisations, found by compromise's tagger and tidied (titles, possessives, duplicates).
import nlp from "compromise";

export interface Entities {
  people: string[];
  places: string[];
  organizations: string[];
}

/** At most this many names of each kind, the most mentioned first. */
const LIMIT = 8;
const HONORIFIC =
  /^(?:mr|mrs|ms|dr|gen|lt|col|maj|capt|cmdr|adm|sgt|rep|sen|gov|president|secretary|minister|general|prime minister|defense secretary|defense)\.?\s+/i;

function tidy(name: string): string {
  let s = name
    .replace(/[’']s\b/g, "")
    .replace(/[\s.,;:!?)\]"“”—–-]+$/g, "")
    .replace(/^[(["“”]+/, "")
    .replace(/\s+/g, " ")
    .trim();
  for (let prev = ""; prev !== s; ) {
    prev = s;
    s = s.replace(HONORIFIC, "");
  }
  return s.replace(/^the\s+/i, "");
}

function rank(terms: { text: string }[], minLength: number): string[] {
  const counts = new Map<string, { name: string; count: number }>();
  // "Latakia, Syria" and "Jordan, Russia" are lists or qualified places: count each part.
  for (const name of terms.flatMap(({ text }) => text.split(/,\s+/)).map(tidy)) {
    if (name.length < minLength || !/^\p{Lu}/u.test(name)) continue;
    const key = name.toLowerCase();
    const entry = counts.get(key) ?? { name, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  // "Putin" and "Vladimir V. Putin" are one person: fold a name into a longer one that ends with it.
  const entries = [...counts.values()].sort((a, b) => b.name.length - a.name.length);
  const merged: { name: string; count: number }[] = [];
  for (const e of entries) {
    const longer = merged.find((m) =>
      new RegExp(`[\\s-]${e.name.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`).test(m.name.toLowerCase()),
    );
    if (longer) longer.count += e.count;
    else merged.push({ ...e });
  }
  return merged
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .slice(0, LIMIT)
    .map((e) => e.name);
}

const NOT_A_NAME = /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|u\.s)$/i;

export function extractEntities(text: string): Entities {
  const doc = nlp(text);
  const places = rank(doc.places().json(), 3).filter((p) => !/^[A-Z]+$/.test(p));
  const keep = (n: string) => !NOT_A_NAME.test(n) && !places.includes(n);
  return {
    people: rank(doc.people().json(), 4).filter((p) => keep(p) && (p.includes(" ") || /^\p{Lu}\p{Ll}+$/u.test(p))),
    places,
    organizations: rank(doc.organizations().json(), 3).filter((o) => keep(o) && !/\s(?:al)$/.test(o)),
  };
}
