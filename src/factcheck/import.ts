/**
 * Reads fact-check files in any supported format, recognised by content: HTML pages (ClaimReview in
 * `<script type="application/ld+json">`), a JSON document (ClaimReview, array, `@graph`, DataFeed,
 * Fact Check Tools API response), JSON lines (one of those per line) or CSV. Bad records are counted
 * and reported with file, record and reason; they never stop the import. A record whose review URL
 * repeats an earlier one replaces it (the last published version wins).
 *
 * Cost: each file is read whole (fact-check files are megabytes, not gigabytes); O(size).
 */
import { LockstepError } from '../core/errors.js';
import { readTextFile } from '../core/read-text.js';
import { factChecksFromCsv } from './import-csv.js';
import type { CsvField } from './import-csv.js';
import { findFactChecks } from './import-json.js';
import type { Found } from './import-json.js';
import type { BadRecord, FactCheck, ImportResult } from './types.js';

export type FactCheckFormat = 'html' | 'json' | 'jsonl' | 'csv';

export interface ImportOptions {
  /** Column mapping for CSV files. */
  csvMapping?: Partial<Record<CsvField, string>>;
  /** Bad records kept in the report (all are counted); default 1000. */
  maxBad?: number;
}

const LD_JSON = /<script\b[^>]*\btype\s*=\s*["']?application\/ld\+json["']?[^>]*>([\s\S]*?)<\/script\s*>/gi;

export function sniffFactCheckFormat(text: string, file: string): FactCheckFormat {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<')) return 'html';
  if (head.startsWith('{') || head.startsWith('[')) {
    try {
      JSON.parse(head);
      return 'json';
    } catch {
      return 'jsonl';
    }
  }
  if (/\.(csv|tsv)$/i.test(file) || head.split('\n', 1)[0]!.includes(',')) return 'csv';
  return 'jsonl';
}

/** The fact checks of one text. Throws only when the file as a whole cannot be read as its format. */
export function parseFactChecks(
  text: string,
  file: string,
  options: ImportOptions = {},
): {
  format: FactCheckFormat;
  records: { record: number; path?: string; factCheck?: FactCheck; reason?: string }[];
} {
  const body = text.replace(/^\uFEFF/, '');
  const format = sniffFactCheckFormat(body, file);
  const records: { record: number; path?: string; factCheck?: FactCheck; reason?: string }[] = [];
  const push = (found: Iterable<Found>, record: () => number): void => {
    for (const f of found)
      records.push({
        record: record(),
        path: f.path,
        ...(f.factCheck ? { factCheck: f.factCheck } : {}),
        ...(f.reason ? { reason: f.reason } : {}),
      });
  };
  if (format === 'csv') {
    for (const r of factChecksFromCsv(body, file, options.csvMapping)) records.push(r);
  } else if (format === 'json') {
    let n = 0;
    push(findFactChecks(JSON.parse(body) as unknown), () => ++n);
  } else if (format === 'html') {
    let n = 0;
    let block = 0;
    for (const m of body.matchAll(LD_JSON)) {
      block++;
      let v: unknown;
      try {
        v = JSON.parse(m[1]!);
      } catch (e) {
        records.push({
          record: ++n,
          path: `script[${block}]`,
          reason: `ld+json block is not JSON (${(e as Error).message})`,
        });
        continue;
      }
      push(findFactChecks(v, `script[${block}]`, true), () => ++n);
    }
  } else {
    const lines = body.split(/\r?\n/);
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        records.push({ record: i + 1, reason: 'line is not JSON' });
        return;
      }
      push(findFactChecks(v, '$'), () => i + 1);
    });
  }
  return { format, records };
}

/** Imports several files; see the module comment for what counts as bad and what wins. */
export async function readFactCheckFiles(
  files: readonly string[],
  options: ImportOptions = {},
): Promise<ImportResult> {
  const maxBad = options.maxBad ?? 1000;
  const byKey = new Map<string, FactCheck>();
  const bad: BadRecord[] = [];
  const result: ImportResult = { factChecks: [], bad, files: [], duplicates: 0 };
  for (const file of files) {
    const text = await readTextFile(file);
    let parsed: ReturnType<typeof parseFactChecks>;
    try {
      parsed = parseFactChecks(text, file, options);
    } catch (e) {
      // The file as a whole is unusable (CSV without a claim column, broken quoting): one bad record.
      const reason = e instanceof LockstepError || e instanceof Error ? e.message : String(e);
      if (bad.length < maxBad) bad.push({ file, record: 0, reason });
      result.files.push({ file, format: 'unknown', records: 0, good: 0, bad: 1 });
      continue;
    }
    let good = 0;
    let nbad = 0;
    for (const r of parsed.records) {
      if (r.factCheck) {
        good++;
        if (byKey.has(r.factCheck.key)) {
          result.duplicates++;
          byKey.delete(r.factCheck.key);
        }
        byKey.set(r.factCheck.key, r.factCheck);
      } else {
        nbad++;
        if (bad.length < maxBad)
          bad.push({
            file,
            record: r.record,
            ...(r.path && r.path !== '$' ? { path: r.path } : {}),
            reason: r.reason ?? 'unreadable',
          });
      }
    }
    result.files.push({ file, format: parsed.format, records: parsed.records.length, good, bad: nbad });
  }
  result.factChecks = [...byKey.values()];
  return result;
}

/** Total bad records (the report may keep fewer). */
export function badTotal(r: ImportResult): number {
  return r.files.reduce((s, f) => s + f.bad, 0);
}
