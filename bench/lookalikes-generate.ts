/**
 * Permutations per protected domain, in-process, side by side with dnstwist's own Fuzzer in python3
 * (Debian's dnstwist module; `Fuzzer(domain).generate()` with its default fuzzers, no DNS), medians.
 *
 * Both sides report CPU time (user+system of the measuring process: Node's process.cpuUsage, Python's
 * time.process_time) beside wall time: on a shared, overloaded machine wall time mostly measures the
 * scheduler, CPU time the work. The speed-up column is dnstwist CPU / ours CPU on the same fuzzers
 * (no dictionary, no TLD file) over the same label dnstwist fuzzes (`dnstwistTargetOnly`);
 * `all` is every fuzzer over every target of ours (public-suffix-aware, subdomain labels too).
 * Runs alternate: dnstwist, ours, dnstwist, ours … per domain, so load changes hit both alike.
 * dnstwist runs in ONE python3 worker started before any sample and asked over a pipe: a child
 * spawned per round (execFileSync) forks this process, which write-protects its whole heap, and the
 * next ~16 MB this process allocates then page-faults (200–500 minor faults a call measured) — a
 * cost of the harness, not of either tool. Both sides get an untimed warm-up run per series.
 * Under heavy load even CPU time swings ×10 between identical runs (shared caches, SMT siblings),
 * so the minimum (best of N, the uncontended cost) is printed beside the median.
 * Run: node --import tsx bench/lookalikes-generate.ts [runs]
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import {
  DNSTWIST_FUZZERS,
  generateLookalikes,
  parseProtectedDomain,
} from '../src/protect/lookalikes/index.js';
import type { FuzzerName, GenerateOptions } from '../src/protect/lookalikes/index.js';

const RUNS = Number(process.argv[2] ?? 15);
const ROUNDS = 5; // alternations between dnstwist and ours
const DOMAINS = ['donaldjtrump.com', 'facebook.com', 'elections.ny.gov'];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const min = (xs: number[]) => Math.min(...xs);
const SAME: FuzzerName[] = DNSTWIST_FUZZERS.filter((f) => f !== 'dictionary' && f !== 'tld-swap');
const HAVE_DNSTWIST = existsSync('/usr/lib/python3/dist-packages/dnstwist.py');

interface Sample {
  cpu: number[];
  wall: number[];
  rows: number;
}

function ours(domain: string, options: GenerateOptions, s: Sample, runs: number): void {
  const pd = parseProtectedDomain(domain);
  generateLookalikes(pd, options); // untimed: the first run after the other series
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = process.hrtime.bigint();
    const r = generateLookalikes(pd, options);
    const wall = Number(process.hrtime.bigint() - t) / 1e6;
    const u = process.cpuUsage(c);
    s.cpu.push((u.user + u.system) / 1000);
    s.wall.push(wall);
    s.rows = r.rows.length;
  }
}

/** The dnstwist worker: reads `domain runs` lines, answers one JSON line per request. */
const PY = `
import sys, time, json, dnstwist
for line in sys.stdin:
    domain, runs = line.split()
    cpu=[]; wall=[]; n=0
    for i in range(int(runs) + 1):
        c=time.process_time(); t=time.perf_counter()
        f=dnstwist.Fuzzer(domain); f.generate()
        wall.append((time.perf_counter()-t)*1000); cpu.append((time.process_time()-c)*1000); n=len(f.domains)
    print(json.dumps({'cpu': cpu[1:], 'wall': wall[1:], 'rows': n}), flush=True)`;

function startDnstwist(): (domain: string, s: Sample, runs: number) => Promise<void> {
  const child = spawn('/usr/bin/python3', ['-c', PY], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return async (domain, s, runs) => {
    child.stdin.write(`${domain} ${runs}\n`);
    const next = await lines.next();
    if (next.done) throw new Error('the dnstwist worker exited');
    const r = JSON.parse(next.value) as { cpu: number[]; wall: number[]; rows: number };
    s.cpu.push(...r.cpu);
    s.wall.push(...r.wall);
    s.rows = r.rows;
  };
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(`# lookalikes-generate: ${RUNS} runs, median; ${cpus().length} cores, load ${load()}`);
const dnstwist = HAVE_DNSTWIST ? startDnstwist() : undefined;
// Warm up our code paths (JIT) before any sample.
for (const d of DOMAINS) for (let i = 0; i < 3; i++) generateLookalikes(d);
console.log(
  [
    'domain',
    'dnstwist_rows',
    'dnstwist_cpu_ms',
    'dnstwist_wall_ms',
    'ours_same_rows',
    'ours_same_cpu_ms',
    'ours_same_wall_ms',
    'ours_all_rows',
    'ours_all_cpu_ms',
    'us_per_row_all',
    'dnstwist_min_cpu_ms',
    'ours_same_min_cpu_ms',
    'speedup_cpu',
    'speedup_wall',
    'speedup_min_cpu',
  ].join('\t'),
);
for (const d of DOMAINS) {
  const ref: Sample = { cpu: [], wall: [], rows: 0 };
  const same: Sample = { cpu: [], wall: [], rows: 0 };
  const all: Sample = { cpu: [], wall: [], rows: 0 };
  const per = Math.ceil(RUNS / ROUNDS);
  for (let r = 0; r < ROUNDS; r++) {
    if (dnstwist) await dnstwist(d, ref, per);
    ours(d, { fuzzers: SAME, dnstwistTargetOnly: true }, same, per);
    ours(d, {}, all, per);
  }
  const f = (x: number) => x.toFixed(1);
  const refCpu = HAVE_DNSTWIST ? median(ref.cpu) : NaN;
  const refWall = HAVE_DNSTWIST ? median(ref.wall) : NaN;
  console.log(
    [
      d,
      HAVE_DNSTWIST ? ref.rows : '-',
      f(refCpu),
      f(refWall),
      same.rows,
      f(median(same.cpu)),
      f(median(same.wall)),
      all.rows,
      f(median(all.cpu)),
      ((1000 * median(all.cpu)) / all.rows).toFixed(2),
      f(HAVE_DNSTWIST ? min(ref.cpu) : NaN),
      f(min(same.cpu)),
      f(refCpu / median(same.cpu)),
      f(refWall / median(same.wall)),
      f((HAVE_DNSTWIST ? min(ref.cpu) : NaN) / min(same.cpu)),
    ].join('\t'),
  );
}
console.log(`# load at the end ${load()}`);
process.exit(0); // the dnstwist worker ends with our stdin
