/**
 * Accuracy benchmark: precision and recall of planted campaign accounts (ground truth from
 * src/simulate) for `detect` at default settings, per size; and, for contrast, what a naive fixed
 * threshold flags: every account with an edge of weight ≥ 2 in CooRTweet parity semantics (co-action
 * count within the default 10 s window, any behaviour), i.e. no chance model and no clustering.
 */
import { IngestStats, readAllPosts } from '../src/ingest/index.js';
import { detect } from '../src/detect/index.js';
import { readTruth } from '../src/simulate/index.js';
import type { DetectionResult } from '../src/core/result.js';
import { simulatedInput } from './data.js';

interface Score {
  flagged: number;
  hits: number;
  precision: number;
  recall: number;
}

function score(flagged: Set<string>, planted: Set<string>): Score {
  let hits = 0;
  for (const a of flagged) if (planted.has(a)) hits++;
  return {
    flagged: flagged.size,
    hits,
    precision: flagged.size ? hits / flagged.size : 1,
    recall: planted.size ? hits / planted.size : 1,
  };
}

async function run(path: string, options: Parameters<typeof detect>[1]): Promise<DetectionResult> {
  return detect(readAllPosts([path], {}, new IngestStats()), options);
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

export async function accuracyBench({ sizes, seed }: { sizes: number[]; seed: number }): Promise<string> {
  const rows = [
    '| posts | accounts | planted | Lockstep flagged | precision | recall | per kind recall | naive (weight ≥ 2) flagged | naive precision | naive recall |',
    '|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|',
  ];
  for (const n of sizes) {
    const input = await simulatedInput(n, seed);
    const truth = await readTruth(input.truth);
    const planted = new Set(truth.filter((a) => a.campaign !== null).map((a) => a.account));
    const r = await run(input.posts, {});
    const ours = score(new Set(r.accounts.filter((a) => a.network !== null).map((a) => a.account)), planted);
    const found = new Set(r.accounts.filter((a) => a.network !== null).map((a) => a.account));
    const kinds = new Map<string, [number, number]>();
    for (const a of truth) {
      if (a.campaign === null || a.kind === null) continue;
      const k = kinds.get(a.kind) ?? [0, 0];
      k[1]++;
      if (found.has(a.account)) k[0]++;
      kinds.set(a.kind, k);
    }
    const perKind = [...kinds]
      .sort()
      .map(([k, [h, t]]) => `${k} ${h}/${t}`)
      .join(', ');
    const naiveRun = await run(input.posts, { semantics: 'coortweet', minParticipation: 0 });
    const naiveFlagged = new Set<string>();
    for (const e of naiveRun.edges) {
      if (e.weight >= 2) {
        naiveFlagged.add(e.a);
        naiveFlagged.add(e.b);
      }
    }
    const naive = score(naiveFlagged, planted);
    rows.push(
      `| ${n.toLocaleString('en-US')} | ${truth.length.toLocaleString('en-US')} | ${planted.size} | ${ours.flagged} | ${pct(ours.precision)} | ${pct(ours.recall)} | ${perKind} | ${naive.flagged.toLocaleString('en-US')} | ${pct(naive.precision)} | ${pct(naive.recall)} |`,
    );
    process.stderr.write(`accuracy: ${n} done\n`);
  }
  return rows.join('\n');
}
