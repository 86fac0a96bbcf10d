/**
 * Timestamps as the store compares them. STIX and TAXII timestamps are RFC 3339 UTC with any number of
 * fractional digits ("…:48Z", "…:48.1Z", "…:48.123456Z" may name the same or different instants), so
 * the store keeps a fixed-width form whose byte order is time order, in both dialects (the PostgreSQL
 * columns use the "C" collation for the same reason).
 */

const STIX_TS = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/;

/** True for a STIX/TAXII timestamp (UTC, `Z`, optional fraction). */
export function isTimestamp(s: string): boolean {
  const m = STIX_TS.exec(s);
  return m !== null && !Number.isNaN(Date.parse(`${m[1]!}Z`));
}

/** Fixed width with `digits` fractional digits; undefined when `s` is not a timestamp. */
export function fixedWidth(s: string, digits: number): string | undefined {
  const m = STIX_TS.exec(s);
  if (!m || Number.isNaN(Date.parse(`${m[1]!}Z`))) return undefined;
  const frac = (m[2] ?? '').slice(0, digits).padEnd(digits, '0');
  return `${m[1]!}.${frac}Z`;
}

/** The key that orders and identifies object versions (nanosecond width). */
export function versionKey(s: string): string | undefined {
  return fixedWidth(s, 9);
}

/** TAXII date_added values (microsecond width, as TAXII 2.1 recommends). */
export function dateAddedKey(s: string): string | undefined {
  return fixedWidth(s, 6);
}

let lastMicros = 0;
/**
 * The current time as a TAXII timestamp with microseconds, strictly increasing within this process so
 * two envelopes never share a date_added (across processes the keyset cursor's id/version tie-break
 * keeps paging stable).
 */
export function nowTimestamp(): string {
  return nowTimestamps(1)[0]!;
}

/**
 * `n` strictly increasing timestamps from now on, one microsecond apart (later calls continue after
 * the last one even if the clock has not caught up). The date-and-second part is formatted once per
 * second rather than once per timestamp: an envelope of 10,000 objects needs 10,000 of them.
 */
export function nowTimestamps(n: number): string[] {
  const out = new Array<string>(n);
  let micros = Math.max(Date.now() * 1000, lastMicros + 1);
  let second = -1;
  let base = '';
  for (let i = 0; i < n; i++, micros++) {
    const s = Math.floor(micros / 1_000_000);
    if (s !== second) {
      second = s;
      base = new Date(s * 1000).toISOString().slice(0, 19);
    }
    out[i] = `${base}.${String(micros % 1_000_000).padStart(6, '0')}Z`;
  }
  lastMicros = micros - 1;
  return out;
}
