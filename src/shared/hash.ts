// SHA-256 through WebCrypto, the same in Node and workerd: what names every stored value and every ETag.

const encoder = new TextEncoder();

/** The SHA-256 of text (as UTF-8) or bytes. */
async function sha256(data: string | Uint8Array): Promise<Uint8Array> {
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** The first 96 bits as 16 characters of base64url (RFC 4648 §5): short enough for KV keys, ETags and shards. */
export function base64url96(digest: Uint8Array): string {
  let out = "";
  for (let i = 0; i < 12; i += 3) {
    const n = ((digest[i] as number) << 16) | ((digest[i + 1] as number) << 8) | (digest[i + 2] as number);
    out += `${ALPHABET[n >>> 18]}${ALPHABET[(n >>> 12) & 63]}${ALPHABET[(n >>> 6) & 63]}${ALPHABET[n & 63]}`;
  }
  return out;
}

/**
 * The name of a value: 96 bits of its SHA-256. Two values of a million collide with odds of about 1 in 10^16, so
 * the name stands for the bytes: a value stored under it never changes, and one already stored is never sent again.
 */
export async function contentHash(data: string | Uint8Array): Promise<string> {
  return base64url96(await sha256(data));
}

/** FNV-1a (32 bits): a cheap, stable spread of names over shards, identical in Node and workerd. Not for integrity. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
