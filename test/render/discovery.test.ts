// What readers, search engines and link previews find: share cards and schema.org data on article and digest pages,
// entry images in pages and the digest, the sitemap and robots.txt, and /feeds, the page subscribe links lead to.
// Built by the real build from articles the seeds lack (images, several authors), parsed with a real HTML parser.
import { createRequire } from "node:module";
import type { Element } from "domhandler";
import { findAll, getAttributeValue, textContent } from "domutils";
import { parseDocument } from "htmlparser2";
import { beforeAll, describe, expect, it } from "vitest";
import type { ArticleSpec } from "../support/articles.js";
import { type BuiltSite, buildSite } from "../support/build.js";
import { checkXml } from "./conformance.js";

const ORIGIN = "https://dispatch.example.com";
const specs: ArticleSpec[] = [
  {
    slug: "warships",
    title: "Missiles fired from warships",
    date: "2018-07-16T09:30:00-04:00",
    publisher: "The Daily Ledger",
    byline: "Anna Adler and Ben Brooks",
    url: "https://ledger.example/warships",
    image: "/images/warships.jpg",
    imageAlt: "Two warships at sea",
    topics: ["russia", "syria"],
    wordCount: 600,
  },
  {
    slug: "talks",
    title: "Talks resume in Geneva",
    date: "2018-07-17",
    publisher: "Capital Wire",
    topics: ["syria"],
    body: "Delegates met again on Tuesday. ![The conference hall](https://images.example/hall.png) They agreed on little.",
  },
  { slug: "older", title: "An older report", date: "2017-03-02", publisher: "Capital Wire", topics: ["russia"] },
];

let site: BuiltSite;
beforeAll(async () => {
  site = await buildSite(specs);
});

const page = (path: string) => parseDocument(site.text(path));
const meta = (doc: ReturnType<typeof parseDocument>, key: string): string[] =>
  findAll(
    (e: Element) => e.name === "meta" && (e.attribs.property === key || e.attribs.name === key),
    doc.children,
  ).map((e) => getAttributeValue(e, "content") ?? "");
const jsonLd = (doc: ReturnType<typeof parseDocument>) =>
  findAll((e: Element) => e.name === "script" && e.attribs.type === "application/ld+json", doc.children).map(
    (e) => JSON.parse(textContent(e)) as Record<string, unknown>,
  );

// schema.org's vocabulary (schemaorg-jsonld): every type and property, with domains and ranges.
const vocabulary = createRequire(import.meta.url)("schemaorg-jsonld/schema.json") as {
  "@id": string;
  "@type": string[];
  [k: string]: unknown;
}[];
const S = "http://schema.org/";
const RDFS = "http://www.w3.org/2000/01/rdf-schema#";
const terms = new Map(vocabulary.map((t) => [t["@id"].slice(S.length), t]));
const ids = (t: { [k: string]: unknown } | undefined, key: string) =>
  ((t?.[key] as { "@id": string }[] | undefined) ?? []).map((x) => x["@id"].slice(S.length));
/** A type and every type above it. */
function ancestors(type: string): Set<string> {
  const out = new Set<string>();
  const walk = (t: string) => {
    if (out.has(t)) return;
    out.add(t);
    for (const up of ids(terms.get(t), `${RDFS}subClassOf`)) walk(up);
  };
  walk(type);
  return out;
}
/** What is wrong with a JSON-LD node by schema.org's definitions: unknown types and properties, wrong domains or ranges. */
function schemaProblems(node: Record<string, unknown>, where = "root"): string[] {
  const type = String(node["@type"]);
  const term = terms.get(type);
  if (!term?.["@type"].includes(`${RDFS}Class`)) return [`${where}: ${type} is not a schema.org type`];
  const up = ancestors(type);
  const problems: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith("@")) continue;
    const property = terms.get(key);
    if (!property) {
      problems.push(`${where}.${key}: not a schema.org property`);
      continue;
    }
    if (!ids(property, `${S}domainIncludes`).some((d) => up.has(d)))
      problems.push(`${where}.${key}: not a property of ${type}`);
    const ranges = ids(property, `${S}rangeIncludes`);
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v === "object" && v !== null) {
        const inner = String((v as Record<string, unknown>)["@type"]);
        if (!ranges.some((r) => ancestors(inner).has(r)))
          problems.push(`${where}.${key}: a ${inner} is not in its range`);
        problems.push(...schemaProblems(v as Record<string, unknown>, `${where}.${key}`));
      } else {
        const literal = typeof v === "number" ? ["Number", "Integer"] : ["Text", "URL", "Date", "DateTime"];
        if (!ranges.some((r) => literal.includes(r) || ancestors(r).has("Text")))
          problems.push(`${where}.${key}: a ${typeof v} is not in its range (${ranges.join(", ")})`);
      }
    }
  }
  return problems;
}

describe("share cards and structured data", () => {
  it("an article page carries Open Graph, a Twitter card, its canonical URL and a NewsArticle", () => {
    const doc = page("/articles/warships");
    const url = `${ORIGIN}/articles/warships`;
    expect(meta(doc, "og:type")).toEqual(["article"]);
    expect(meta(doc, "og:title")).toEqual(["Missiles fired from warships"]);
    expect(meta(doc, "og:url")).toEqual([url]);
    expect(meta(doc, "og:site_name")).toEqual(["Dispatch"]);
    expect(meta(doc, "og:description")[0]).toMatch(/\S/);
    expect(meta(doc, "og:image")).toEqual([`${ORIGIN}/images/warships.jpg`]);
    expect(meta(doc, "og:image:alt")).toEqual(["Two warships at sea"]);
    expect(meta(doc, "article:published_time")).toEqual(["2018-07-16T09:30:00-04:00"]);
    expect(meta(doc, "article:author")).toEqual(["Anna Adler", "Ben Brooks"]);
    expect(meta(doc, "twitter:card")).toEqual(["summary_large_image"]);
    const canonical = findAll((e: Element) => e.name === "link" && e.attribs.rel === "canonical", doc.children);
    expect(canonical.map((e) => e.attribs.href)).toEqual([url]);

    const [data, ...more] = jsonLd(doc);
    expect(more).toEqual([]);
    expect(data).toMatchObject({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: "Missiles fired from warships",
      url,
      datePublished: "2018-07-16T09:30:00-04:00",
      author: [
        { "@type": "Person", name: "Anna Adler" },
        { "@type": "Person", name: "Ben Brooks" },
      ],
      publisher: { "@type": "Organization", name: "Dispatch" },
      isBasedOn: "https://ledger.example/warships",
      image: { "@type": "ImageObject", url: `${ORIGIN}/images/warships.jpg` },
    });
    expect(schemaProblems(data as Record<string, unknown>)).toEqual([]);
  });

  it("an article with no byline names its publisher as author, and one without an image has a summary card", () => {
    const doc = page("/articles/older");
    expect(meta(doc, "og:image")).toEqual([]);
    expect(meta(doc, "twitter:card")).toEqual(["summary"]);
    const [data] = jsonLd(doc);
    expect(data?.author).toEqual([{ "@type": "Organization", name: "Capital Wire" }]);
    expect(data).not.toHaveProperty("isBasedOn");
    expect(schemaProblems(data as Record<string, unknown>)).toEqual([]);
  });

  it("a digest page is a CollectionPage of its articles, its card showing the lead story's image", () => {
    const doc = page("/digest/2018-W29");
    expect(meta(doc, "og:url")).toEqual([`${ORIGIN}/digest/2018-W29`]);
    expect(meta(doc, "og:image")).toEqual([`${ORIGIN}/images/warships.jpg`]);
    const [data] = jsonLd(doc);
    expect(data?.["@type"]).toBe("CollectionPage");
    expect(((data?.hasPart ?? []) as { url: string }[]).map((p) => p.url).sort()).toEqual(
      [`${ORIGIN}/articles/talks`, `${ORIGIN}/articles/warships`].sort(),
    );
    expect(schemaProblems(data as Record<string, unknown>)).toEqual([]);
  });

  it("the validator itself catches what schema.org does not define", () => {
    expect(
      schemaProblems({ "@type": "NewsArticle", headlne: "typo", author: { "@type": "Place", name: "x" } }),
    ).toEqual(["root.headlne: not a schema.org property", "root.author: a Place is not in its range"]);
  });
});

describe("entry images", () => {
  it("the digest's lead story shows its image with its alt text, on the page and in the email", () => {
    for (const path of ["/digest/2018-W29", "/digest/2018-W29/email"]) {
      const images = findAll((e: Element) => e.name === "img", page(path).children);
      expect(
        images.map((e) => [e.attribs.src, e.attribs.alt]),
        path,
      ).toEqual([[`${ORIGIN}/images/warships.jpg`, "Two warships at sea"]]);
    }
  });

  it("a Markdown article's first image stands for it when the front matter gives none", () => {
    expect(meta(page("/articles/talks"), "og:image")).toEqual(["https://images.example/hall.png"]);
    expect(meta(page("/articles/talks"), "og:image:alt")).toEqual(["The conference hall"]);
  });
});

describe("sitemap and robots.txt", () => {
  it("robots.txt allows everything and names the sitemap", () => {
    expect(site.text("/robots.txt")).toBe(
      `# Dispatch: every page and feed here is public.\nUser-agent: *\nAllow: /\n\nSitemap: ${ORIGIN}/sitemap.xml\n`,
    );
  });

  it("the sitemap index names a file a year, and the files list every article, topic, author and digest page", async () => {
    const index = site.text("/sitemap.xml");
    expect(await checkXml(index, "sitemap.xml")).toEqual([]);
    const files = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(files).toEqual([`${ORIGIN}/sitemaps/2018.xml`, `${ORIGIN}/sitemaps/2017.xml`]);
    const urls = new Map<string, string>();
    for (const file of files) {
      const xml = site.text(new URL(file ?? "").pathname);
      expect(await checkXml(xml, "sitemap")).toEqual([]);
      expect(xml).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
      for (const m of xml.matchAll(/<url><loc>([^<]+)<\/loc><lastmod>([^<]+)<\/lastmod><\/url>/g))
        urls.set(m[1] ?? "", m[2] ?? "");
    }
    for (const path of [
      "/",
      "/topics",
      "/authors",
      "/digest",
      "/digest/archive",
      "/feeds",
      "/articles/warships",
      "/articles/talks",
      "/articles/older",
      "/topics/russia",
      "/topics/syria",
      "/authors/anna-adler",
      "/authors/capital-wire",
      "/digest/2018-W29",
      "/digest/2017-W09",
    ])
      expect(urls.has(`${ORIGIN}${path}`), path).toBe(true);
    expect(urls.get(`${ORIGIN}/articles/older`)).toBe("2017-03-02T00:00:00-05:00");
    expect(urls.get(`${ORIGIN}/topics/syria`)).toBe("2018-07-17T00:00:00-04:00");
    // Only pages: no feed, archive or digest format is listed.
    for (const u of urls.keys()) expect(u, u).not.toMatch(/\.(atom|rss|json|txt)$|\/email$/);
  });
});

describe("/feeds, where subscribe links lead", () => {
  it("explains feeds and gives every address in a read-only field to copy, with reader apps", () => {
    const doc = page("/feeds");
    const text = textContent(doc);
    expect(text).toMatch(/A feed is an address a feed reader checks/);
    const fields = findAll((e: Element) => e.name === "input", doc.children);
    const values = fields.map((e) => e.attribs.value);
    for (const path of [
      "/feed.atom",
      "/feed.rss",
      "/feed.json",
      "/digest/feed.atom",
      "/topics/syria/feed.atom",
      "/topics/russia/digest.json",
    ])
      expect(values, path).toContain(`${ORIGIN}${path}`);
    for (const f of fields) {
      expect(f.attribs.readonly, f.attribs.id).toBeDefined();
      const label = findAll((e: Element) => e.name === "label" && e.attribs.for === f.attribs.id, doc.children);
      expect(label, f.attribs.id).toHaveLength(1);
    }
    expect(text).toMatch(/NetNewsWire/);
  });

  it("pages send people to it or give the addresses themselves, and feed readers still find the feeds", () => {
    const home = findAll((e: Element) => e.name === "a", page("/").children).map((e) => e.attribs.href ?? "");
    expect(home).toContain("/feeds#feed-site-atom");
    const doc = page("/topics/syria");
    const links = findAll((e: Element) => e.name === "a", doc.children).map((e) => e.attribs.href ?? "");
    expect(links).toContain("/feeds");
    const fields = findAll((e: Element) => e.name === "input", doc.children).map((e) => e.attribs.value);
    expect(fields).toContain(`${ORIGIN}/topics/syria/feed.atom`);
    expect(fields).toContain(`${ORIGIN}/topics/syria/digest.atom`);
    for (const path of ["/", "/topics", "/topics/syria", "/articles/warships", "/digest/2018-W29", "/digest/archive"]) {
      const hrefs = findAll((e: Element) => e.name === "a", page(path).children).map((e) => e.attribs.href ?? "");
      expect(
        hrefs.filter((h) => /\.(atom|rss|json)$/.test(h)),
        path,
      ).toEqual([]);
    }
    const alternate = findAll((e: Element) => e.name === "link" && e.attribs.rel === "alternate", doc.children);
    expect(alternate.map((e) => e.attribs.href)).toContain(`${ORIGIN}/topics/syria/feed.atom`);
    const nav = findAll((e: Element) => e.name === "nav", page("/").children)[0];
    expect(findAll((e: Element) => e.name === "a", nav ? [nav] : []).map((e) => e.attribs.href)).toContain("/feeds");
  });

  it("an author's page gives its own feed addresses", () => {
    const fields = findAll((e: Element) => e.name === "input", page("/authors/anna-adler").children);
    expect(fields.map((e) => e.attribs.value)).toEqual([
      `${ORIGIN}/authors/anna-adler/feed.atom`,
      `${ORIGIN}/authors/anna-adler/feed.rss`,
      `${ORIGIN}/authors/anna-adler/feed.json`,
    ]);
  });
});
