import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TextInterner } from '../engine/text-interner.js';
import { nearDuplicateGroupsOfSharedInWorker } from './in-worker.js';
import { groupInputs, nearDuplicateGroupsDetailed } from './near-duplicates.js';
import { SharedInputs } from './shared-inputs.js';

/** Distinct texts (near duplicates, co-similar-equal variants, short ones, emoji) and an input order over them. */
function fixture(): { texts: TextInterner; order: Int32Array; strings: string[] } {
  let s = 3;
  const rnd = (n: number): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) % n;
  // 40 families of 15-word texts over a 300-word vocabulary.
  const bases = Array.from({ length: 40 }, () => Array.from({ length: 15 }, () => `v${rnd(300)}`));
  const texts = new TextInterner();
  for (let i = 0; i < 3000; i++) {
    const w = [...bases[rnd(bases.length)]!];
    for (let c = rnd(4); c > 0; c--)
      w[rnd(w.length)] = ['bridge', 'road', `w${rnd(50)}`, '🙂', 'café'][rnd(5)]!;
    // Punctuation and mentions that co-similar's normalisation drops: distinct here, one text there.
    if (rnd(3) === 0) w.push(rnd(2) === 0 ? '!!' : `@u${rnd(9)}`);
    texts.id(rnd(10) === 0 ? w.slice(0, 3).join(' ') : w.join(' '));
  }
  const order: number[] = [];
  for (let k = 0; k < texts.size; k++) order.push(k);
  for (let k = 0; k < texts.size; k++) if (rnd(3) === 0) order.push(k);
  return { texts, order: Int32Array.from(order), strings: texts.strings };
}

describe('SharedInputs', () => {
  it('groups texts in shared memory as nearDuplicateGroups groups the same texts as strings', () => {
    const { texts, order, strings } = fixture();
    const want = nearDuplicateGroupsDetailed(Array.from(order, (k) => strings[k]!));
    const got = groupInputs(new SharedInputs(texts.shared()!, order));
    assert.ok(
      want.diagnostics.groups > 10 && want.diagnostics.short > 0,
      'the fixture has groups and short texts',
    );
    assert.ok(want.diagnostics.distinct < texts.size * 0.9, 'and texts that co-similar takes as one');
    assert.deepEqual(got.groups, want.groups);
    // Every diagnostic but the stage timings.
    assert.deepEqual({ ...got.diagnostics, ms: undefined }, { ...want.diagnostics, ms: undefined });
  });

  it('gives the same groups from a worker thread', async () => {
    const { texts, order, strings } = fixture();
    const want = nearDuplicateGroupsDetailed(
      Array.from(order, (k) => strings[k]!),
      { seed: 5 },
    ).groups;
    assert.deepEqual(await nearDuplicateGroupsOfSharedInWorker(texts.shared()!, order, { seed: 5 }), want);
  });
});
