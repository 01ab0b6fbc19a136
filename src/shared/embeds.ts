// The videos an article may embed: YouTube, through youtube-nocookie.com (no cookie until the reader plays it), and
// Vimeo's player. Pages frame only these (their CSP's frame-src); feeds and the email carry a link to the video
// instead, since feed readers drop frames.

/** What the pages' Content-Security-Policy lets them frame. */
export const EMBED_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"] as const;

const YOUTUBE_ID = /^[\w-]{6,20}$/;
const VIMEO_ID = /^\d{4,12}$/;

/** The video's id and where it is hosted, from any of its addresses (watch, embed, short); undefined otherwise. */
function videoOf(url: string): { host: "youtube" | "vimeo"; id: string } | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const host = u.hostname.replace(/^www\.|^m\./, "");
  const parts = u.pathname.split("/").filter(Boolean);
  let id: string | undefined;
  if (host === "youtube.com" || host === "youtube-nocookie.com")
    id = parts[0] === "watch" ? (u.searchParams.get("v") ?? undefined) : parts[0] === "embed" ? parts[1] : undefined;
  else if (host === "youtu.be") id = parts[0];
  if (id !== undefined) return YOUTUBE_ID.test(id) ? { host: "youtube", id } : undefined;
  if (host === "vimeo.com" || host === "player.vimeo.com") {
    const vimeo = parts[0] === "video" ? parts[1] : parts[0];
    return vimeo && VIMEO_ID.test(vimeo) ? { host: "vimeo", id: vimeo } : undefined;
  }
  return undefined;
}

/** The address to frame for a YouTube or Vimeo video, or undefined for anything else. */
export function embedUrl(url: string): string | undefined {
  const v = videoOf(url);
  if (!v) return undefined;
  return v.host === "youtube" ? `${EMBED_ORIGINS[0]}/embed/${v.id}` : `${EMBED_ORIGINS[1]}/video/${v.id}`;
}

/** The video's own page, for a link where it cannot be framed; undefined when `url` is no video this allows. */
export function watchUrl(url: string): string | undefined {
  const v = videoOf(url);
  if (!v) return undefined;
  return v.host === "youtube" ? `https://www.youtube.com/watch?v=${v.id}` : `https://vimeo.com/${v.id}`;
}
