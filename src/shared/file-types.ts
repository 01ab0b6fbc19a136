// The media type a file kept in content/ is served with, by its extension: what blogs keep beside their posts
// (https://www.iana.org/assignments/media-types). Text types carry charset=utf-8, as Dispatch's own documents do.

const TYPES: Record<string, string> = {
  avif: "image/avif",
  bmp: "image/bmp",
  gif: "image/gif",
  ico: "image/x-icon",
  jpeg: "image/jpeg",
  jpg: "image/jpeg",
  png: "image/png",
  svg: "image/svg+xml",
  webp: "image/webp",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  ogg: "audio/ogg",
  wav: "audio/wav",
  mp4: "video/mp4",
  webm: "video/webm",
  pdf: "application/pdf",
  zip: "application/zip",
  gz: "application/gzip",
  epub: "application/epub+zip",
  woff: "font/woff",
  woff2: "font/woff2",
  ttf: "font/ttf",
  otf: "font/otf",
  json: "application/json",
  xml: "application/xml; charset=utf-8",
  css: "text/css; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  // An HTML file with no front matter is a fragment a post included, shown as its source: served as a page from the
  // site's own origin it could redirect readers elsewhere (a meta refresh) or pose as the site.
  html: "text/plain; charset=utf-8",
  htm: "text/plain; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  md: "text/plain; charset=utf-8",
};

/** Source code and anything else without a type of its own is shown as text when it is text, else downloaded. */
const TEXT_EXTENSIONS = /^(?:c|cc|cpp|go|h|java|js|mjs|ts|py|rb|rs|sh|sql|toml|ya?ml|ini|conf|log|diff|patch)$/;

/** The type `path` is served with. */
export function fileType(path: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? "";
  return TYPES[ext] ?? (TEXT_EXTENSIONS.test(ext) ? "text/plain; charset=utf-8" : "application/octet-stream");
}
