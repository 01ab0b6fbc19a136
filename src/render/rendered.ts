// A response body rendered ahead of time (by the build, or once by the cron): what the Worker serves from KV.

export interface RenderedFile {
  /** Public path, e.g. /feed.atom or /topics/syria. */
  path: string;
  /** Media type with charset, e.g. application/atom+xml; charset=utf-8. */
  contentType: string;
  body: string;
}
