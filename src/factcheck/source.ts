/**
 * Where fact checks come from for matching: a store (`--db`, or a `--factchecks` value that is a
 * PostgreSQL URL or a SQLite database file) or fact-check files read directly (any import format);
 * with `--embeddings`, their sentence vectors too (stored ones from a store, vectors.ts).
 */
import { open } from 'node:fs/promises';
import { LockstepError } from '../core/errors.js';
import { isPostgresUrl, openStore } from '../store/open.js';
import { readFactCheckFiles } from './import.js';
import type { ImportOptions } from './import.js';
import { loadFactChecks } from './store.js';
import type { FactCheck, ImportResult } from './types.js';
import type { DenseIndex } from './dense.js';
import type { Embedder } from './embedder.js';

/** True for a PostgreSQL URL or a file that starts with the SQLite header. */
export async function isStoreLocation(spec: string): Promise<boolean> {
  if (isPostgresUrl(spec)) return true;
  let fh;
  try {
    fh = await open(spec, 'r');
  } catch {
    return false;
  }
  try {
    const buf = Buffer.alloc(16);
    await fh.read(buf, 0, 16, 0);
    return buf.toString('latin1') === 'SQLite format 3\0';
  } finally {
    await fh.close();
  }
}

export async function factChecksFromStore(db: string): Promise<FactCheck[]> {
  const store = await openStore(db);
  try {
    return await loadFactChecks(store);
  } finally {
    await store.close();
  }
}

/** Loads fact checks from a store or files; `imported` is set when files were read. */
export async function loadFactCheckSource(
  spec: { db?: string; files?: readonly string[] },
  options: ImportOptions = {},
): Promise<{ factChecks: FactCheck[]; imported?: ImportResult; db?: string }> {
  let out: { factChecks: FactCheck[]; imported?: ImportResult; db?: string };
  if (spec.db !== undefined) out = { factChecks: await factChecksFromStore(spec.db), db: spec.db };
  else {
    const imported = await readFactCheckFiles(spec.files ?? [], options);
    out = { factChecks: imported.factChecks, imported };
  }
  if (out.factChecks.length === 0)
    throw new LockstepError(
      'ERR_FACTCHECK_INPUT',
      `no fact checks to match against in ${spec.db ?? (spec.files ?? []).join(', ')}`,
      { file: spec.db ?? spec.files?.[0] ?? '' },
    );
  return out;
}

/**
 * `detect --factchecks SPEC`: SPEC is a store (PostgreSQL URL, SQLite file) or a fact-check file in
 * any import format. Bad records in a file are returned for the caller to report.
 */
export async function loadFactChecksFrom(
  spec: string,
): Promise<{ factChecks: FactCheck[]; imported?: ImportResult; db?: string }> {
  return loadFactCheckSource((await isStoreLocation(spec)) ? { db: spec } : { files: [spec] });
}

/**
 * `--embeddings MODEL`: the model, and a dense index of the fact checks' vectors — from the store
 * `db` where they were stored for this model and text (vectors.ts), the rest embedded now. Writes one
 * line to `log` saying how many came from where.
 */
export async function loadDenseSide(
  factChecks: readonly FactCheck[],
  model: string,
  db: string | undefined,
  log: (line: string) => void,
): Promise<{ embedder: Embedder; index: DenseIndex; embedded: number; reused: number }> {
  const { loadEmbedder } = await import('./embedder.js');
  const { DenseIndex } = await import('./dense.js');
  const { describeVectors, vectorsFor } = await import('./vectors.js');
  const embedder = await loadEmbedder(model);
  let stored;
  if (db !== undefined) {
    const store = await openStore(db);
    try {
      stored = await store.listFactCheckVectors(embedder.id);
    } finally {
      await store.close();
    }
  }
  const t0 = performance.now();
  const v = await vectorsFor(factChecks, embedder, stored);
  log(describeVectors(v, model, (performance.now() - t0) / 1000, db !== undefined));
  return { embedder, index: new DenseIndex(v.vectors, v.dim), embedded: v.embedded.length, reused: v.reused };
}
