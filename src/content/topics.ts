// Topics: the front matter's, normalised to slugs, or derived from the text with the site's vocabulary.
import type { Topic } from "../shared/article.js";
import type { SiteConfig } from "../shared/site.js";
import { slugify } from "./derive.js";

/** A derived topic needs this many keyword hits (a title hit counts 3): one passing mention is not a topic. */
const MIN_TOPIC_SCORE = 3;
/** At most this many derived topics, the strongest first. */
const MAX_DERIVED_TOPICS = 5;

function topicLabel(site: SiteConfig, slug: string): string {
  const known = site.topics[slug]?.label;
  if (known) return known;
  const words = slug.split("-");
  return words.map((w, i) => (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w)).join(" ");
}

/** Front-matter topics ("United States", "syria") to unique slugs, in the order given. */
export function normalizeTopics(site: SiteConfig, given: string[]): Topic[] {
  const slugs = [...new Set(given.map(slugify).filter(Boolean))];
  return slugs.map((slug) => ({ slug, label: topicLabel(site, slug) }));
}

// A keyword's pattern, compiled once per build rather than once per article.
const patterns = new Map<string, RegExp>();

function countOccurrences(haystack: string, phrase: string): number {
  let re = patterns.get(phrase);
  if (!re) {
    const escaped = phrase.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    // Word boundaries that also work for phrases ending in punctuation, such as "u.s.".
    re = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "gu");
    patterns.set(phrase, re);
  }
  return haystack.match(re)?.length ?? 0;
}

/**
 * Derives topics for an article whose front matter gives none. Each vocabulary topic scores the hits of its keywords
 * (case-insensitive, whole words): 3 per hit in the title, 1 per hit in the body. Topics scoring at least
 * MIN_TOPIC_SCORE are kept, highest score first, ties in vocabulary order, at most MAX_DERIVED_TOPICS. When none
 * qualifies the article has no topic: it is in the site's feeds and under "Other articles" in the digest.
 */
export function deriveTopics(site: SiteConfig, title: string, body: string): Topic[] {
  const t = title.toLowerCase();
  const b = body.toLowerCase();
  const scored = Object.entries(site.topics)
    .map(([slug, { keywords }], order) => ({
      slug,
      order,
      score: keywords.reduce((sum, k) => sum + 3 * countOccurrences(t, k) + countOccurrences(b, k), 0),
    }))
    .filter((s) => s.score >= MIN_TOPIC_SCORE)
    .sort((x, y) => y.score - x.score || x.order - y.order)
    .slice(0, MAX_DERIVED_TOPICS);
  return scored.map(({ slug }) => ({ slug, label: topicLabel(site, slug) }));
}
