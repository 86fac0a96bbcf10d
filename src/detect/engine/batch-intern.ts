/**
 * Interning inside a parse worker: an encoded batch (engine/post-batch.ts) becomes integers in the
 * worker's own numbering plus only the strings that worker had not sent before (the encoder numbers
 * keys and objects itself; this adds the texts and normalises the originals). With several parse
 * workers (cli/read/chunk-source.ts) the main thread then translates each worker's integers into the
 * run's numbering by an array lookup, and only the distinct strings cross threads — not every post's
 * strings, whose structured clone and re-hashing in the main thread were ~30 % of a read in the
 * profile of docs/INGEST.md. Original texts are normalised here (the other large share of the main
 * thread's time) but not interned: most are distinct (458k of 539k on 1M simulated IRA posts), so a
 * worker-side table would only hash them twice.
 *
 * Why the run's numbering stays that of one thread: the main thread consumes the chunks in file order
 * and translates a worker's integer the first time a post uses it, so every string gets its run
 * integer at its first use in file order, as engine/actions.ts assigns them. A string first used in
 * the file at post P was, a fortiori, first used by P's worker at P, so the worker sent it (and, for
 * texts, the raw text the run keeps for it) with P's batch.
 *
 * Cost: one `normaliseText` per original post, O(1) per key and object; the encoder's tables hold the
 * distinct keys and objects this worker has seen, once.
 */
import {
  FIRST_TEXT,
  HAS_ID,
  HAS_KEY,
  ORIGINAL_TEXT,
  type EncodedBatch,
  type EncodedTail,
} from './encoded-batch.js';
import { hasCoPostWords, normaliseText } from './text.js';

/** A batch in one worker's numbering (see the file comment); posts in file order within the batch. */
export interface InternedBatch extends Omit<
  EncodedBatch,
  'kind' | 'strs' | 'ids' | 'texts' | 'keys' | 'objects'
> {
  kind: 'interned';
  /** The parse worker whose numbering `account` (and `newAccounts`) and `refs` use. */
  source: number;
  /** Per post: its retweet key's integer (HAS_KEY), then its objects' (the worker encoder's own numbers). */
  refs: Int32Array;
  /** Post ids of the posts with HAS_ID, in order (each distinct: not interned). */
  ids: string[];
  /** Per post in order: its key's first text (FIRST_TEXT), or its original's raw text (ORIGINAL_TEXT). */
  texts: string[];
  /** Per ORIGINAL_TEXT post: its normalised text (not interned here: most originals are distinct). */
  originals: string[];
  /** Per ORIGINAL_TEXT post: 1 when its normalised text has at least CO_POST_MIN_WORDS words. */
  originalWords: Uint8Array;
}

/** The end of one parse worker's stream: its encoder's tail in its account numbering. */
export interface InternedTail {
  kind: 'interned-tail';
  tails: EncodedTail[];
}

export class BatchInterner {
  constructor(
    private readonly source: number,
    private readonly fields: number,
  ) {}

  intern(b: EncodedBatch): InternedBatch {
    if (b.texts !== undefined) throw new Error('BatchInterner: texts arrive as strings from a parse worker');
    const nf = this.fields;
    const refs: number[] = [];
    const ids: string[] = [];
    const texts: string[] = [];
    const originals: string[] = [];
    const words = new Uint8Array(b.count);
    let nOrig = 0;
    const { strs, counts, keys, objects } = b;
    const flags = b.flags;
    let s = 0;
    let k = 0;
    let o = 0;
    for (let i = 0; i < b.count; i++) {
      const f = flags[i]!;
      if ((f & HAS_ID) !== 0) ids.push(strs[s++]!);
      // Keys and objects arrive numbered by this worker's encoder in first-seen order, with the new
      // ones' strings (`newKeys`, `newObjects`): that is this worker's numbering.
      if ((f & HAS_KEY) !== 0) {
        refs.push(keys[k++]!);
        if ((f & FIRST_TEXT) !== 0) texts.push(strs[s++]!);
      }
      if ((f & ORIGINAL_TEXT) !== 0) {
        const text = strs[s++]!;
        const norm = normaliseText(text);
        originals.push(norm);
        words[nOrig++] = hasCoPostWords(norm) ? 1 : 0;
        texts.push(text);
      }
      for (let x = 0; x < nf; x++) {
        const c = counts[i * nf + x]!;
        for (let j = 0; j < c; j++) refs.push(objects[o++]!);
      }
    }
    return {
      kind: 'interned',
      source: this.source,
      count: b.count,
      account: b.account,
      newAccounts: b.newAccounts,
      time: b.time,
      flags,
      counts,
      refs: Int32Array.from(refs),
      ids,
      texts,
      originals,
      originalWords: words.slice(0, nOrig),
      newKeys: b.newKeys,
      newObjects: b.newObjects,
    };
  }
}

/** The typed arrays of a batch, to transfer rather than copy. */
export function transferables(b: InternedBatch): ArrayBuffer[] {
  return [b.account, b.time, b.flags, b.counts, b.refs, b.originalWords].map((a) => a.buffer as ArrayBuffer);
}
