// The site configuration the render tests share: site.yaml's values, without the topic vocabulary.
import type { SiteConfig } from "../../src/shared/site.js";

export const TEST_SITE: SiteConfig = {
  title: "Dispatch",
  description: "Reporting on Russian and American forces in Syria, as it was published.",
  origin: "https://dispatch.example.com",
  idAuthority: "dispatch.example.com,2026-11-21",
  language: "en",
  timeZone: "America/New_York",
  author: { name: "Dispatch desk", uri: "https://dispatch.example.com/" },
  feedSize: 20,
  hub: "",
  topics: {},
};
