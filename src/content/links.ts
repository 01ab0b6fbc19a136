// Where a file in content/ is served, and an article's relative links and pictures made paths on the site: the page is
// at /articles/{slug}, not where its source sat, so `photo.png` beside `posts/my-post/index.md` must become
// `/articles/my-post/photo.png` before a browser or a feed reader resolves it (RFC 3986 §5.2).
import { posix } from "node:path";
import { paths } from "../shared/routes.js";
import { mapUrlAttributes } from "../shared/url-attributes.js";
import { slugFromFileName } from "./derive.js";

/** Folders whose contents are served from the site's root, as Hugo (`static/`) and Next.js (`public/`) serve theirs. */
const ROOT_FOLDERS = new Set(["static", "public"]);

const ARTICLE_SOURCE = /\.(?:md|markdown|mdx|txt)$/i;
const BUNDLE_INDEX = /^index\.(?:md|markdown|mdx)$/i;

/**
 * Where the file at `rel` (relative to content/, `/`-separated) is served: under `static/` or `public/` at the root,
 * in a page bundle (a folder of `bundles`, by folder → its article's slug) beside its article's page, else at its path.
 */
export function servedPathOf(rel: string, bundles: ReadonlyMap<string, string>): string {
  const [first, ...rest] = rel.split("/");
  if (first && ROOT_FOLDERS.has(first) && rest.length > 0) return `/${rest.join("/")}`;
  for (let dir = posix.dirname(rel); dir !== "."; dir = posix.dirname(dir)) {
    const slug = bundles.get(dir);
    if (slug) return `${paths.article(slug)}/${rel.slice(dir.length + 1)}`;
  }
  return `/${rel}`;
}

/** An article's source: its path relative to content/, and its slug when it is a page bundle's index. */
export interface LinkBase {
  rel: string;
  bundleSlug?: string;
}

/**
 * `url` as a path on the site when it is relative (`photo.png`, `../assets/a.pdf`, `other-post.md#part`); anything
 * else (absolute, root-relative, a fragment) as it is. A path that climbs out of content/ (`../doc/a.jpg` from a post
 * whose old site sat one folder down) is taken from the site's root, as the old site's address would have been.
 */
export function resolveUrl(url: string, base: LinkBase): string {
  if (url === "" || /^(?:[a-z][a-z0-9+.-]*:|\/|#|\?)/i.test(url)) return url;
  const cut = url.search(/[?#]/);
  const [path, rest] = cut < 0 ? [url, ""] : [url.slice(0, cut), url.slice(cut)];
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {}
  const target = posix.normalize(posix.join(posix.dirname(base.rel), decoded));
  if (target === ".." || target.startsWith("../"))
    return `${encodePath(`/${target.replace(/^(?:\.\.(?:\/|$))+/, "")}`)}${rest}`;
  const bundleDir = base.bundleSlug ? posix.dirname(base.rel) : undefined;
  if (ARTICLE_SOURCE.test(target)) {
    const name = posix.basename(target);
    const folder = posix.basename(posix.dirname(target));
    const slug = slugFromFileName(BUNDLE_INDEX.test(name) && folder !== "." ? folder : name);
    return slug ? `${paths.article(slug)}${rest}` : url;
  }
  const bundles = new Map(bundleDir && base.bundleSlug ? [[bundleDir, base.bundleSlug]] : []);
  return `${encodePath(servedPathOf(target, bundles))}${rest}`;
}

/** A path as a URL path: each segment percent-encoded, so a file named `a#1.png` or `a?.png` is still that file. */
const encodePath = (path: string) => path.split("/").map(encodeURIComponent).join("/");

/**
 * Sanitised article HTML with every relative href and src resolved (see `resolveUrl`), and the site paths it links to
 * as written and as resolved, for the build's check of links that go nowhere.
 */
export function resolveLinks(html: string, base: LinkBase): { html: string; links: [written: string, path: string][] } {
  const links: [string, string][] = [];
  const out = mapUrlAttributes(html, (written) => {
    const resolved = resolveUrl(written, base);
    if (resolved.startsWith("/") && !resolved.startsWith("//")) links.push([written, resolved]);
    return resolved;
  });
  return { html: out, links };
}
