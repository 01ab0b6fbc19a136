// Links in article bodies to paths on the site that answer nothing: a warning at each, with its file and line, since
// a reader who follows it gets the 404 page. What the Worker answers another way counts as served: a redirect (a
// trailing slash, an old address) and the feeds it renders on request (an author's).
import type { Problem } from "../content/problems.js";
import { addressKey, parsePath, pathOf } from "../shared/routes.js";

export interface SiteLink {
  file: string;
  path: string;
  line: number;
  /** Where the link is written: the body, or a front-matter field (image). */
  field: string;
}

/** Whether the Worker answers `path` (query and fragment aside) with something other than the 404 page. */
function answered(path: string, routes: ReadonlySet<string>, redirects: Readonly<Record<string, string>>): boolean {
  let bare = path.replace(/[?#].*$/s, "");
  try {
    bare = decodeURIComponent(bare);
  } catch {}
  const trimmed = bare.length > 1 ? bare.replace(/\/+$/, "") : bare;
  if (routes.has(bare) || routes.has(trimmed) || redirects[addressKey(bare)] !== undefined) return true;
  const route = parsePath(trimmed);
  return (
    (route?.kind === "feed" || route?.kind === "archive") &&
    route.scope.kind === "author" &&
    routes.has(pathOf({ kind: "author", slug: route.scope.slug }))
  );
}

/** A warning for each link to a site path that is neither a route, a served file, nor a redirect. */
export function brokenLinks(
  links: readonly SiteLink[],
  routes: ReadonlySet<string>,
  redirects: Readonly<Record<string, string>>,
): Problem[] {
  return links
    .filter((l) => !answered(l.path, routes, redirects))
    .map((l) => ({
      file: l.file,
      line: l.line,
      field: l.field,
      message: `links to ${l.path}, which this site does not serve: a reader gets the 404 page (add the file to content/, or fix the link)`,
    }));
}
