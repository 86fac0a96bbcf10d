import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nearDuplicateGroupsInWorker, nearDuplicateGroupsOfOrder } from './in-worker.js';
import { nearDuplicateGroups } from './near-duplicates.js';

const BASE = 'the council will vote on the new bridge budget next tuesday so call your member';
const STRINGS = [
  `${BASE} today`,
  'lovely weather at the lake this weekend with all of my friends',
  `${BASE} tonight`,
  'short one',
  `${BASE} now please`,
];

describe('co-similar in a worker', () => {
  it('groups as nearDuplicateGroups does on the same texts', async () => {
    const texts = [...STRINGS, 'a b c d e f g h', 'a b c d e f g h'];
    assert.deepEqual(
      await nearDuplicateGroupsInWorker(texts, { seed: 3 }),
      nearDuplicateGroups(texts, { seed: 3 }),
    );
  });

  it('groups the texts an order picks, repeats included, as nearDuplicateGroups does on them', async () => {
    const order = Int32Array.of(0, 1, 2, 3, 4, 1, 3);
    const expected = nearDuplicateGroups(
      Array.from(order, (k) => STRINGS[k]!),
      { seed: 5 },
    );
    // The repeated text forms a group with its first use; the short one stays out.
    assert.notEqual(expected[1], -1);
    assert.equal(expected[1], expected[5]);
    assert.equal(expected[3], -1);
    assert.deepEqual(await nearDuplicateGroupsOfOrder(STRINGS, order, { seed: 5 }), expected);
  });

  it('leaves an order entry past the texts out, as nearDuplicateGroups leaves a missing text', async () => {
    const got = await nearDuplicateGroupsOfOrder(STRINGS, Int32Array.of(0, 9, 2), { seed: 1 });
    assert.deepEqual(
      got,
      nearDuplicateGroups([STRINGS[0]!, undefined as unknown as string, STRINGS[2]!], { seed: 1 }),
    );
    assert.equal(got[1], -1);
    assert.equal(got[0], got[2]);
  });

  it('rejects a bad option with its coded error from the worker', async () => {
    await assert.rejects(nearDuplicateGroupsOfOrder(STRINGS, Int32Array.of(0, 1), { threshold: 2 }), {
      code: 'ERR_DETECT_SIMILAR_OPTION',
    });
  });
});
