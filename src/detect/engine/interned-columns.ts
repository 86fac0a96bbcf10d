/**
 * The main thread's side of engine/batch-intern.ts: batches interned by several parse workers, each in
 * its own numbering, are translated into the run's numbering and added to the columns in file order;
 * the workers' tails are merged into one. The file comment of batch-intern.ts says why the result is
 * the one-thread result, integer for integer.
 *
 * Cost: one array lookup per string per post, one Map probe per distinct string per worker; memory: one
 * integer and one string reference per distinct string per worker.
 */
import type { AccountProfile } from '../../core/post.js';
import type { ColumnsBuilder } from './actions.js';
import type { Interner } from './intern.js';
import type { InternedBatch, InternedTail } from './batch-intern.js';
import {
  COLUMN_FLAGS,
  FIRST_TEXT,
  HAS_ID,
  HAS_KEY,
  ORIGINAL_TEXT,
  type EncodedTail,
} from './encoded-batch.js';

/** One worker's strings by its integer, and their run integers once translated (−1: not yet). */
class Translation {
  readonly strings: string[] = [];
  private map = new Int32Array(1024).fill(-1);

  add(news: readonly string[]): void {
    for (const s of news) this.strings.push(s);
    if (this.strings.length > this.map.length) {
      const grown = new Int32Array(Math.max(this.strings.length, this.map.length * 2)).fill(-1);
      grown.set(this.map);
      this.map = grown;
    }
  }

  /** The run integer of local `i`; interned into `into` at its first use. */
  run(i: number, into: Interner): number {
    let g = this.map[i]!;
    if (g < 0) {
      const s = this.strings[i];
      if (s === undefined) throw new Error(`interned batch: worker string ${i} was never sent`);
      g = into.id(s);
      this.map[i] = g;
    }
    return g;
  }

  /** Local → run integer (−1 where never used). */
  get table(): Int32Array {
    return this.map;
  }
}

interface WorkerState {
  accounts: Translation;
  keys: Translation;
  objects: Translation[];
}

export class InternedColumns {
  private readonly workers: WorkerState[] = [];

  constructor(private readonly b: ColumnsBuilder) {}

  private worker(source: number): WorkerState {
    let w = this.workers[source];
    if (w === undefined) {
      w = {
        accounts: new Translation(),
        keys: new Translation(),
        objects: this.b.builders.map(() => new Translation()),
      };
      this.workers[source] = w;
    }
    return w;
  }

  add(msg: InternedBatch): void {
    const b = this.b;
    const w = this.worker(msg.source);
    w.accounts.add(msg.newAccounts);
    w.keys.add(msg.newKeys);
    msg.newObjects.forEach((news, x) => {
      w.objects[x]!.add(news);
    });
    const { refs, counts, ids, texts } = msg;
    const nf = b.builders.length;
    let r = 0;
    let idAt = 0;
    let t = 0;
    let o = 0;
    for (let i = 0; i < msg.count; i++) {
      const f = msg.flags[i]!;
      b.account.push(w.accounts.run(msg.account[i]!, b.accounts));
      b.time.push(msg.time[i]!);
      b.flags.push(f & COLUMN_FLAGS);
      b.pushId((f & HAS_ID) !== 0 ? ids[idAt++]! : undefined);
      let ref = -1;
      let orig = -1;
      if ((f & HAS_KEY) !== 0) {
        const k = w.keys.run(refs[r++]!, b.retweetKeys);
        ref = b.pushKey(k, (f & FIRST_TEXT) !== 0 ? texts[t++]! : undefined, f);
      }
      if ((f & ORIGINAL_TEXT) !== 0) {
        const raw = texts[t++]!;
        orig = b.originalTexts.id(msg.originals[o]!);
        ref = b.pushOriginal(orig, raw, msg.originalWords[o++] === 1);
      }
      b.textRef.push(ref);
      b.originalText.push(orig);
      for (let x = 0; x < nf; x++) {
        const c = counts[i * nf + x]!;
        if (c === 0) continue;
        const builder = b.builders[x]!;
        const tr = w.objects[x]!;
        for (let j = 0; j < c; j++) {
          builder.object.push(tr.run(refs[r++]!, builder.objects));
          builder.post.push(b.n);
        }
      }
      b.n++;
    }
  }

  /**
   * One tail in the run's numbering: an account's profile is the one on its latest post (a tie goes
   * to the later post in the file, as PostEncoder does), its screen name the first one in the file.
   */
  tail(msg: InternedTail): EncodedTail {
    const profiles: (AccountProfile | undefined)[] = [];
    const latest: number[] = [];
    const chunkOf: number[] = [];
    const names: { g: number; name: string; at: number }[] = [];
    const firstName = new Map<number, number>();
    msg.tails.forEach((tail, source) => {
      const order = tail.order;
      if (order === undefined) throw new Error('interned tail: a worker tail lacks its order');
      const accounts = this.worker(source).accounts.table;
      tail.profiles.forEach((p, a) => {
        const g = accounts[a] ?? -1;
        if (p === undefined || g < 0) return;
        const time = order.latest[a]!;
        const chunk = order.profileChunk[a]!;
        const t0 = latest[g];
        if (t0 === undefined || time > t0 || (time === t0 && chunk > chunkOf[g]!)) {
          profiles[g] = p;
          latest[g] = time;
          chunkOf[g] = chunk;
        }
      });
      tail.screenNames.forEach(([a, name], k) => {
        const g = accounts[a] ?? -1;
        if (g < 0) return;
        const at = order.nameAt[k]!;
        const prior = firstName.get(g);
        if (prior === undefined || at < names[prior]!.at) {
          if (prior === undefined) {
            firstName.set(g, names.length);
            names.push({ g, name, at });
          } else names[prior] = { g, name, at };
        }
      });
    });
    // Screen names in the order their first posts come in the file (the one-thread Map's insertion order).
    names.sort((x, y) => x.at - y.at);
    return { kind: 'tail', profiles, screenNames: names.map((e) => [e.g, e.name]) };
  }
}
