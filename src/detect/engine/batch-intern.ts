/**
 * Interning inside a parse worker: an encoded batch (engine/post-batch.ts) becomes integers in the
 * worker's own numbering plus only the strings that worker had not sent before. With several parse
 * workers (cli/read/chunk-source.ts) the main thread then translates each worker's integers into the
 * run's numbering by an array lookup, and only the distinct strings cross threads — not every post's
 * strings, whose structured clone and re-hashing in the main thread were ~30 % of a read in the
 * profile of docs/INGEST.md. Original texts are normalised here as well (the other large share of the
 * main thread's time).
 *
 * Why the run's numbering stays that of one thread: the main thread consumes the chunks in file order
 * and translates a worker's integer the first time a post uses it, so every string gets its run
 * integer at its first use in file order, as engine/actions.ts assigns them. A string first used in
 * the file at post P was, a fortiori, first used by P's worker at P, so the worker sent it (and, for
 * texts, the raw text the run keeps for it) with P's batch.
 *
 * Cost: one Map probe per string per post (the work engine/actions.ts would do), one `normaliseText`
 * per original post; memory: the distinct strings this worker has seen, once.
 */
import { Interner } from './intern.js';
import {
  FIRST_TEXT,
  HAS_ID,
  HAS_KEY,
  HAS_TEXT,
  ORIGINAL_TEXT,
  type EncodedBatch,
  type EncodedTail,
} from './post-batch.js';
import { hasCoPostWords, normaliseText } from './text.js';

/** A batch in one worker's numbering (see the file comment); posts in file order within the batch. */
export interface InternedBatch {
  kind: 'interned';
  /** The parse worker whose numbering `account` and `refs` use. */
  source: number;
  count: number;
  /** Post → the worker's account integer. */
  account: Int32Array;
  /** Accounts new to the worker in this batch, in integer order. */
  newAccounts: string[];
  time: Float64Array;
  /** EncodedBatch's flags, plus FIRST_TEXT. */
  flags: Uint8Array;
  /** Post × field behaviour → number of its objects in `refs`. */
  counts: Int32Array;
  /** Per post: its retweet key's integer (HAS_KEY), its original text's (ORIGINAL_TEXT), then its objects'. */
  refs: Int32Array;
  /** Post ids of the posts with HAS_ID, in order (each distinct: not interned). */
  ids: string[];
  /** Per post in order: its key's first text (FIRST_TEXT), then its original's raw text when the original is new to the worker. */
  texts: string[];
  newKeys: string[];
  /** Normalised original texts new to the worker, and 1 where one has at least CO_POST_MIN_WORDS words. */
  newOriginals: string[];
  originalWords: Uint8Array;
  /** Per field behaviour, its objects new to the worker. */
  newObjects: string[][];
}

/** The end of one parse worker's stream: its encoder's tail in its account numbering. */
export interface InternedTail {
  kind: 'interned-tail';
  tails: EncodedTail[];
}

export class BatchInterner {
  private readonly keys = new Interner();
  private readonly originals = new Interner();
  private readonly objects: Interner[];
  /** Key integer → 1 once a text for it was sent. */
  private keyText = new Uint8Array(1024);

  constructor(
    private readonly source: number,
    fields: number,
  ) {
    this.objects = Array.from({ length: fields }, () => new Interner());
  }

  intern(b: EncodedBatch): InternedBatch {
    const nf = this.objects.length;
    const refs: number[] = [];
    const ids: string[] = [];
    const texts: string[] = [];
    const newKeys: string[] = [];
    const newOriginals: string[] = [];
    const words: number[] = [];
    const newObjects: string[][] = this.objects.map(() => []);
    const { strs, counts } = b;
    const flags = b.flags;
    let s = 0;
    for (let i = 0; i < b.count; i++) {
      let f = flags[i]!;
      if ((f & HAS_ID) !== 0) ids.push(strs[s++]!);
      if ((f & HAS_KEY) !== 0) {
        const key = strs[s++]!;
        const before = this.keys.size;
        const k = this.keys.id(key);
        if (k === before) newKeys.push(key);
        refs.push(k);
        if ((f & HAS_TEXT) !== 0) {
          const text = strs[s++]!;
          if (k >= this.keyText.length) {
            const grown = new Uint8Array(Math.max(k + 1, this.keyText.length * 2));
            grown.set(this.keyText);
            this.keyText = grown;
          }
          if (this.keyText[k] !== 1) {
            this.keyText[k] = 1;
            f |= FIRST_TEXT;
            texts.push(text);
          }
        }
      }
      if ((f & ORIGINAL_TEXT) !== 0) {
        const text = strs[s++]!;
        const norm = normaliseText(text);
        const before = this.originals.size;
        const o = this.originals.id(norm);
        if (o === before) {
          newOriginals.push(norm);
          words.push(hasCoPostWords(norm) ? 1 : 0);
          texts.push(text);
        }
        refs.push(o);
      }
      flags[i] = f;
      for (let x = 0; x < nf; x++) {
        const c = counts[i * nf + x]!;
        if (c === 0) continue;
        const objects = this.objects[x]!;
        for (let j = 0; j < c; j++) {
          const obj = strs[s++]!;
          const before = objects.size;
          const id = objects.id(obj);
          if (id === before) newObjects[x]!.push(obj);
          refs.push(id);
        }
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
      newKeys,
      newOriginals,
      originalWords: Uint8Array.from(words),
      newObjects,
    };
  }
}

/** The typed arrays of a batch, to transfer rather than copy. */
export function transferables(b: InternedBatch): ArrayBuffer[] {
  return [b.account, b.time, b.flags, b.counts, b.refs, b.originalWords].map((a) => a.buffer as ArrayBuffer);
}
