/**
 * The batch a PostEncoder (engine/post-batch.ts) is filling, and the recycling of its buffers. A batch's
 * typed arrays are transferred to the consumer as they are; a consumer that has copied what it needs
 * (engine/actions.ts `addEncoded` keeps no view of a batch) can hand the same ArrayBuffers back
 * (`batchBuffers`, `PostEncoder.recycle`), and the next batch is filled in them.
 *
 * Why: every transferred buffer is a new ArrayBuffer on the receiving side, and V8 counts it as external
 * memory; every ~64 MB of new external memory starts a full marking of that thread's heap, whose size
 * grows with the input. At 3M posts the batches brought ~0.5 GB into the main thread while reading, and
 * the main thread's garbage collection while reading grew 7.4× from 3M to 10M posts (bench/RESULTS.md,
 * "h-sweep"). A buffer transferred back is detached, which takes its bytes off the count again, so
 * with recycling the external memory of the batches stays at the few sets in flight.
 *
 * Cost: none per post; memory: the sets in flight (the read worker's maxInFlight + 1), each sized by the
 * largest batch so far.
 */
import { GrowableFloat64, GrowableInt32, GrowableUint8 } from '../../core/growable.js';
import type { IdSink } from '../../core/row-handoff.js';
import type { EncodedBatch, EncoderOptions } from './encoded-batch.js';

/**
 * The buffers of `b`'s typed arrays, in the order `OpenBatch` takes them back: to transfer, then to
 * recycle. Only the buffers of a batch from `PostEncoder.flush` (each array its own buffer).
 */
export function batchBuffers(b: EncodedBatch): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [b.account, b.time, b.flags, b.counts, b.objects, b.keys];
  if (b.ids !== undefined) arrays.push(b.ids.bytes, b.ids.ends);
  if (b.texts !== undefined) arrays.push(b.texts.bytes, b.texts.ends);
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

/** The batch `PostEncoder.add` is filling; its arrays are handed over (and transferred) on flush. */
export class OpenBatch {
  n = 0;
  readonly account: GrowableInt32;
  readonly newAccounts: string[] = [];
  readonly time: GrowableFloat64;
  readonly flags: GrowableUint8;
  readonly counts: GrowableInt32;
  readonly objects: GrowableInt32;
  readonly newObjects: string[][];
  readonly keys: GrowableInt32;
  readonly newKeys: string[] = [];
  readonly strs: string[] = [];
  readonly ids: IdBytes | undefined;
  readonly texts: IdBytes | undefined;

  /** `spare`: a recycled batch's buffers (`batchBuffers` order), filled again from the start. */
  constructor(capacity: number, fields: number, options: EncoderOptions, spare?: readonly ArrayBuffer[]) {
    let at = 0;
    const next = (): ArrayBuffer | undefined => spare?.[at++];
    this.account = new GrowableInt32(capacity, next());
    this.time = new GrowableFloat64(capacity, next());
    this.flags = new GrowableUint8(capacity, next());
    this.counts = new GrowableInt32(capacity * Math.max(1, fields), next());
    this.objects = new GrowableInt32(capacity, next());
    this.keys = new GrowableInt32(capacity, next());
    this.newObjects = Array.from({ length: fields }, () => []);
    this.ids = options.idBytes === true ? new IdBytes(capacity, 20, next(), next()) : undefined;
    this.texts = options.textBytes === true ? new IdBytes(capacity, 64, next(), next()) : undefined;
    if (spare !== undefined && at !== spare.length)
      throw new Error(`OpenBatch: ${spare.length} spare buffers for a batch of ${at}`);
  }
}

/**
 * Post ids (or texts) as UTF-8 bytes in one buffer of the batch's own (never Buffer's shared pool: it
 * is transferred).
 */
class IdBytes implements IdSink {
  private buf: Buffer;
  private used = 0;
  private readonly ends: GrowableInt32;

  /**
   * `posts`: expected number of items; `each`: expected bytes per post (a tweet id has 18–19 digits);
   * `bytes`, `ends`: spare buffers to fill again.
   */
  constructor(posts: number, each: number, bytes?: ArrayBuffer, ends?: ArrayBuffer) {
    this.buf = Buffer.from(bytes ?? new ArrayBuffer(Math.max(64, posts * each)));
    this.ends = new GrowableInt32(posts, ends);
  }

  private room(n: number): void {
    if (this.used + n <= this.buf.length) return;
    const grown = Buffer.from(new ArrayBuffer(Math.max(this.used + n, this.buf.length * 2)));
    this.buf.copy(grown, 0, 0, this.used);
    this.buf = grown;
  }

  bytes(src: Uint8Array, start: number, end: number): void {
    this.room(end - start);
    const buf = this.buf;
    let at = this.used;
    // A loop for short items, not `set(src.subarray(…))`: ids are ~20 bytes, and the subarray was an
    // object per post; a longer text is copied natively.
    if (end - start > 64) {
      buf.set(src.subarray(start, end), at);
      at += end - start;
    } else for (let i = start; i < end; i++) buf[at++] = src[i]!;
    this.used = at;
    this.ends.push(at);
  }

  string(id: string): void {
    this.room(id.length * 3);
    this.used += this.buf.write(id, this.used, 'utf8');
    this.ends.push(this.used);
  }

  finish(): { bytes: Uint8Array; ends: Int32Array } {
    return { bytes: this.buf.subarray(0, this.used), ends: this.ends.view() };
  }
}
