/**
 * The window's encoder of arrivals (window-actions.ts): engine/post-batch.ts's PostEncoder kept across
 * batches, and per encoder number the window's interned number. The encoder numbers accounts, retweet
 * keys and objects in first-seen order for its whole life, so only the strings it meets for the first
 * time are interned into the window's interners: a fresh encoder per 2,048-post batch handed every
 * batch's distinct accounts and keys to them again, a second string hash per post (bench/RESULTS.md,
 * "h-ingest").
 *
 * Cost: one window interning per distinct string per encoder, then an array read per post. Memory: the
 * encoder's tables (one entry per distinct account, key and object of its posts, the strings shared
 * with the window's interners) and the maps (4–8 bytes an entry); an encoder serves at most
 * ENCODER_POSTS posts, so these stay at a few MB however many posts the window holds.
 */
import { type EncodedBatch, type FieldBehaviour, PostEncoder } from '../engine/post-batch.js';
import type { Post } from '../../core/post.js';
import type { Interner } from '../engine/intern.js';

/** Posts one encoder numbers before the next starts: a batch's strings re-interned once in 32 batches. */
export const ENCODER_POSTS = 1 << 16;

/** Where the window's numbers live (replaced when the window compacts: then `reset`). */
export interface WindowInterners {
  accounts: Interner;
  keys: Interner;
  fieldObjects: Interner[];
}

/** A batch with its encoder numbers mapped to the window's. */
export interface ArrivalBatch {
  batch: EncodedBatch;
  accountOf: readonly number[];
  keyOf: readonly number[];
  objectOf: readonly (readonly number[])[];
}

export class ArrivalEncoder {
  private encoder!: PostEncoder;
  private posts = 0;
  private accountOf: number[] = [];
  private keyOf: number[] = [];
  private objectOf: number[][] = [];

  constructor(
    private readonly fields: readonly FieldBehaviour[],
    private readonly onlyRetweet: boolean,
  ) {
    this.reset();
  }

  /** Forgets every number (the window's interners were rebuilt, or the encoder served its posts). */
  reset(): void {
    this.encoder = new PostEncoder({ fields: this.fields, onlyRetweet: this.onlyRetweet });
    this.posts = 0;
    this.accountOf = [];
    this.keyOf = [];
    this.objectOf = this.fields.map(() => []);
  }

  encode(posts: readonly Post[], into: WindowInterners): ArrivalBatch {
    if (this.posts >= ENCODER_POSTS) this.reset();
    this.posts += posts.length;
    const batch = this.encoder.encode(posts);
    // The encoder numbers in first-seen order: its new strings extend the maps to the window's numbers.
    const { accountOf, keyOf, objectOf } = this;
    for (const name of batch.newAccounts) accountOf.push(into.accounts.id(name));
    for (const key of batch.newKeys) keyOf.push(into.keys.id(key));
    for (let b = 0; b < batch.newObjects.length; b++)
      for (const o of batch.newObjects[b]!) objectOf[b]!.push(into.fieldObjects[b]!.id(o));
    return { batch, accountOf, keyOf, objectOf };
  }
}
