/**
 * Compares CooRTweet's own account-pair weights with Lockstep's parity edges, run by run.
 *
 * Input: a directory of CooRTweet results, one `<run>.csv` per run with columns `a,b,weight` (the edges of
 * `generate_coordinated_network(detect_groups(x, …))`: one row per unordered account pair, weight = rows
 * of detect_groups' output for that pair), and a directory of Lockstep outputs with `<run>/edges.csv`
 * (`lockstep detect … --semantics coortweet --out <dir>/<run>`). CooRTweet's own code is not part of this
 * file: it reads only the two CSVs. Both sides are keyed by the byte-ordered account pair (R orders its
 * pair by locale collation, Lockstep by byte order).
 *
 * Output: a markdown table (pairs in both, only in CooRTweet, only in Lockstep, weight mismatches, weight
 * sums) and up to 5 examples per kind of difference. Exit status 1 when any run differs.
 * Usage: node --import tsx bench/coortweet-compare.ts COORTWEET_DIR LOCKSTEP_DIR
 * Cost: O(E) time and memory per run for E edges.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

type Weights = Map<string, number>;

const pairKey = (a: string, b: string): string => {
  const [x, y] = Buffer.compare(Buffer.from(a), Buffer.from(b)) <= 0 ? [a, b] : [b, a];
  return `${x} ${y}`;
};

function readWeights(file: string, a: string, b: string): { weights: Weights; duplicates: number } {
  const rows = parse<Record<string, string>>(readFileSync(file, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  });
  const weights: Weights = new Map();
  let duplicates = 0;
  for (const r of rows) {
    const key = pairKey(r[a]!, r[b]!);
    if (weights.has(key)) duplicates++;
    weights.set(key, (weights.get(key) ?? 0) + Number(r.weight));
  }
  return { weights, duplicates };
}

export interface Comparison {
  both: number;
  onlyCoortweet: string[];
  onlyLockstep: string[];
  mismatched: string[];
  sumCoortweet: number;
  sumLockstep: number;
}

export function compareWeights(coortweet: Weights, lockstep: Weights): Comparison {
  const c: Comparison = {
    both: 0,
    onlyCoortweet: [],
    onlyLockstep: [],
    mismatched: [],
    sumCoortweet: 0,
    sumLockstep: 0,
  };
  for (const [k, w] of coortweet) {
    c.sumCoortweet += w;
    const l = lockstep.get(k);
    if (l === undefined) c.onlyCoortweet.push(`${k} (${w})`);
    else {
      c.both++;
      if (l !== w) c.mismatched.push(`${k}: CooRTweet ${w}, Lockstep ${l}`);
    }
  }
  for (const [k, w] of lockstep) {
    c.sumLockstep += w;
    if (!coortweet.has(k)) c.onlyLockstep.push(`${k} (${w})`);
  }
  return c;
}

function main(): number {
  const [ctDir, lsDir] = process.argv.slice(2);
  if (ctDir === undefined || lsDir === undefined) {
    process.stderr.write('usage: coortweet-compare.ts COORTWEET_DIR LOCKSTEP_DIR\n');
    return 2;
  }
  const runs = readdirSync(ctDir)
    .filter((f) => f.endsWith('.csv') && f !== 'timings.csv')
    .map((f) => f.slice(0, -4))
    .sort();
  console.log(
    '| run | CooRTweet pairs | Lockstep pairs | in both | only CooRTweet | only Lockstep | weight mismatches | Σ weight CooRTweet | Σ weight Lockstep |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const examples: string[] = [];
  let differing = 0;
  for (const run of runs) {
    const edgesFile = join(lsDir, run, 'edges.csv');
    if (!existsSync(edgesFile)) {
      console.log(`| ${run} | (no Lockstep output) | | | | | | | |`);
      differing++;
      continue;
    }
    const ct = readWeights(join(ctDir, `${run}.csv`), 'a', 'b');
    const ls = readWeights(edgesFile, 'account_a', 'account_b');
    const c = compareWeights(ct.weights, ls.weights);
    const diff = c.onlyCoortweet.length + c.onlyLockstep.length + c.mismatched.length;
    if (diff > 0 || ct.duplicates > 0 || ls.duplicates > 0) differing++;
    console.log(
      `| ${run} | ${ct.weights.size} | ${ls.weights.size} | ${c.both} | ${c.onlyCoortweet.length} | ` +
        `${c.onlyLockstep.length} | ${c.mismatched.length} | ${c.sumCoortweet} | ${c.sumLockstep} |`,
    );
    if (ct.duplicates + ls.duplicates > 0)
      examples.push(`${run}: duplicate pair rows: CooRTweet ${ct.duplicates}, Lockstep ${ls.duplicates}`);
    for (const [label, list] of [
      ['only CooRTweet', c.onlyCoortweet],
      ['only Lockstep', c.onlyLockstep],
      ['weight', c.mismatched],
    ] as const)
      for (const e of list.slice(0, 5)) examples.push(`${run}: ${label}: ${e}`);
  }
  if (examples.length) console.log(`\n${examples.join('\n')}`);
  console.log(`\n${runs.length - differing}/${runs.length} runs identical`);
  return differing > 0 ? 1 : 0;
}

process.exitCode = main();
