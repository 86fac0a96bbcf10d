/**
 * How much of a data set the later stages would need if they read candidate accounts only (h-duck,
 * issue #15 item 2): the candidate screen (src/detect/candidate-screen.ts) over every behaviour's pairs
 * at the default settings, then the candidate accounts' share of accounts, posts, pairs and eligible
 * actions, the pairs that pass the screen themselves, and — what the object-timeline, audience and organic-contrast reads need besides — the
 * eligible actions of *all* accounts on the objects candidates acted on. Counting runs in memory
 * (engine/lockstep.ts), not timed. co-similar is left out (it needs the MinHash stage).
 * Usage: node --import tsx bench/candidate-share.ts POSTS_FILE
 */
import type { Behaviour } from '../src/core/behaviour.js';
import { CandidateScreen } from '../src/detect/candidate-screen.js';
import { collectActions } from '../src/detect/engine/actions.js';
import { lockstepPass } from '../src/detect/engine/lockstep.js';
import {
  DEFAULT_EFFECT_FLOOR,
  DEFAULT_FDR,
  DEFAULT_LOCKSTEP_WINDOW,
  DEFAULT_MAX_CROWD,
  DEFAULT_MIN_PARTICIPATION,
} from '../src/detect/options.js';
import { readPosts } from '../src/ingest/read.js';
import { IngestStats } from '../src/ingest/stats.js';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: bench/candidate-share.ts POSTS_FILE');
const behaviours: Behaviour[] = [
  'co-retweet',
  'co-link',
  'co-domain',
  'co-hashtag',
  'co-post',
  'co-reply',
  'co-mention',
  'co-image',
];
const { columns, tables } = await collectActions(readPosts(file, {}, new IngestStats()), {
  behaviours,
  repostsOnlyRetweet: true,
});
const passes = tables
  .filter((t) => t.object.length > 0)
  .map((t) =>
    lockstepPass(t, columns, {
      window: DEFAULT_LOCKSTEP_WINDOW,
      maxCrowd: DEFAULT_MAX_CROWD,
      minPairCoActions: DEFAULT_MIN_PARTICIPATION,
    }),
  );
const pairs = passes.reduce((n, p) => n + p.pairs.size, 0);
const screen = new CandidateScreen(
  passes.map((p) => ({ ...p, behaviour: p.table.behaviour })),
  columns.accounts.size,
  pairs,
  { minParticipation: DEFAULT_MIN_PARTICIPATION, effectFloor: DEFAULT_EFFECT_FLOOR, fdr: DEFAULT_FDR },
);
let passing = 0;
passes.forEach((p, k) => {
  const { keysA, keysB, count, extra } = p.pairs;
  for (let s = 0; s < p.pairs.capacity; s++) {
    if (screen.isCandidate(k, keysA[s]!, keysB[s]!, count[s]!, extra[s]!)) passing++;
    screen.visit(k, keysA[s]!, keysB[s]!, count[s]!, extra[s]!);
  }
});
const c = screen.candidate;
let candidatePosts = 0;
for (let p = 0; p < columns.count; p++) candidatePosts += c[columns.account[p]!]!;
let kept = 0;
let eligible = 0;
let candidateEligible = 0;
let onCandidateObjects = 0;
for (const p of passes) {
  kept += p.pairs.size === 0 ? 0 : countAmong(p.pairs.keysA, p.pairs.keysB);
  const touched = new Uint8Array(p.table.objects.size);
  for (let r = 0; r < p.kept.length; r++) {
    if (!p.kept[r]) continue;
    eligible++;
    if (c[columns.account[p.table.post[r]!]!]) {
      candidateEligible++;
      touched[p.table.object[r]!] = 1;
    }
  }
  for (let r = 0; r < p.kept.length; r++) if (p.kept[r] && touched[p.table.object[r]!]) onCandidateObjects++;
}
function countAmong(a: Int32Array, b: Int32Array): number {
  let n = 0;
  for (let s = 0; s < a.length; s++) if (c[a[s]!] && c[b[s]!]) n++;
  return n;
}
const share = (x: number, of: number): string =>
  `${x.toLocaleString('en-US')} of ${of.toLocaleString('en-US')} (${((100 * x) / of).toFixed(1)} %)`;
console.log(`${file}: ${passes.map((p) => p.table.behaviour).join(', ')}`);
console.log(`candidate accounts   ${share(screen.count(), columns.accounts.size)}`);
console.log(`their posts          ${share(candidatePosts, columns.count)}`);
console.log(`pairs among them     ${share(kept, pairs)}`);
console.log(`pairs that pass      ${share(passing, pairs)}`);
console.log(`their eligible acts  ${share(candidateEligible, eligible)}`);
console.log(`all eligible acts on objects they touched ${share(onCandidateObjects, eligible)}`);
