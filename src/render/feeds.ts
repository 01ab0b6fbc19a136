// A FeedDocument as Atom 1.0, RSS 2.0 or JSON Feed 1.1 bytes: the renderers every feed (site, topic, digest) goes through.
import { FEED_MEDIA_TYPES, type FeedFormat } from "../shared/paths.js";
import { atom1, jsonFeed11, rss2 } from "./feed-adapter.js";
import type { FeedDocument } from "./feed-types.js";
import type { RenderedFile } from "./rendered.js";

/** Atom 1.0 (RFC 4287), with xml:lang, rel=via and the RFC 5005 links. */
export const renderAtom = (doc: FeedDocument): string => atom1(doc);

/** RSS 2.0 with dc:creator, content:encoded and atom:link (self, hub, RFC 5005). */
export const renderRss = (doc: FeedDocument): string => rss2(doc);

/** JSON Feed 1.1. */
export const renderJsonFeed = (doc: FeedDocument): string => jsonFeed11(doc);

const renderers: Record<FeedFormat, (doc: FeedDocument) => string> = {
  atom: renderAtom,
  rss: renderRss,
  json: renderJsonFeed,
};

export function renderFeed(format: FeedFormat, doc: FeedDocument): string {
  return renderers[format](doc);
}

/** A feed document rendered for KV: its bytes, media type and the newest entry's instant as Last-Modified. */
export function renderFeedFile(path: string, format: FeedFormat, doc: FeedDocument): RenderedFile {
  return { path, contentType: FEED_MEDIA_TYPES[format], body: renderFeed(format, doc) };
}
