/**
 * Test helper: what "the same results" means for a counting engine (--engine duckdb, clickhouse)
 * against engine/lockstep.ts — one behaviour's pass column for column, and a whole DetectionResult but
 * for when it ran.
 */
import assert from 'node:assert/strict';
import type { DetectionResult } from '../../core/result.js';
import type { BehaviourPass } from '../engine/lockstep.js';

export function assertSamePass(got: BehaviourPass, want: BehaviourPass): void {
  assert.ok(want.pairs.size > 0, 'pairs to compare');
  // Both list pairs by (a, b) and weights are multiples of 2⁻³² (engine/crowd-weights.ts), so the pair
  // table is equal column for column, bit for bit.
  assert.deepEqual(got.pairs, want.pairs, 'pair table');
  assert.deepEqual(got.kept, want.kept, 'eligible actions');
  assert.deepEqual(got.activity, want.activity, 'n_a');
  assert.deepEqual(got.degree, want.degree, 'D_a');
  assert.deepEqual(got.active, want.active, 'active accounts');
  assert.deepEqual(got.order, want.order, 'order');
  assert.deepEqual(got.starts, want.starts, 'object starts');
  for (const k of [
    'eligibleActions',
    'coActions',
    'activeAccounts',
    'collapsedActions',
    'crowdedActions',
    'uniformRate',
    'window',
  ] as const)
    assert.equal(got[k], want[k], k);
}

/** Everything but when it ran and how long it took. */
export function comparable(r: DetectionResult): Partial<DetectionResult> {
  const copy: Partial<DetectionResult> = { ...r };
  delete copy.timings;
  delete copy.startedAt;
  delete copy.finishedAt;
  delete copy.peakRssBytes;
  copy.parameters = { ...r.parameters, engine: undefined };
  return copy;
}
