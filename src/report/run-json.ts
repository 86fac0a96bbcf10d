/**
 * run.json: how the run was made (docs/OUTPUTS.md): parameters, input counts with skipped-row
 * examples, stage timings, peak memory, start/finish times and the Lockstep version. Keys are the
 * `DetectionResult` names (camelCase) under a `schema_version`.
 */
import { getHeapStatistics } from 'node:v8';
import { z } from 'zod';
import type { DetectionResult } from '../core/result.js';

export const RUN_SCHEMA_VERSION = 1;

export const runFileSchema = z.object({
  schema_version: z.literal(RUN_SCHEMA_VERSION),
  lockstepVersion: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  parameters: z
    .object({
      inputs: z.array(z.string()),
      format: z.string(),
      behaviours: z.array(z.string()),
      windows: z.record(z.string(), z.number()),
      windowSource: z.enum(['given', 'auto', 'default']),
      minParticipation: z.number(),
      semantics: z.enum(['lockstep', 'coortweet']),
      fdr: z.number(),
      seed: z.number(),
    })
    .loose(),
  input: z.object({
    files: z.array(
      z.object({
        path: z.string(),
        format: z.string(),
        rows: z.number(),
        posts: z.number(),
        skipped: z.number(),
      }),
    ),
    posts: z.number(),
    accounts: z.number(),
    skipped: z.number(),
    skippedExamples: z.array(z.object({ file: z.string(), line: z.number(), reason: z.string() })),
  }),
  counts: z.object({ edges: z.number(), accounts: z.number(), networks: z.number() }),
  timings: z.record(z.string(), z.number()),
  peakRssBytes: z.number(),
  /** The JavaScript heap's cap the run had (src/cli/heap-limit.ts raises V8's default). */
  heapLimitBytes: z.number().optional(),
  /** Automation score: the model used, and per term how many scored accounts lacked its data. */
  automation: z
    .object({
      model: z.string(),
      prior: z.number().min(0).max(1),
      scored: z.number().int().nonnegative(),
      unavailable: z.record(z.string(), z.number().int().nonnegative()),
    })
    .optional(),
});

export type RunFile = z.infer<typeof runFileSchema>;

export function toRunFile(r: DetectionResult, extraTimings: Record<string, number> = {}): RunFile {
  return {
    schema_version: RUN_SCHEMA_VERSION,
    lockstepVersion: r.lockstepVersion,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    parameters: r.parameters,
    input: r.input,
    counts: { edges: r.edges.length, accounts: r.accounts.length, networks: r.networks.length },
    timings: { ...r.timings, ...extraTimings },
    peakRssBytes: Math.max(r.peakRssBytes, process.resourceUsage().maxRSS * 1024),
    heapLimitBytes: getHeapStatistics().heap_size_limit,
    ...automationSummary(r),
  };
}

/** Which automation terms the input could not feed, over the result's scored accounts. */
function automationSummary(r: DetectionResult): Pick<RunFile, 'automation'> {
  const scored = r.accounts.flatMap((a) => (a.automation === undefined ? [] : [a.automation]));
  const first = scored[0];
  if (first === undefined) return {};
  const unavailable: Record<string, number> = {};
  for (const c of first.contributions) unavailable[c.signal] = 0;
  for (const a of scored) for (const name of a.unavailable) unavailable[name] = (unavailable[name] ?? 0) + 1;
  return { automation: { model: first.model, prior: first.prior, scored: scored.length, unavailable } };
}
