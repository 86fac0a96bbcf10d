/**
 * Top self-time functions per detect stage, from a `--cpu-prof` profile of one thread. A sample
 * belongs to the stage of its nearest ancestor among the stage entry points below (the pipeline's
 * stage functions); garbage collection and "(program)" samples go to the stage of the previous staged
 * sample, so a stage's collector pauses count as its own; idle time is left out.
 *
 *   LOCKSTEP_HEAP_RAISED=1 node --cpu-prof --cpu-prof-dir DIR bin/lockstep.js detect FILE --out OUT --progress none
 *   node --import tsx bench/profile-stages.ts DIR/*.cpuprofile [--top 12]
 *
 * Prints, per profile (one per thread), each stage's total self time and its top functions (name,
 * file:line, ms) — the tables of bench/RESULTS.md's "top self time per stage".
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Profile } from './cpu-profile.js';

/** Stage entry points, by function name, in the order detect calls them. */
const STAGES = new Map<string, string>(
  Object.entries({
    collectActions: 'read',
    lockstepPass: 'co-actions',
    coortweetPairs: 'co-actions',
    prepareAhead: 'prepared ahead',
    lockstepGraph: 'chance',
    parityGraph: 'chance',
    clusterAccounts: 'cluster',
    buildNetworks: 'evidence',
    accountResults: 'signals',
    writeDetectionOutput: 'output',
    nearDuplicateGroupsDetailed: 'co-similar',
    similarTable: 'co-similar (main)',
  }),
);

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 12;
const files = args.filter((a, i) => a.endsWith('.cpuprofile') && i !== topAt + 1);
if (files.length === 0) {
  process.stderr.write('usage: profile-stages.ts PROFILE.cpuprofile… [--top 12]\n');
  process.exit(64);
}

for (const file of files) {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stageOf = new Map<number, string | undefined>();
  const stage = (id: number): string | undefined => {
    if (stageOf.has(id)) return stageOf.get(id);
    const n = byId.get(id)!;
    const s = STAGES.get(n.callFrame.functionName) ?? (parent.has(id) ? stage(parent.get(id)!) : undefined);
    stageOf.set(id, s);
    return s;
  };
  const self = new Map<string, Map<string, number>>();
  let current = 'start';
  for (let i = 0; i < p.samples.length; i++) {
    const id = p.samples[i]!;
    const ms = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const n = byId.get(id)!;
    if (n.callFrame.functionName === '(idle)') continue;
    const s = stage(id);
    if (s !== undefined) current = s;
    const { functionName } = n.callFrame;
    const carried = functionName === '(garbage collector)' || functionName === '(program)';
    const into = s ?? (carried ? current : 'outside the stages');
    const { url, lineNumber } = n.callFrame;
    const where = url ? `${basename(url)}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    const perStage = self.get(into) ?? new Map<string, number>();
    perStage.set(key, (perStage.get(key) ?? 0) + ms);
    self.set(into, perStage);
  }
  process.stdout.write(`# ${basename(file)}\n`);
  for (const [s, fns] of self) {
    const total = [...fns.values()].reduce((x, y) => x + y, 0);
    if (total < 50) continue;
    process.stdout.write(`## ${s}: ${(total / 1000).toFixed(2)} s self\n`);
    for (const [fn, ms] of [...fns].sort((x, y) => y[1] - x[1]).slice(0, top))
      process.stdout.write(`  ${(ms / 1000).toFixed(2).padStart(7)} s  ${fn}\n`);
  }
}
