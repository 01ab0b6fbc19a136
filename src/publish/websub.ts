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

/** Pings `hub` once for each feed URL, each with up to `attempts` tries, waiting `backoffMs` and then twice that. */
export async function pingHub(
  hub: string,
  feeds: readonly string[],
  { attempts = 3, backoffMs = 1000, timeoutMs = 10_000 } = {},
): Promise<PingResult[]> {
  const results: PingResult[] = [];
  for (const url of feeds) {
    let detail = "";
    let ok = false;
    let wait = backoffMs;
    for (let attempt = 1; attempt <= attempts && !ok; attempt++) {
      try {
        const res = await fetch(hub, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ "hub.mode": "publish", "hub.url": url, "hub.topic": url }).toString(),
          signal: AbortSignal.timeout(timeoutMs),
        });
        // A hub answers 2xx (usually 204) when it accepts the notification.
        ok = res.ok;
        detail = `${res.status}`;
      } catch (e) {
        detail = e instanceof Error ? e.message : String(e);
      }
      if (!ok && attempt < attempts) {
        await new Promise((r) => setTimeout(r, wait));
        wait *= 2;
      }
    }
    results.push({ url, ok, detail });
  }
  return results;
}
