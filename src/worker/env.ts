// The Hono environment every part of the Worker shares: the bindings wrangler types generates, and what a handler
// tells the middleware about its response.
import type { DocumentKind } from "../shared/routes.js";
import type { SiteConfig } from "../shared/site.js";

export type AppEnv = {
  Bindings: Env;
  Variables: {
    /** What kind of document the response is, for the headers that apply to a kind (headers.ts). */
    kind?: DocumentKind;
    /** The site the response belongs to, once a shard has been read (for Link and Strict-Transport-Security). */
    site?: SiteConfig;
  };
};
