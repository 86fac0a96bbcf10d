/**
 * The candidate screen keeps every account the later stages can use: on the shared CooRTweet sets and a
 * simulation, each reported edge's accounts and each network's members are candidates, while the screen
 * still leaves most co-acting accounts out (else bringing back candidates only would save nothing).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Behaviour } from '../core/behaviour.js';
import type { Post } from '../core/post.js';
import { simulate } from '../simulate/index.js';
import { CandidateScreen } from './candidate-screen.js';
import { collectActions } from './engine/actions.js';
import { lockstepPass } from './engine/lockstep.js';
import { detect } from './index.js';
import {
  DEFAULT_EFFECT_FLOOR,
  DEFAULT_FDR,
  DEFAULT_LOCKSTEP_WINDOW,
  DEFAULT_MAX_CROWD,
  type DetectOptions,
} from './options.js';
import { germanPosts, russianPosts } from './test-helpers/coortweet-csv.js';

const CASES: [string, () => Post[], Behaviour[], DetectOptions?][] = [
  ['russian (archive reference)', russianPosts, ['co-retweet'], { reference: 'archive' }],
  ['german', germanPosts, ['co-link', 'co-domain', 'co-hashtag']],
  [
    'simulation 20k seed 5',
    () => [...simulate({ posts: 20_000, seed: 5 }).posts],
    ['co-retweet', 'co-link', 'co-domain', 'co-hashtag', 'co-post'],
  ],
];

describe('candidate screen', () => {
  /**
   * Eight accounts, N = 1,000 eligible actions, R = 10 pairs at minParticipation, so the BH bound is
   * 0.05 · 10 / (28 · 1) ≈ 0.0179. Crowd nulls: 20·20/1000 = 0.4 for accounts 0–3 and 6–7, 100·100/1000
   * = 10 for 4–5. Window 1800 s: the lag test's π = 60/1800, 30 positions, two tests.
   */
  for (const [behaviour, lagPair] of [
    ['co-retweet', true],
    ['co-hashtag', false],
  ] as const)
    it(`keeps exactly the pairs that can pass the count or (one-life) lag test: ${behaviour}`, () => {
      const activity = Int32Array.from([20, 20, 20, 20, 100, 100, 20, 20]);
      const pass = {
        behaviour,
        window: 1800,
        activity,
        degree: Float64Array.from(activity),
        eligibleActions: 1000,
        uniformRate: 1,
        active: new Uint8Array(8).fill(1),
      };
      const screen = new CandidateScreen([pass], 8, 10, { minParticipation: 2, effectFloor: 3, fdr: 0.05 });
      // P(X ≥ 20 | 0.4): far under the bound.
      assert.equal(screen.isCandidate(0, 0, 1, 20, 0), true);
      // P(X ≥ 3 | 0.4) = 0.0079 < 0.0179; at 1.5× the null it would be 0.023.
      assert.equal(screen.isCandidate(0, 2, 3, 3, 0), true);
      // The shared-interest null (rate × Σ) explains the same three: 1 × 1.2 → P(X ≥ 3 | 1.2) = 0.12;
      // on a one-life behaviour the lag test's first stage still admits them (60 · P(X ≥ 3 | 0.1) ≈ 0.009).
      assert.equal(screen.isCandidate(0, 2, 3, 3, 1.2), lagPair);
      // P(X ≥ 2 | 0.4) = 0.062 > bound; and below minParticipation nothing is a candidate.
      assert.equal(screen.isCandidate(0, 6, 7, 2, 0), false);
      assert.equal(screen.isCandidate(0, 0, 1, 1, 0), false);
      // Six co-actions against a crowd null of 10 fail the count test; at one lag they pass the lag
      // test's first stage (60 · P(X ≥ 6 | 0.2) ≈ 4.5e-6) on one-life behaviours only.
      assert.equal(screen.isCandidate(0, 4, 5, 6, 0), lagPair);
      for (const [a, b, x] of [
        [0, 1, 20],
        [2, 3, 3],
        [6, 7, 2],
        [4, 5, 6],
      ] as const)
        screen.visit(0, a, b, x, 0);
      assert.deepEqual([...screen.candidate], [1, 1, 1, 1, lagPair ? 1 : 0, lagPair ? 1 : 0, 0, 0]);
      assert.equal(screen.count(), lagPair ? 6 : 4);
    });

  for (const [name, posts, behaviours, options] of CASES)
    it(`${name}: every edge account and network member is a candidate, most others are not`, async () => {
      const input = posts();
      const opts = { minParticipation: 2, effectFloor: DEFAULT_EFFECT_FLOOR, fdr: DEFAULT_FDR };
      const { columns, tables } = await collectActions(input, { behaviours, repostsOnlyRetweet: true });
      const used = tables.filter((t) => t.object.length > 0);
      const passes = used.map((t) =>
        lockstepPass(t, columns, {
          window: DEFAULT_LOCKSTEP_WINDOW,
          maxCrowd: DEFAULT_MAX_CROWD,
          minPairCoActions: 2,
        }),
      );
      let atMin = 0;
      for (const p of passes) atMin += p.pairs.size;
      const screen = new CandidateScreen(
        passes.map((p) => ({ ...p, behaviour: p.table.behaviour })),
        columns.accounts.size,
        atMin,
        opts,
      );
      const coActing = new Set<number>();
      passes.forEach((p, k) => {
        const { keysA, keysB, count, extra } = p.pairs;
        for (let s = 0; s < p.pairs.capacity; s++) {
          screen.visit(k, keysA[s]!, keysB[s]!, count[s]!, extra[s]!);
          coActing.add(keysA[s]!).add(keysB[s]!);
        }
      });
      const result = await detect(input, {
        ...options,
        behaviours: used.map((t) => t.behaviour),
        parallel: false,
      });
      const isCandidate = (account: string): boolean => screen.candidate[columns.accounts.get(account)] === 1;
      assert.ok(result.edges.length > 0, 'edges to check');
      for (const e of result.edges) assert.ok(isCandidate(e.a) && isCandidate(e.b), `${e.a}–${e.b}`);
      for (const n of result.networks) for (const m of n.members) assert.ok(isCandidate(m), m);
      assert.ok(screen.count() < coActing.size, `${screen.count()} of ${coActing.size} co-acting accounts`);
    });
});
