/**
 * Test helpers: fixture corpora in every layout and an independent, string-based reference of what a
 * Pwned Passwords range body must be (so tests compare our binary path against the spec, not itself).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { md4 } from 'hash-wasm';
import type { HashMode } from './hash.js';

export const FIXTURE = new URL('./fixtures/common-top2000.tsv', import.meta.url);

/** The committed fixture: [password, count] pairs. */
export function fixturePairs(): [string, number][] {
  return readFileSync(FIXTURE, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l): [string, number] => {
      const tab = l.lastIndexOf('\t');
      return [l.slice(0, tab), Number(l.slice(tab + 1))];
    });
}

export async function referenceHex(password: string, mode: HashMode): Promise<string> {
  if (mode === 'sha1') return createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();
  return (await md4(Buffer.from(password, 'utf16le'))).toUpperCase();
}

/** Full hex hash → summed count, from password pairs. */
export async function hashCounts(
  pairs: readonly [string, number][],
  mode: HashMode,
): Promise<Map<string, number>> {
  const m = new Map<string, number>();
  for (const [p, c] of pairs) {
    const h = await referenceHex(p, mode);
    m.set(h, (m.get(h) ?? 0) + c);
  }
  return m;
}

/** The spec'd range bodies: per prefix, sorted uppercase `SUFFIX:COUNT` rows joined by CRLF. */
export function referenceRanges(counts: ReadonlyMap<string, number>): Map<string, string> {
  const rows = new Map<string, string[]>();
  for (const [h, c] of counts) {
    const p = h.slice(0, 5).toUpperCase();
    let list = rows.get(p);
    if (!list) rows.set(p, (list = []));
    list.push(`${h.slice(5).toUpperCase()}:${c}`);
  }
  return new Map([...rows].map(([p, list]) => [p, list.sort().join('\r\n')]));
}

/** One prefix's spec'd body ('' for a prefix without hashes). */
export function referenceRange(counts: ReadonlyMap<string, number>, prefix: string): string {
  return referenceRanges(counts).get(prefix.toUpperCase()) ?? '';
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'lockstep-pw-test-'));
}

/** Writes a downloader-style single file (`HASH:COUNT`, sorted unless `shuffle`). */
export function writeHashFile(
  path: string,
  counts: ReadonlyMap<string, number>,
  opts: { eol?: string; shuffle?: boolean; lower?: boolean } = {},
): void {
  let rows = [...counts].map(([h, c]) => `${opts.lower ? h.toLowerCase() : h}:${c}`).sort();
  if (opts.shuffle)
    rows = rows
      .map((r, i) => [r, (i * 7919) % 10007] as const)
      .sort((a, b) => a[1] - b[1])
      .map((x) => x[0]);
  writeFileSync(path, rows.join(opts.eol ?? '\n') + (opts.eol ?? '\n'));
}

/** Writes downloader-style range files `ABCDE.txt` (the raw response: CRLF, no final newline). */
export function writeRangeDir(dir: string, counts: ReadonlyMap<string, number>, eol = '\r\n'): void {
  mkdirSync(dir, { recursive: true });
  for (const [p, body] of referenceRanges(counts))
    writeFileSync(join(dir, `${p}.txt`), body.replaceAll('\r\n', eol));
}
