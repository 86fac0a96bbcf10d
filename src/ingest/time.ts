/**
 * Timestamp parsers for the formats Lockstep reads, all returning Unix seconds (NaN when the text is
 * not a valid time). Hand-written digit parsers rather than `Date.parse` because they sit on the
 * per-row hot path (Date.parse is several times slower and accepts locale-dependent junk); civil-date
 * arithmetic follows Howard Hinnant's `days_from_civil`. Times without a zone are UTC (the Twitter
 * archives and the IRA CSV are published in UTC). Cost: O(length of the string), no allocation.
 */

export type TimeFormat = 'auto' | 'unix' | 'unix_ms' | 'iso' | 'twitter' | 'mdy';

export const TIME_FORMATS: readonly TimeFormat[] = ['auto', 'unix', 'unix_ms', 'iso', 'twitter', 'mdy'];

/** Days since 1970-01-01 of a proleptic Gregorian date. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function civil(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  if (mo < 1 || mo > 12 || d < 1 || d > DAYS_IN_MONTH[mo - 1]! || h > 23 || mi > 59 || s >= 61) return NaN;
  if (mo === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return NaN;
  return daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

/** Reads `len` ASCII digits at `i`; -1 if any is not a digit. */
function digits(s: string, i: number, len: number): number {
  let v = 0;
  for (let k = i; k < i + len; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Reads 1+ digits at `i`; returns [value, next index] or undefined. */
function varDigits(s: string, i: number, max: number): [number, number] | undefined {
  let v = 0;
  let k = i;
  while (k < s.length && k - i < max) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
    k++;
  }
  return k === i ? undefined : [v, k];
}

/**
 * `YYYY-MM-DD`, `YYYY-MM-DD HH:MM`, `YYYY-MM-DDTHH:MM:SS(.fff)(Z|±HH:MM|±HHMM)`: the Twitter IO
 * archive's `tweet_time`, API v2 `created_at`, and ISO 8601 in general.
 */
export function parseIsoTime(s: string): number {
  const n = s.length;
  if (n < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  if (y < 0 || mo < 0 || d < 0) return NaN;
  if (n === 10) return civil(y, mo, d, 0, 0, 0);
  const sep = s.charCodeAt(10);
  if ((sep !== 32 && sep !== 84 && sep !== 116) || n < 16 || s.charCodeAt(13) !== 58) return NaN;
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  if (h < 0 || mi < 0) return NaN;
  let sec = 0;
  let i = 16;
  if (i < n && s.charCodeAt(i) === 58) {
    sec = digits(s, 17, 2);
    if (sec < 0) return NaN;
    i = 19;
    if (i < n && s.charCodeAt(i) === 46) {
      const f = varDigits(s, i + 1, 9);
      if (!f) return NaN;
      sec += f[0] / 10 ** (f[1] - i - 1);
      i = f[1];
    }
  }
  let offset = 0;
  if (i < n) {
    const z = s.charCodeAt(i);
    if ((z === 90 || z === 122) && i + 1 === n) {
      // Z
    } else if ((z === 43 || z === 45) && (n - i === 6 || n - i === 5 || n - i === 3)) {
      const oh = digits(s, i + 1, 2);
      const om = n - i === 3 ? 0 : digits(s, n - 2, 2);
      if (oh < 0 || om < 0 || (n - i === 6 && s.charCodeAt(i + 3) !== 58)) return NaN;
      offset = (z === 43 ? 1 : -1) * (oh * 3600 + om * 60);
    } else {
      return NaN;
    }
  }
  return civil(y, mo, d, h, mi, Math.floor(sec)) + (sec - Math.floor(sec)) - offset;
}

/** `len` ASCII digits of `b` at `i`; -1 if any is not a digit. */
function byteDigits(b: Uint8Array, i: number, len: number): number {
  let v = 0;
  for (let k = i; k < i + len; k++) {
    const c = b[k]! - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * `parseIsoTime` of the bytes `b[s, e)` when they have the IO archive's `tweet_time` shape,
 * `YYYY-MM-DD HH:MM` or `YYYY-MM-DD HH:MM:SS` (space or T, no fraction, no zone): the same value
 * (NaN for an impossible date) without decoding a string per row. Undefined for any other shape,
 * which the caller decodes and hands to `parseIsoTime`.
 */
export function isoTimeOfBytes(b: Uint8Array, s: number, e: number): number | undefined {
  const n = e - s;
  if (n !== 16 && n !== 19) return undefined;
  const sep = b[s + 10];
  if (
    b[s + 4] !== 45 ||
    b[s + 7] !== 45 ||
    (sep !== 32 && sep !== 84 && sep !== 116) ||
    b[s + 13] !== 58 ||
    (n === 19 && b[s + 16] !== 58)
  )
    return undefined;
  const y = byteDigits(b, s, 4);
  const mo = byteDigits(b, s + 5, 2);
  const d = byteDigits(b, s + 8, 2);
  const h = byteDigits(b, s + 11, 2);
  const mi = byteDigits(b, s + 14, 2);
  const sec = n === 19 ? byteDigits(b, s + 17, 2) : 0;
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) return undefined;
  return civil(y, mo, d, h, mi, sec);
}

/** `M/D/YYYY H:MM` or `M/D/YYYY H:MM:SS` (the FiveThirtyEight IRA CSV's publish_date), UTC. */
export function parseMdyTime(s: string): number {
  const a = varDigits(s, 0, 2);
  if (!a || s.charCodeAt(a[1]) !== 47) return NaN;
  const b = varDigits(s, a[1] + 1, 2);
  if (!b || s.charCodeAt(b[1]) !== 47) return NaN;
  const y = varDigits(s, b[1] + 1, 4);
  if (!y || y[1] - b[1] - 1 !== 4) return NaN;
  let i = y[1];
  if (i === s.length) return civil(y[0], a[0], b[0], 0, 0, 0);
  if (s.charCodeAt(i) !== 32) return NaN;
  const h = varDigits(s, i + 1, 2);
  if (!h || s.charCodeAt(h[1]) !== 58) return NaN;
  const mi = digits(s, h[1] + 1, 2);
  if (mi < 0) return NaN;
  i = h[1] + 3;
  let sec = 0;
  if (i < s.length) {
    if (s.charCodeAt(i) !== 58 || s.length !== i + 3) return NaN;
    sec = digits(s, i + 1, 2);
    if (sec < 0) return NaN;
  }
  return civil(y[0], a[0], b[0], h[0], mi, sec);
}

const MONTHS: Record<string, number> = {
  Jan: 1,
  Feb: 2,
  Mar: 3,
  Apr: 4,
  May: 5,
  Jun: 6,
  Jul: 7,
  Aug: 8,
  Sep: 9,
  Oct: 10,
  Nov: 11,
  Dec: 12,
};

/** Twitter API v1.1 `created_at`: `Wed Oct 10 20:19:24 +0000 2018`. */
export function parseTwitterTime(s: string): number {
  if (s.length !== 30 || s.charCodeAt(3) !== 32 || s.charCodeAt(7) !== 32 || s.charCodeAt(10) !== 32)
    return NaN;
  const mo = MONTHS[s.slice(4, 7)];
  if (mo === undefined) return NaN;
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  const sign = s.charCodeAt(20);
  const oh = digits(s, 21, 2);
  const om = digits(s, 23, 2);
  const y = digits(s, 26, 4);
  if (d < 0 || h < 0 || mi < 0 || sec < 0 || oh < 0 || om < 0 || y < 0 || (sign !== 43 && sign !== 45))
    return NaN;
  return civil(y, mo, d, h, mi, sec) - (sign === 43 ? 1 : -1) * (oh * 3600 + om * 60);
}

const NUMERIC = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

/** Unix seconds (fractions allowed). */
export function parseUnixTime(s: string): number {
  return NUMERIC.test(s) ? Number(s) : NaN;
}

/** Tries, in order: Unix seconds (milliseconds when ≥ 1e11), ISO, Twitter v1, M/D/YYYY. */
export function parseAutoTime(s: string): number {
  const t = s.trim();
  if (t === '') return NaN;
  if (NUMERIC.test(t)) {
    const v = Number(t);
    return Math.abs(v) >= 1e11 ? v / 1000 : v;
  }
  let v = parseIsoTime(t);
  if (!Number.isNaN(v)) return v;
  v = parseTwitterTime(t);
  if (!Number.isNaN(v)) return v;
  return parseMdyTime(t);
}

export function timeParser(format: TimeFormat): (s: string) => number {
  switch (format) {
    case 'auto':
      return parseAutoTime;
    case 'unix':
      return parseUnixTime;
    case 'unix_ms':
      return (s) => parseUnixTime(s) / 1000;
    case 'iso':
      return parseIsoTime;
    case 'twitter':
      return parseTwitterTime;
    case 'mdy':
      return parseMdyTime;
  }
}
