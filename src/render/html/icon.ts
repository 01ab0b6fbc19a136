// The site's icon: the first letter of its title on the accent colour, as SVG (browsers ask for an icon on every first visit).
import { escapeMarkup } from "../../shared/escape.js";
import type { SiteConfig } from "../../shared/site.js";

export function renderIcon(site: SiteConfig): string {
  const letter = escapeMarkup([...site.title.trim()][0]?.toUpperCase() ?? "D");
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#8a1c1c"/><text x="32" y="46" font-family="Georgia,serif" font-size="42" font-weight="bold" fill="#fff" text-anchor="middle">${letter}</text></svg>\n`;
}
