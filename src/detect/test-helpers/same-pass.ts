/**
 * Test helper: what "the same results" means for a counting engine (--engine duckdb, clickhouse)
 * against engine/lockstep.ts — one behaviour's pass column for column, and a whole DetectionResult but
 * for when it ran.
 */
import assert from 'node:assert/strict';
import type { Post } from '../../core/post.js';
import type { DetectionResult } from '../../core/result.js';
import { simulate } from '../../simulate/index.js';
import type { Behaviour } from '../../core/behaviour.js';
import { collectActions, type ActionTable, type PostColumns } from '../engine/actions.js';
import { lockstepPass, type BehaviourPass, type LockstepOptions } from '../engine/lockstep.js';
import { detect } from '../index.js';
import type { DetectOptions } from '../options.js';
import { germanPosts, russianPosts } from './coortweet-csv.js';

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

/** The whole-pipeline cases every engine is held to: both CooRTweet sets and a seeded simulation. */
export const PIPELINE_RUNS: [string, () => Post[], DetectOptions][] = [
  ['russian (archive reference)', russianPosts, { reference: 'archive' }],
  ['german', germanPosts, {}],
  ['simulation 20k seed 5', () => [...simulate({ posts: 20_000, seed: 5 }).posts], { parallel: false }],
];

/**
 * `detect` with `engine` (its options) equals the in-memory `detect` but for timings, and names the
 * engine in run.json and a stage matching `stage` in its progress.
 */
export async function assertSameDetection(
  posts: Post[],
  options: DetectOptions,
  engine: Pick<DetectOptions, 'engine' | 'duckdb' | 'clickhouse'>,
  stage: RegExp,
): Promise<void> {
  const want = await detect(posts, options);
  const stages: string[] = [];
  const got = await detect(posts, { ...options, ...engine, onProgress: (s) => stages.push(s) });
  assert.ok(want.networks.length > 0, 'networks to compare');
  assert.deepEqual(comparable(got), comparable(want));
  assert.equal(got.parameters.engine, engine.engine, 'run.json names the engine');
  assert.ok(
    stages.some((s) => stage.test(s)),
    `progress names the engine's stages: ${stages.join('; ')}`,
  );
}

/** One behaviour's pass on one data set: [name, posts, behaviour, options]. */
export type PassCase = [string, Post[], Behaviour, LockstepOptions];

/** The per-behaviour cases every engine is held to (the shared sets and a seeded simulation). */
export function passCases(): PassCase[] {
  const russian = russianPosts();
  const german = germanPosts();
  const sim = [...simulate({ posts: 20_000, seed: 5 }).posts];
  return [
    ['russian', russian, 'co-retweet', { window: 60, maxCrowd: 5, minPairCoActions: 2 }],
    ['german', german, 'co-link', { window: 60, maxCrowd: 200, minPairCoActions: 1 }],
    ['german', german, 'co-hashtag', { window: 1800, maxCrowd: 200, minPairCoActions: 2 }],
    ['simulation', sim, 'co-retweet', { window: 1800, maxCrowd: 200, minPairCoActions: 2 }],
    ['simulation', sim, 'co-domain', { window: 1800, maxCrowd: 3, minPairCoActions: 2 }],
  ];
}

/** `engine.pass` on one behaviour's actions equals `lockstepPass` on the same actions. */
export async function assertSamePassOf(
  engine: { pass(t: ActionTable, c: PostColumns, o: LockstepOptions): Promise<BehaviourPass> },
  [, posts, behaviour, options]: PassCase,
): Promise<void> {
  const { columns, tables } = await collectActions(posts, {
    behaviours: [behaviour],
    repostsOnlyRetweet: true,
  });
  const table = tables[0]!;
  assertSamePass(await engine.pass(table, columns, options), lockstepPass(table, columns, options));
}
