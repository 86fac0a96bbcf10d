/**
 * One quantity, one test (issue #9): every reported network and edge must be clearly above what the
 * chance model expects — observed ≥ effectFloor × expected, so never observed ≤ expected — and a
 * network's summary must quote exactly the observed and expected co-actions its test used. Checked on
 * a seeded simulation (planted campaigns among an organic crowd) and on the two real CooRTweet data
 * sets when the shared data is present.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { DetectionResult } from '../core/result.js';
import { readAllPosts } from '../ingest/read.js';
import { IngestStats } from '../ingest/stats.js';
import { simulate } from '../simulate/simulate.js';
import { sharedPath } from '../test-helpers/shared-dir.js';
import { detect } from './index.js';
import { DEFAULT_EFFECT_FLOOR } from './options.js';

function checkConsistent(r: DetectionResult, floor: number): void {
  assert.equal(r.parameters['effectFloor'], floor);
  assert.deepEqual((r.parameters['nullModel'] as { nulls: string[] }).nulls, [
    'crowd',
    'shared-interest',
    'time-local',
    'object-timeline',
  ]);
  for (const n of r.networks) {
    const { observed, expected, chance } = n;
    assert.ok(observed !== undefined && expected !== undefined && chance, `${n.id} has no chance test`);
    assert.ok(observed > expected, `${n.id}: observed ${observed} ≤ expected ${expected}`);
    assert.ok(observed >= floor * expected, `${n.id}: observed ${observed} < ${floor} × ${expected}`);
    const deciding = chance.find((c) => c.behaviour === n.chanceBehaviour && c.test === n.chanceTest);
    assert.ok(deciding, `${n.id}: deciding behaviour ${n.chanceBehaviour} not among its tests`);
    assert.equal(deciding.observed, observed);
    assert.equal(deciding.expected, expected);
    const oneLife = (r.parameters['nullModel'] as { oneLifeBehaviours: string[] }).oneLifeBehaviours;
    const B = r.parameters.behaviours.reduce((k, b) => k + (oneLife.includes(b) ? 2 : 1), 0);
    assert.equal(n.pValue, Math.min(1, B * deciding.pValue), `${n.id}: p is not the Bonferroni minimum`);
    for (const c of chance) assert.ok(c.pValue >= deciding.pValue, `${n.id}: ${c.behaviour} has a smaller p`);
    assert.ok(
      n.summary.includes(` ${Math.round(observed).toLocaleString('en-US')} `),
      `${n.id}: summary lacks ${observed}`,
    );
    assert.ok(
      n.summary.includes(expected.toPrecision(2)),
      `${n.id}: summary lacks ${expected.toPrecision(2)}`,
    );
  }
  for (const e of r.edges) {
    assert.ok(e.expected !== undefined, `edge ${e.a}–${e.b} ${e.behaviour} has no expectation`);
    assert.ok(e.coActions > e.expected, `edge ${e.a}–${e.b} ${e.behaviour}: ${e.coActions} ≤ ${e.expected}`);
    assert.ok(
      e.coActions >= floor * e.expected,
      `edge ${e.a}–${e.b}: ${e.coActions} < ${floor} × ${e.expected}`,
    );
  }
}

describe('effect floor and one chance quantity', () => {
  it('holds on a seeded simulation, and a higher floor reports a subset', async () => {
    const sim = simulate({ posts: 30_000, seed: 3 });
    const r = await detect(sim.posts, { seed: 1 });
    assert.ok(r.networks.length > 0, 'the simulation should yield networks');
    checkConsistent(r, DEFAULT_EFFECT_FLOOR);
    const strict = await detect(sim.posts, { seed: 1, effectFloor: 20 });
    checkConsistent(strict, 20);
    const loose = new Set(r.edges.map((e) => `${e.a} ${e.b} ${e.behaviour}`));
    for (const e of strict.edges) assert.ok(loose.has(`${e.a} ${e.b} ${e.behaviour}`));
    assert.ok(strict.edges.length < r.edges.length, 'a floor of 20× should drop some edges');
  });

  for (const name of ['russian_coord_tweets.csv', 'german_elections.csv']) {
    const path = sharedPath('data', 'coortweet', name);
    it(
      `holds on the real CooRTweet set ${name}`,
      { skip: !existsSync(path) && `${path} is absent` },
      async () => {
        const r = await detect(readAllPosts([path], {}, new IngestStats()), { seed: 1 });
        checkConsistent(r, DEFAULT_EFFECT_FLOOR);
      },
    );
  }

  it('rejects a floor below 1', async () => {
    await assert.rejects(detect([], { effectFloor: 0.5 }), /effectFloor must be a number ≥ 1/);
  });
});
