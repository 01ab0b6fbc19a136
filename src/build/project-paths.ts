// How the build names a file: by its path in the project, `/`-separated on every system, as problems, caches and
// served paths need it.
import { relative, sep } from "node:path";

/** `to` relative to `from`, with `/` between segments whatever the system's separator. */
export const posixRelative = (from: string, to: string): string => relative(from, to).split(sep).join("/");

/** content/ relative to the project, with a trailing slash (none when it is the project): every content file's prefix. */
export function contentPrefixOf(root: string, contentDir: string): string {
  const dir = posixRelative(root, contentDir);
  return dir === "" ? "" : `${dir}/`;
}
