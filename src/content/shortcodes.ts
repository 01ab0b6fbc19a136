// The shortcodes blogs use for pictures, videos and links to other posts, as the Markdown or HTML they stand for:
// Hugo's figure, youtube, vimeo, ref and relref (https://gohugo.io/content-management/shortcodes/), Jekyll's post_url
// and link (https://jekyllrb.com/docs/liquid/tags/#linking-to-posts), and the Go blog's image and video. A YouTube or Vimeo
// video becomes a frame in the page and a link in the feeds; another video, a link.
import { embedUrl } from "../shared/embeds.js";
import { escapeMarkup } from "../shared/escape.js";

/** `name="value"`, `name='value'` and `name=value` pairs, and bare words, as shortcodes write their parameters. */
function parameters(text: string): { named: Record<string, string>; positional: string[] } {
  const named: Record<string, string> = {};
  const positional: string[] = [];
  for (const m of text.matchAll(/(?:([\w-]+)=)?(?:"([^"]*)"|'([^']*)'|`([^`]*)`|([^\s"'`]+))/g)) {
    const value = m[2] ?? m[3] ?? m[4] ?? m[5] ?? "";
    if (m[1]) named[m[1]] = value;
    else positional.push(value);
  }
  return { named, positional };
}

// HTML rather than Markdown: a shortcode inside an HTML block (`<a href=…>{{image …}}</a>`) stays HTML, where Markdown
// would be shown as written.

/** A picture with its caption, as HTML the sanitiser keeps (figure, img, figcaption). */
function figure(src: string, alt: string, caption: string): string {
  const img = `<img src="${escapeMarkup(src)}" alt="${escapeMarkup(alt)}">`;
  return caption ? `<figure>${img}<figcaption>${escapeMarkup(caption)}</figcaption></figure>` : img;
}

/** A YouTube or Vimeo video as a frame (the sanitiser sandboxes it; feeds turn it into a link), anything else as a link. */
function video(url: string, site: string): string {
  const embed = embedUrl(url);
  return embed
    ? `<iframe src="${escapeMarkup(embed)}" title="Video on ${escapeMarkup(site)}"></iframe>`
    : `<a href="${escapeMarkup(url)}">Watch the video${site ? ` on ${escapeMarkup(site)}` : ""}</a>`;
}

/** Hugo's `{{< name … >}}` and `{{% name … %}}`. */
// One way to read each run of spaces (`\s` then `[^}]*`, trimmed in code): `\s+…*?\s*` took minutes on a long one.
const HUGO = /\{\{([<%])\s*(figure|youtube|vimeo|ref|relref)\s([^}]*)[>%]\}\}/g;
/** Jekyll's `{% link _posts/2016-07-26-name.md %}`: a path from the site's root (content/ here). */
const LINK = /\{%-?\s*link\s+(\S+?)\s*-?%\}/g;
/** Jekyll's `{% post_url 2010-07-21-name %}`. */
const POST_URL = /\{%-?\s*post_url\s+(\S+?)\s*-?%\}/g;
/** The Go blog's `{{image "path" 800}}` and `{{video "url"}}`. */
const GO_BLOG = /\{\{(image|video)\s+("[^"]*"[^}]*)\}\}/g;

/**
 * `line` with each shortcode it knows replaced; others are left for the template-leftover warning. `toRoot` leads from
 * the post's folder to content/ (`../../`), for the tags that name a path from the site's root.
 */
export function convertShortcodes(line: string, toRoot = ""): string {
  return line
    .replace(HUGO, (whole, _open: string, name: string, rest: string) => {
      const { named, positional } = parameters(rest.trim());
      const first = positional[0] ?? "";
      switch (name) {
        case "figure":
          return named.src ? figure(named.src, named.alt ?? named.title ?? "", named.caption ?? "") : whole;
        case "youtube": {
          const id = named.id ?? first;
          return id ? video(`https://www.youtube.com/watch?v=${encodeURIComponent(id)}`, "YouTube") : whole;
        }
        case "vimeo": {
          const id = named.id ?? first;
          return id ? video(`https://vimeo.com/${encodeURIComponent(id)}`, "Vimeo") : whole;
        }
        default:
          // ref and relref name another page's source; the build resolves a relative one to its article.
          return first || whole;
      }
    })
    .replace(POST_URL, (_, name: string) => (/\.\w+$/.test(name) ? name : `${name}.md`))
    .replace(LINK, (_, path: string) => `${toRoot}${path.replace(/^\//, "")}`)
    .replace(GO_BLOG, (whole, name: string, rest: string) => {
      const [target] = parameters(rest).positional;
      if (!target) return whole;
      return name === "image"
        ? figure(target, "", "")
        : video(target, URL.canParse(target) ? new URL(target).hostname : "");
    });
}
