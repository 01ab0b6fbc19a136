// The documents the build renders from data alone, as tasks a worker thread can take: each names a renderer and
// carries its inputs, so the build can spread them over every core (pool.ts) or run them in its own thread.

import type { ArchivePage } from "../render/archive-plan.js";
import { digestFeedDocument } from "../render/digest/digest-feed.js";
import { renderDigestEmail } from "../render/digest/email.js";
import { renderDigestPage } from "../render/digest/page.js";
import { renderDigestText } from "../render/digest/text.js";
import type { DigestPlan } from "../render/digest/week-plan.js";
import { summaryEntry } from "../render/entries.js";
import { renderFeed } from "../render/feed-adapter.js";
import { archiveDocument, type NamedScope, subscriptionDocument } from "../render/feed-documents.js";
import type { FeedEntry } from "../render/feed-types.js";
import { renderAuthorPage } from "../render/html/authors.js";
import { renderTopicPage } from "../render/html/topic.js";
import type { ArticleSummary, AuthorCount, Topic, TopicCount } from "../shared/article.js";
import type { FeedFormat } from "../shared/routes.js";
import type { SiteConfig } from "../shared/site.js";

export type RenderTask =
  | { kind: "topic-page"; topic: TopicCount; articles: ArticleSummary[] }
  | { kind: "author-page"; author: AuthorCount; articles: ArticleSummary[] }
  | {
      kind: "subscription";
      named: NamedScope;
      format: FeedFormat;
      /** The newest entries, as the JSON the value store holds. */
      entries: string[];
      total: number;
      newestArchive?: ArchivePage;
      unarchived: number;
    }
  | {
      kind: "archive";
      named: NamedScope;
      format: FeedFormat;
      page: ArchivePage;
      items: ArticleSummary[];
      previous?: ArchivePage;
      next?: ArchivePage;
    }
  /** `plan` holds the week and its neighbours: all a week's page shows. */
  | { kind: "digest-week"; form: "page" | "email" | "text"; plan: DigestPlan; week: string }
  /** The feed's entries, as the JSON the value store holds. */
  | { kind: "digest-feed"; format: FeedFormat; topic?: Topic; entries: string[] };

/** A task's document. */
export function runTask(site: SiteConfig, task: RenderTask): string {
  switch (task.kind) {
    case "topic-page":
      return renderTopicPage(site, task.topic, task.articles);
    case "author-page":
      return renderAuthorPage(site, task.author, task.articles);
    case "subscription":
      return renderFeed(
        task.format,
        subscriptionDocument({
          site,
          named: task.named,
          format: task.format,
          entries: task.entries.map((e) => JSON.parse(e) as FeedEntry),
          total: task.total,
          ...(task.newestArchive ? { newestArchive: task.newestArchive } : {}),
          unarchived: task.unarchived,
        }),
      );
    case "archive":
      return renderFeed(
        task.format,
        archiveDocument({
          site,
          named: task.named,
          format: task.format,
          page: task.page,
          entries: task.items.map((s) => summaryEntry(site, s)),
          ...(task.previous ? { previous: task.previous } : {}),
          ...(task.next ? { next: task.next } : {}),
        }),
      );
    case "digest-week": {
      const week = task.plan.weeks.find((w) => w.name === task.week);
      if (!week) throw new Error(`digest task: no week ${task.week} in its plan`);
      const render = { page: renderDigestPage, email: renderDigestEmail, text: renderDigestText }[task.form];
      return render(task.plan, week);
    }
    case "digest-feed":
      return renderFeed(
        task.format,
        digestFeedDocument(
          site,
          task.topic,
          task.format,
          task.entries.map((e) => JSON.parse(e) as FeedEntry),
        ),
      );
  }
}
