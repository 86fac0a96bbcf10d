/**
 * co-similar's input as detect builds it (similar-table.ts `similarOrder`: each distinct normalised
 * text once, then again those used by several posts) over texts in shared memory (engine/
 * text-arena.ts), for `groupInputs` (near-duplicates.ts) in the worker: input i is text `order[i]`,
 * built as a string only when stage 1 reads it, and a text's second input is known to repeat its
 * first, so it is not scanned again.
 *
 * Cost: O(1) per input besides the string (O(length), young garbage); memory one Int32 per text.
 */
import { SharedTextReader, type SharedTexts } from '../engine/text-arena.js';
import type { TextInputs } from './near-duplicates.js';

export class SharedInputs implements TextInputs {
  readonly length: number;
  private readonly reader: SharedTextReader;
  /** Per text, its first input (−1 before it). */
  private readonly first: Int32Array;

  constructor(
    texts: SharedTexts,
    private readonly order: Int32Array,
  ) {
    this.length = order.length;
    this.reader = new SharedTextReader(texts);
    this.first = new Int32Array(texts.count).fill(-1);
  }

  text(i: number): string {
    return this.reader.text(this.order[i]!);
  }

  earlier(i: number): number {
    const k = this.order[i]!;
    const e = this.first[k]!;
    if (e < 0) this.first[k] = i;
    return e;
  }
}
