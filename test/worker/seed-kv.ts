// Seeds the test KV namespace with the real build of content/ (dist/kv/*.json, the files `wrangler kv bulk put` takes).
import { env } from "cloudflare:workers";
import { beforeAll } from "vitest";

/** Vite's import.meta.glob, which vitest provides (its types come with vite/client, not loaded here). */
type GlobImport = <T>(pattern: string, options: { eager: true; import: "default" }) => Record<string, T>;

const chunks = (import.meta as unknown as { glob: GlobImport }).glob<
  { key: string; value: string; base64?: boolean }[]
>("../../dist/kv/[0-9]*.json", {
  eager: true,
  import: "default",
});

/** A bulk-put entry's value as the bytes KV stores. */
function bytesOf(value: string, base64?: boolean): ArrayBuffer | string {
  if (!base64) return value;
  const binary = atob(value);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

beforeAll(async () => {
  for (const entries of Object.values(chunks))
    await Promise.all(entries.map(({ key, value, base64 }) => env.KV.put(key, bytesOf(value, base64))));
});
