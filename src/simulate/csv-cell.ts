/** RFC 4180 quoting of one CSV cell (shared by the simulator's writers). */

const NEEDS_QUOTES = /[",\r\n]/;

/** Quotes a cell when it holds a comma, quote or line break; doubles inner quotes. */
export function csvCell(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
