/**
 * Watch throughput: observed domains per second against 100 protected domains (synthetic, seeded:
 * random pronounceable names plus 1% lookalikes). Modes: matcher only (names already normalised),
 * normalise+match, and runWatch over a newline feed file (read, split, normalise, count distinct,
 * match, report each hitting name once).
 * Rates are per CPU second (process.cpuUsage) and per wall second: on a shared, overloaded machine
 * wall time mostly measures the scheduler. Names are flat strings, as a feed reader's are.
 * Run: node --import tsx bench/lookalikes-watch.ts [millions]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  WatchMatcher,
  normaliseObserved,
  parseProtectedDomain,
  runWatch,
} from '../src/protect/lookalikes/index.js';

const N = Math.round(Number(process.argv[2] ?? 1) * 1e6);
let seed = 42;
const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
const C = 'bcdfghjklmnprstvwz';
const V = 'aeiou';
const word = (len: number) => {
  let s = '';
  for (let i = 0; i < len; i++)
    s += i % 2 ? V[Math.floor(rnd() * V.length)]! : C[Math.floor(rnd() * C.length)]!;
  return s;
};
const TLDS = ['com', 'net', 'org', 'gov', 'de', 'co.uk', 'xyz'];
const protectedNames = Array.from(
  { length: 100 },
  () => `${word(5 + Math.floor(rnd() * 8))}.${TLDS[Math.floor(rnd() * 4)]!}`,
);
const matcher = new WatchMatcher(protectedNames.map((d) => parseProtectedDomain(d)));
let observed: string[] = [];
for (let i = 0; i < N; i++) {
  if (rnd() < 0.01) {
    const p = protectedNames[Math.floor(rnd() * 100)]!;
    observed.push(p.replace(/[aeiou]/, 'o').replace('.', rnd() < 0.5 ? '-login.' : '.'));
  } else {
    const sub = rnd() < 0.3 ? `${word(3)}.` : '';
    observed.push(`${sub}${word(4 + Math.floor(rnd() * 12))}.${TLDS[Math.floor(rnd() * TLDS.length)]!}`);
  }
}
observed = observed.join('\n').split('\n'); // flat strings, as read from a feed

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(`# lookalikes-watch: ${N} names, 100 protected; ${cpus().length} cores, load ${load()}`);
const rate = (cpuMicros: number, wallNs: bigint) =>
  `${(N / (cpuMicros / 1e6) / 1e6).toFixed(2)} M names/CPU-s\t${(N / (Number(wallNs) / 1e9) / 1e6).toFixed(2)} M names/wall-s`;
for (const mode of ['match', 'normalise+match'] as const) {
  const runs: { cpu: number; line: string }[] = [];
  let hits = 0;
  for (let run = 0; run < 3; run++) {
    hits = 0;
    const c = process.cpuUsage();
    const t = process.hrtime.bigint();
    for (const d of observed) {
      if (mode === 'match') hits += matcher.match(d).length;
      else {
        const o = normaliseObserved(d);
        if (o.ok) hits += matcher.match(o.ascii, o.unicode).length;
      }
    }
    const wall = process.hrtime.bigint() - t;
    const u = process.cpuUsage(c);
    runs.push({ cpu: u.user + u.system, line: rate(u.user + u.system, wall) });
  }
  runs.sort((a, b) => a.cpu - b.cpu);
  console.log(`${mode}\tmedian of 3: ${runs[1]!.line}\thits ${hits}`);
}
const dir = mkdtempSync(join(tmpdir(), 'lookalikes-watch-'));
try {
  const feed = join(dir, 'feed.txt');
  writeFileSync(feed, `${observed.join('\n')}\n`);
  const runs: { cpu: number; line: string }[] = [];
  let hits = 0;
  for (let run = 0; run < 3; run++) {
    const c = process.cpuUsage();
    const t = process.hrtime.bigint();
    const s = await runWatch(feed, matcher, () => {});
    const wall = process.hrtime.bigint() - t;
    const u = process.cpuUsage(c);
    hits = s.hits;
    runs.push({ cpu: u.user + u.system, line: rate(u.user + u.system, wall) });
  }
  runs.sort((a, b) => a.cpu - b.cpu);
  console.log(`runWatch(file)\tmedian of 3: ${runs[1]!.line}\thits ${hits} (each hitting name once)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`# load at the end ${load()}`);
