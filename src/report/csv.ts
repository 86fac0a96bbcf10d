/**
 * RFC 4180 CSV helpers for the report outputs: quoting on write, a small parser for reading our own
 * outputs back (readDetectionOutput). Hand-written because both sides are a dozen lines and the
 * parser only ever reads files this module wrote (csv-parse is used by ingest for foreign data).
 */

const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: quoted when it holds a comma, quote or line break; inner quotes doubled. */
export function csvCell(v: string | number | boolean | null | undefined): string {
  if (v === undefined || v === null) return '';
  const s = String(v);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

/** Parses RFC 4180 text into rows of cells (CRLF or LF line ends). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  const n = text.length;
  let quoted = false;
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      cell += c;
      i++;
      continue;
    }
    if (c === '"' && cell === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      cell += c;
      i++;
    }
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Compares by UTF-8 byte order (= code point order), which differs from `<` on UTF-16 units. */
export function byteCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** The `YYYY-MM-DDT` prefix of the last day formatted: outputs list many times from the same day. */
let lastDay = NaN;
let lastPrefix = '';

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/**
 * Unix seconds → ISO 8601 UTC; the form every time takes in the outputs. Byte for byte
 * `new Date(t * 1000).toISOString()` (which truncates to whole milliseconds), but builds the date part
 * once per day and the time of day by arithmetic: millions of rows, a few distinct days.
 */
export function isoTime(t: number): string {
  const ms = Math.trunc(t * 1000);
  // Before 1970 or past 9999 (six-digit years): the rare case, left to Date.
  if (!(ms >= 0 && ms < 253402300800000)) return new Date(t * 1000).toISOString();
  const day = Math.floor(ms / 86400000);
  if (day !== lastDay) {
    lastDay = day;
    lastPrefix = new Date(day * 86400000).toISOString().slice(0, 11);
  }
  let rest = ms - day * 86400000;
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const sec = rest % 60;
  rest = (rest - sec) / 60;
  const min = rest % 60;
  const hour = (rest - min) / 60;
  const m3 = milli < 10 ? `00${milli}` : milli < 100 ? `0${milli}` : `${milli}`;
  return `${lastPrefix}${pad2(hour)}:${pad2(min)}:${pad2(sec)}.${m3}Z`;
}

/** ISO 8601 → Unix seconds (NaN when invalid). */
export function fromIso(s: string): number {
  return Date.parse(s) / 1000;
}
