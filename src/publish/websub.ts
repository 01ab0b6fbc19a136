// WebSub publishing: after a publish, tell the hub which feeds changed, so subscribers fetch them now rather than at
// their next poll. WebSub leaves the publisher-to-hub call to the hub (https://www.w3.org/TR/websub/#publishing): hubs
// in use read the feed's URL from `hub.url` (Google's PubSubHubbub hub, Superfeedr, Switchboard) or from `hub.topic`
// (flask-websub answers 400 without it), so the form POST carries both.

export interface PingResult {
  url: string;
  ok: boolean;
  /** The hub's status, or what went wrong. */
  detail: string;
}

/**
 * Pings `hub` once for each feed URL, each with up to `attempts` tries, waiting `backoffMs` and then twice that. A hub
 * that never answers (refused, timed out) is not tried again for the remaining feeds: a publish of many changed feeds
 * to a hub that is down costs one feed's retries, not every feed's.
 */
export async function pingHub(
  hub: string,
  feeds: readonly string[],
  { attempts = 3, backoffMs = 1000, timeoutMs = 10_000 } = {},
): Promise<PingResult[]> {
  const results: PingResult[] = [];
  let unreachable = "";
  for (const url of feeds) {
    if (unreachable) {
      results.push({ url, ok: false, detail: `not tried: the hub did not answer (${unreachable})` });
      continue;
    }
    let detail = "";
    let ok = false;
    let answered = false;
    let wait = backoffMs;
    for (let attempt = 1; attempt <= attempts && !ok; attempt++) {
      try {
        const res = await fetch(hub, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ "hub.mode": "publish", "hub.url": url, "hub.topic": url }).toString(),
          signal: AbortSignal.timeout(timeoutMs),
        });
        // A hub answers 2xx (flask-websub 202, most others 204) when it accepts the notification.
        ok = res.ok;
        answered = true;
        detail = `${res.status}`;
        await res.body?.cancel();
      } catch (e) {
        detail = causeOf(e);
      }
      if (!ok && attempt < attempts) {
        await new Promise((r) => setTimeout(r, wait));
        wait *= 2;
      }
    }
    if (!answered) unreachable = detail;
    results.push({ url, ok, detail });
  }
  return results;
}

/** Why a fetch failed, in words: undici's "fetch failed" hides the reason (ECONNREFUSED, a timeout) in `cause`. */
function causeOf(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error ? e.cause : undefined;
  const code = cause && "code" in cause ? String(cause.code) : "";
  return cause ? `${e.message}: ${code || cause.message}` : e.message;
}
