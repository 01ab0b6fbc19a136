// The Hono environment every part of the Worker shares: the bindings wrangler types generates.
export type AppEnv = { Bindings: Env };
