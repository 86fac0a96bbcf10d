/**
 * Reading rows the drivers return: better-sqlite3 and pg give numbers, bigints or strings for the same
 * column, so the SQL store parts read every value through these two helpers.
 */

export type Row = Record<string, unknown>;

export const str = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'bigint'
      ? v.toString()
      : JSON.stringify(v);

export const optStr = (v: unknown): string | undefined =>
  v === null || v === undefined ? undefined : str(v);
