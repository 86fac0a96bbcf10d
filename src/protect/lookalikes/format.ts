/**
 * Output of lookalike rows: `tsv` and `csv` (header `protected, fuzzer, domain, unicode, target`,
 * one row per (protected, fuzzer, permutation)), `json` (rows plus the rejected candidates) and a
 * fixed-width `table` for people. CSV quoting per RFC 4180. Cost: O(rows).
 */
import type { GenerateResult } from './generate.js';

export const OUTPUT_FORMATS = ['table', 'tsv', 'csv', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const COLUMNS = ['protected', 'fuzzer', 'domain', 'unicode', 'target'] as const;

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes the results through `write` (called once per line, or once for JSON). */
export function formatResults(
  results: readonly GenerateResult[],
  format: OutputFormat,
  write: (s: string) => void,
): void {
  if (format === 'json') {
    write(
      `${JSON.stringify(
        results.map((r) => ({
          protected: r.protected.ascii,
          unicode: r.protected.unicode,
          rows: r.rows,
          rejected: r.rejected,
        })),
        null,
        2,
      )}\n`,
    );
    return;
  }
  if (format === 'tsv' || format === 'csv') {
    const sep = format === 'tsv' ? '\t' : ',';
    const cell = format === 'tsv' ? (s: string) => s.replace(/[\t\r\n]/g, ' ') : csvCell;
    write(`${COLUMNS.join(sep)}\n`);
    for (const r of results) {
      for (const row of r.rows) write(`${COLUMNS.map((c) => cell(row[c])).join(sep)}\n`);
    }
    return;
  }
  for (const r of results) {
    const w = Math.max(8, ...r.rows.map((x) => x.fuzzer.length));
    const d = Math.max(6, ...r.rows.map((x) => x.domain.length));
    write(`${r.protected.ascii}: ${r.rows.length} permutations, ${r.rejected.length} rejected candidates\n`);
    write(`${'fuzzer'.padEnd(w)}  ${'domain'.padEnd(d)}  unicode\n`);
    for (const row of r.rows) {
      write(
        `${row.fuzzer.padEnd(w)}  ${row.domain.padEnd(d)}  ${row.unicode === row.domain ? '' : row.unicode}\n`,
      );
    }
  }
}
