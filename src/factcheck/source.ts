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
import type { FactCheckVector } from '../store/store.js';
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

/** What `match` and `detect --factchecks` read: the fact checks, and with `--embeddings` their dense side. */
export interface FactCheckSource {
  factChecks: FactCheck[];
  /** Set when files were read (their bad records are the caller's to report). */
  imported?: ImportResult;
  db?: string;
  dense?: DenseSide;
}

export interface DenseSide {
  embedder: Embedder;
  index: DenseIndex;
  embedded: number;
  reused: number;
}

/**
 * Loads fact checks from a store or files; with `dense`, also the embeddings model and the fact
 * checks' vectors — from the same store session where they were stored for this model and text
 * (vectors.ts), the rest embedded now — writing one line to `dense.log` about where they came from.
 * The model is loaded first, so a missing model fails before the archive is read.
 */
export async function loadFactCheckSource(
  spec: { db?: string; files?: readonly string[] },
  options: ImportOptions = {},
  dense?: { model: string; log: (line: string) => void },
): Promise<FactCheckSource> {
  const embedder =
    dense === undefined ? undefined : await (await import('./embedder.js')).loadEmbedder(dense.model);
  let out: FactCheckSource;
  let stored: FactCheckVector[] | undefined;
  if (spec.db !== undefined) {
    const store = await openStore(spec.db);
    try {
      out = { factChecks: await loadFactChecks(store), db: spec.db };
      if (embedder !== undefined && out.factChecks.length > 0)
        stored = await store.listFactCheckVectors(embedder.id);
    } finally {
      await store.close();
    }
  } else {
    const imported = await readFactCheckFiles(spec.files ?? [], options);
    out = { factChecks: imported.factChecks, imported };
  }
  if (out.factChecks.length === 0)
    throw new LockstepError(
      'ERR_FACTCHECK_INPUT',
      `no fact checks to match against in ${spec.db ?? (spec.files ?? []).join(', ')}`,
      { file: spec.db ?? spec.files?.[0] ?? '' },
    );
  if (dense !== undefined && embedder !== undefined)
    out.dense = await denseSide(
      out.factChecks,
      embedder,
      dense.model,
      stored,
      spec.db !== undefined,
      dense.log,
    );
  return out;
}

/**
 * `detect --factchecks SPEC`: SPEC is a store (PostgreSQL URL, SQLite file) or a fact-check file in
 * any import format. Bad records in a file are returned for the caller to report.
 */
export async function loadFactChecksFrom(
  spec: string,
  dense?: { model: string; log: (line: string) => void },
): Promise<FactCheckSource> {
  return loadFactCheckSource((await isStoreLocation(spec)) ? { db: spec } : { files: [spec] }, {}, dense);
}

/** The dense index of the fact checks' vectors: the stored ones that still fit, the rest embedded now. */
async function denseSide(
  factChecks: readonly FactCheck[],
  embedder: Embedder,
  model: string,
  stored: readonly FactCheckVector[] | undefined,
  fromStore: boolean,
  log: (line: string) => void,
): Promise<DenseSide> {
  const { DenseIndex } = await import('./dense.js');
  const { describeVectors, vectorsFor } = await import('./vectors.js');
  const t0 = performance.now();
  const v = await vectorsFor(factChecks, embedder, stored);
  log(describeVectors(v, model, (performance.now() - t0) / 1000, fromStore));
  return { embedder, index: new DenseIndex(v.vectors, v.dim), embedded: v.embedded.length, reused: v.reused };
}
