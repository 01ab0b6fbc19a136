/** @jsxImportSource hono/jsx */
// A week's digest as email-safe HTML: one 600px table, every style inline, absolute links, no <style>, script or remote resource.
import type { ArticleSummary } from "../../shared/article.js";
import { absolute, paths, SITE } from "../../shared/routes.js";
import type { SiteConfig } from "../../shared/site.js";
import { readingTime, unconfirmedNote } from "../html/format.js";
import { toDocument } from "../html/layout.js";
import { imageOf } from "../html/structured.js";
import { creditLine, originHost, sectionLabel, weekFacts } from "./parts.js";
import { type DigestPlan, type DigestWeek, digestContents } from "./week-plan.js";
import { dayLabel, weekLabel } from "./words.js";

// Mail clients drop <style> and ignore classes, so each element carries its own styles (light only: many
// clients invert colours themselves in dark mode).
const SERIF = "Georgia,'Times New Roman',serif";
const SANS = "Arial,Helvetica,sans-serif";
// Long words and URLs must wrap, or a phone shows the mail sideways: fixed table layout plus breaking in every cell.
const WRAP = "overflow-wrap:anywhere;word-break:break-word;";
const S = {
  body: "margin:0;padding:0;background-color:#f3f2ee;",
  table:
    "width:100%;max-width:600px;margin:0 auto;background-color:#ffffff;border-collapse:collapse;table-layout:fixed;",
  masthead: `${WRAP}padding:16px 24px;border-bottom:1px solid #d9d9d4;font-family:${SANS};font-size:14px;line-height:20px;color:#595959;`,
  cell: `${WRAP}padding:8px 24px;`,
  h1: `margin:16px 0 4px;font-family:${SERIF};font-size:28px;line-height:34px;font-weight:bold;color:#1b1b1b;`,
  h2: `margin:24px 0 0;padding-top:8px;border-top:2px solid #8a1c1c;font-family:${SANS};font-size:13px;line-height:18px;font-weight:bold;letter-spacing:1px;text-transform:uppercase;color:#8a1c1c;`,
  h3: `margin:8px 0 4px;font-family:${SERIF};font-size:20px;line-height:26px;font-weight:bold;color:#1b1b1b;`,
  leadH3: `margin:8px 0 4px;font-family:${SERIF};font-size:24px;line-height:30px;font-weight:bold;color:#1b1b1b;`,
  meta: `margin:0 0 8px;font-family:${SANS};font-size:13px;line-height:19px;color:#595959;`,
  text: `margin:0 0 8px;font-family:${SERIF};font-size:16px;line-height:24px;color:#1b1b1b;`,
  notice: `margin:8px 0;padding:8px 12px;background-color:#fff4e5;font-family:${SANS};font-size:14px;line-height:20px;color:#1b1b1b;`,
  link: "color:#0b4f8a;text-decoration:underline;",
  headline: "color:#1b1b1b;text-decoration:none;",
  footer: `${WRAP}padding:16px 24px 24px;border-top:1px solid #d9d9d4;font-family:${SANS};font-size:13px;line-height:19px;color:#595959;`,
};

function EmailArticle({
  article,
  origin,
  lead,
  image,
}: {
  article: ArticleSummary;
  origin: string;
  lead: boolean;
  image?: { url: string; alt: string } | undefined;
}) {
  return (
    <tr>
      <td style={S.cell}>
        {image && (
          // Mail clients ignore CSS sizing: the width attribute keeps the picture inside the 600 px column.
          <img
            src={image.url}
            alt={image.alt}
            width="552"
            style="display:block;width:100%;max-width:552px;height:auto;border:0;"
          />
        )}
        <h3 style={lead ? S.leadH3 : S.h3}>
          <a href={absolute(origin, paths.article(article.slug))} style={S.headline}>
            {article.title}
          </a>
        </h3>
        <p style={S.meta}>
          {creditLine(article)} · {dayLabel(article.date)}
          {unconfirmedNote(article, "date")} · {readingTime(article.readingMinutes)}
        </p>
        <p style={S.text}>{article.summary}</p>
        {article.url ? (
          <p style={S.meta}>
            <a href={article.url} style={S.link}>
              Original at {originHost(article.url)}
            </a>
            {unconfirmedNote(article, "url")}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

function Heading({ children }: { children: string }) {
  return (
    <tr>
      <td style={S.cell}>
        <h2 style={S.h2}>{children}</h2>
      </td>
    </tr>
  );
}

/** The digest's first row: the site, the week, and the same digest on the web. */
function Masthead({ site, week }: { site: SiteConfig; week: DigestWeek }) {
  const url = (path: string) => absolute(site.origin, path);
  return (
    <tr>
      <td style={S.masthead}>
        <a href={url(paths.home())} style={`${S.headline}font-weight:bold;`}>
          {site.title}
        </a>{" "}
        weekly digest · {week.name} ·{" "}
        <a href={url(paths.digestWeek(week.name))} style={S.link}>
          Read it on the web
        </a>
      </td>
    </tr>
  );
}

/** The digest's last row: what the site is, and the digest's other forms. */
function Footer({ site, week }: { site: SiteConfig; week: DigestWeek }) {
  const url = (path: string) => absolute(site.origin, path);
  return (
    <tr>
      <td style={S.footer}>
        {site.title}: {site.description}
        <br />
        <a href={url(paths.digestArchive())} style={S.link}>
          Every week
        </a>{" "}
        ·{" "}
        <a href={url(paths.digestFeed(SITE, "atom"))} style={S.link}>
          Digest feed
        </a>{" "}
        ·{" "}
        <a href={url(paths.digestText(week.name))} style={S.link}>
          Plain text
        </a>
      </td>
    </tr>
  );
}

/** The full HTML document of a week's digest for sending by email. */
export function renderDigestEmail(plan: DigestPlan, week: DigestWeek): string {
  const { site } = plan;
  const { lead, sections } = digestContents(plan, week);
  const label = weekLabel(week.week);
  const title = `${site.title} weekly digest: ${label}`;
  const page = (
    <html lang={site.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {/* No icon to fetch: an email carries no external resources, and a browser opening it should not ask for one. */}
        <link rel="icon" href="data:," />
      </head>
      <body style={S.body}>
        {/* The layout table is presentational; the landmark tells screen readers where the digest is. */}
        {/* biome-ignore lint/a11y/useSemanticElements: email clients drop or restyle <main>; a div with a role survives. */}
        <div role="main">
          <table
            role="presentation"
            width="600"
            align="center"
            cellpadding="0"
            cellspacing="0"
            border={0}
            style={S.table}
          >
            <Masthead site={site} week={week} />
            <tr>
              <td style={S.cell}>
                <h1 style={S.h1}>{label}</h1>
                <p style={S.meta}>{weekFacts(week)}</p>
                {week.finished ? null : (
                  <p style={S.notice}>
                    In progress: this week ends at midnight after {dayLabel(week.sunday)} ({site.timeZone} time), and
                    articles may still be added.
                  </p>
                )}
              </td>
            </tr>
            <Heading>Lead story</Heading>
            <EmailArticle article={lead} origin={site.origin} lead image={imageOf(site, lead)} />
            {sections.map((s) => (
              <>
                <Heading>{sectionLabel(s)}</Heading>
                {s.articles.map((a) => (
                  <EmailArticle article={a} origin={site.origin} lead={false} />
                ))}
              </>
            ))}
            <Footer site={site} week={week} />
          </table>
        </div>
      </body>
    </html>
  );
  return toDocument(page);
}
