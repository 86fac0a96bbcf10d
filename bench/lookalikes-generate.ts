/**
 * Permutations per protected domain, in-process, side by side with dnstwist's own Fuzzer in python3
 * (Debian's dnstwist module; `Fuzzer(domain).generate()` with its default fuzzers, no DNS), medians.
 * Run: node --import tsx bench/lookalikes-generate.ts [runs]
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { DNSTWIST_FUZZERS, generateLookalikes } from '../src/protect/lookalikes/index.js';

const RUNS = Number(process.argv[2] ?? 15);
const DOMAINS = ['donaldjtrump.com', 'facebook.com', 'elections.ny.gov'];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function ours(domain: string, fuzzers?: readonly (typeof DNSTWIST_FUZZERS)[number][]) {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS + 2; i++) {
    const t = process.hrtime.bigint();
    const r = generateLookalikes(domain, fuzzers ? { fuzzers } : {});
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (i >= 2) times.push(ms); // two warm-up runs
    rows = r.rows.length;
  }
  return { ms: median(times), rows };
}

function dnstwist(domain: string): { ms: number; rows: number } | undefined {
  if (!existsSync('/usr/lib/python3/dist-packages/dnstwist.py')) return undefined;
  const py = `
import time, json, dnstwist
ts=[]; n=0
for i in range(${RUNS + 2}):
    t=time.perf_counter(); f=dnstwist.Fuzzer('${domain}'); f.generate(); ts.append((time.perf_counter()-t)*1000); n=len(f.domains)
ts=sorted(ts[2:]); print(json.dumps({'ms': ts[len(ts)//2], 'rows': n}))`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8' })) as {
    ms: number;
    rows: number;
  };
}

console.log(
  `# lookalikes-generate: ${RUNS} runs, median; ${cpus().length} cores, load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
console.log(
  'domain\tdnstwist_rows\tdnstwist_ms\tours_dnstwist_fuzzers_rows\tours_dnstwist_fuzzers_ms\tours_all_rows\tours_all_ms\tspeedup',
);
for (const d of DOMAINS) {
  const ref = dnstwist(d);
  const same = ours(
    d,
    DNSTWIST_FUZZERS.filter((f) => f !== 'dictionary' && f !== 'tld-swap'),
  );
  const all = ours(d);
  const speedup = ref ? (ref.ms / same.ms).toFixed(1) : 'n/a';
  console.log(
    `${d}\t${ref?.rows ?? '-'}\t${ref?.ms.toFixed(1) ?? '-'}\t${same.rows}\t${same.ms.toFixed(1)}\t${all.rows}\t${all.ms.toFixed(1)}\t${speedup}`,
  );
}
