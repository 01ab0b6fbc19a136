// Calendar dates and instants in the site's IANA time zone, with Intl only (no Temporal in workerd or Node 24).

// Building an Intl.DateTimeFormat costs about 50 µs, using one about 3: keep one per time zone.
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

// Offsets change only at transitions, which fall on quarter hours in every zone of the tz database: one answer per
// zone and quarter hour serves every instant in it. Bounded, so a long-lived isolate does not grow without end.
const offsets = new Map<string, number>();
const QUARTER_HOUR = 900_000;

/** Offset of `tz` from UTC at `instant`, in minutes (east positive). */
function offsetMinutesAt(instant: number, tz: string): number {
  const key = `${tz} ${Math.floor(instant / QUARTER_HOUR)}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  if (offsets.size > 50_000) offsets.clear();
  const minutes = offsetFromIntl(instant, tz);
  offsets.set(key, minutes);
  return minutes;
}

function offsetFromIntl(instant: number, tz: string): number {
  let format = offsetFormats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "longOffset" });
    offsetFormats.set(tz, format);
  }
  const name = format.formatToParts(new Date(instant)).find((p) => p.type === "timeZoneName")?.value;
  const m = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(name ?? "");
  if (!m?.[1]) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === "-" ? -minutes : minutes;
}

/**
 * The instant at which the wall-clock `date` (YYYY-MM-DD) and `time` (HH:MM[:SS]) occur in `tz`. A wall time that
 * occurs twice (clocks going back) is its first occurrence; one that never occurs (clocks going forward, as at
 * midnight in São Paulo on 4 November 2018) is the first instant after the gap, on the same day.
 */
export function zonedInstant(date: string, tz: string, time = "00:00:00"): number {
  const [h = "0", mi = "0", s = "0"] = time.split(":");
  const [y, mo, d] = date.split("-").map(Number) as [number, number, number];
  const wall = Date.UTC(y, mo - 1, d, Number(h), Number(mi), Number(s));
  // The offsets in force around this wall time; a DST change within a day gives two.
  const offsets = [
    ...new Set([
      offsetMinutesAt(wall - 86_400_000, tz),
      offsetMinutesAt(wall, tz),
      offsetMinutesAt(wall + 86_400_000, tz),
    ]),
  ];
  const candidates = offsets.map((o) => wall - o * 60_000).sort((a, b) => a - b);
  const exact = candidates.find((t) => t + offsetMinutesAt(t, tz) * 60_000 === wall);
  if (exact !== undefined) return exact;
  // In a gap: the instant where the clock, having jumped, first shows a time after the one asked for.
  return candidates.find((t) => t + offsetMinutesAt(t, tz) * 60_000 > wall) ?? (candidates[0] as number);
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, "0");

/** RFC 3339 date-time with the offset `tz` has at `instant`: 2018-07-16T00:00:00-04:00 (https://www.rfc-editor.org/rfc/rfc3339#section-5.6). */
export function rfc3339(instant: number, tz: string): string {
  const off = offsetMinutesAt(instant, tz);
  const local = new Date(instant + off * 60_000);
  const sign = off < 0 ? "-" : "+";
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${sign}${pad(Math.trunc(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`
  );
}

/** The calendar date (YYYY-MM-DD) in `tz` at `instant`. */
export function localDate(instant: number, tz: string): string {
  return rfc3339(instant, tz).slice(0, 10);
}

/** A YYYY-MM-DD date plus `days` (negative for earlier). Calendar arithmetic in UTC, free of DST. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** HTTP-date (RFC 9110 §5.6.7) for Last-Modified and RSS's RFC 822 dates. */
export function httpDate(instant: number): string {
  return new Date(instant).toUTCString();
}

/**
 * The latest of RFC 3339 date-times, as written: by instant, since strings with different offsets do not sort as
 * text. Undefined for none.
 */
export function latestInstant(stamps: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestAt = Number.NEGATIVE_INFINITY;
  for (const s of stamps) {
    const at = Date.parse(s);
    if (best === undefined || at > bestAt) {
      best = s;
      bestAt = at;
    }
  }
  return best;
}
