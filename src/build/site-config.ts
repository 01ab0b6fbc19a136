// Reads site.yaml, the publisher's one configuration file.
import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { ContentError } from "../content/problems.js";
import { parseYaml } from "../content/yaml.js";
import { type SiteConfig, siteSchema } from "../shared/site.js";

export async function readSiteConfig(root: string, path: string): Promise<SiteConfig> {
  const file = relative(root, path);
  const { data, problems } = parseYaml(file, await readFile(path, "utf8"), siteSchema, {
    known: Object.keys(siteSchema.shape),
  });
  if (!data) throw new ContentError(problems);
  return data;
}
