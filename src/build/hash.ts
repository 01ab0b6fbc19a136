// The build's content hash: the same name as src/shared/hash.ts gives, from Node's synchronous SHA-256. The build names
// hundreds of thousands of values; WebCrypto's asynchronous digest costs a thread-pool round trip for each, which made
// the build wait on hashing for most of its time.
import { createHash } from "node:crypto";
import { base64url96 } from "../shared/hash.js";

export function contentHashSync(data: string | Uint8Array): string {
  return base64url96(createHash("sha256").update(data).digest());
}
