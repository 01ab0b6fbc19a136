// One content file through the build: read and checked, its page and feed entry rendered and stored. Runs in a worker
// thread on large builds (article-worker.ts), in the build's own thread on small ones.

import { type ReadOne, readArticle } from "../content/article.js";
import { articleEntry } from "../render/entries.js";
import { renderArticlePage } from "../render/html/article.js";
import type { ArticleSummary } from "../shared/article.js";
import type { SiteConfig } from "../shared/site.js";
import { contentHashSync } from "./hash.js";
import type { Ref, ValueStore } from "./value-store.js";

/**
 * What the build keeps of one file: what reading it gave (its checks, what the checks across files need, why it was
 * left out), its summary, and where its page and feed entry are stored.
 */
export interface FileResult extends Omit<ReadOne, "article"> {
  file: string;
  summary?: ArticleSummary;
  /** A hash of the summary: what stands for the article in the build's memo keys. */
  summaryHash?: string;
  /** The article page's bytes and the feed entry's (FeedEntry JSON with the full content) in the value store. */
  page?: Ref;
  entry?: Ref;
}

export interface JobContext {
  site: SiteConfig;
  store: ValueStore;
  /** content/ relative to the project, with a trailing slash: what relative links in a body are resolved against. */
  contentPrefix: string;
}

export async function processFile(ctx: JobContext, file: string, bytes: Uint8Array): Promise<FileResult> {
  const read = readArticle(ctx.site, file, bytes, ctx.contentPrefix);
  const { article, ...rest } = read;
  const result: FileResult = { file, ...rest };
  if (!article) return result;
  const { html: _html, ...summary } = article;
  result.summary = summary;
  result.summaryHash = contentHashSync(JSON.stringify(summary));
  result.page = ctx.store.putCompressed(renderArticlePage(ctx.site, article));
  result.entry = ctx.store.put(JSON.stringify(articleEntry(ctx.site, article)));
  return result;
}
