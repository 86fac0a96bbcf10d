/**
 * The zod schema of networks.json (schema_version 1), the documented contract in docs/OUTPUTS.md.
 * Field names are snake_case like the CSV headers; times are ISO 8601 UTC strings.
 */
import { z } from 'zod';
import { BEHAVIOURS } from '../core/behaviour.js';

export const NETWORKS_SCHEMA_VERSION = 1;

const behaviour = z.enum(BEHAVIOURS);
const isoTime = z.iso.datetime();
const probability = z.number().min(0).max(1);

export const signalSchema = z.object({
  name: z.string().min(1),
  value: z.union([z.number(), z.string(), z.boolean(), z.null()]),
  flagged: z.boolean(),
  explanation: z.string(),
});

/** The automation score (docs/DETECT.md "Automation score"); optional so older files still read. */
export const automationSchema = z
  .object({
    score: probability,
    logit: z.number(),
    prior: probability,
    model: z.string().min(1),
    contributions: z.array(
      z.object({
        signal: z.string().min(1),
        value: z.union([z.number(), z.boolean(), z.null()]),
        log_odds: z.number(),
        available: z.boolean(),
        explanation: z.string().min(1),
      }),
    ),
    unavailable: z.array(z.string()),
  })
  .refine((a) => a.contributions.every((c) => c.available || c.log_odds === 0), {
    message: 'an unavailable contribution must add 0 log-odds',
  })
  .refine(
    (a) => {
      const sum = Math.log(a.prior / (1 - a.prior)) + a.contributions.reduce((t, c) => t + c.log_odds, 0);
      return Math.abs(sum - a.logit) < 1e-6 && Math.abs(1 / (1 + Math.exp(-a.logit)) - a.score) < 1e-6;
    },
    { message: 'logit must be logit(prior) + the contributions, and score σ(logit)' },
  );

export const accountSchema = z.object({
  account: z.string().min(1),
  screen_name: z.string().nullable(),
  network: z.string().nullable(),
  score: z.number().nonnegative(),
  posts: z.number().int().nonnegative(),
  signals: z.array(signalSchema),
  automation: automationSchema.nullable().optional(),
});

/** A network's automation summary over its members' scores. */
export const networkAutomationSchema = z.object({
  scored: z.number().int().nonnegative(),
  median: probability.nullable(),
  likely_automated: z.number().int().nonnegative(),
});

/** A matched fact check (`detect --factchecks`; docs/FACTCHECK.md). */
export const factCheckRefSchema = z.object({
  url: z.string(),
  publisher: z.string().nullable(),
  rating: z.string().nullable(),
  verdict: z.enum(['false', 'misleading', 'mixed', 'true', 'unknown']),
  claim: z.string(),
  score: probability,
  why: z.string(),
});

export const networkSchema = z.object({
  id: z.string().min(1),
  members: z.array(z.string().min(1)).min(2),
  behaviours: z.array(behaviour),
  score: z.number().nonnegative(),
  // Lockstep mode: the deciding behaviour's test (observed/expected co-actions); older files lack the
  // fields added after schema_version 1 was first written, so they are optional on reading.
  chance_behaviour: behaviour.nullable().optional(),
  chance_test: z.enum(['count', 'lag']).nullable().optional(),
  observed: z.number().nonnegative().nullable().optional(),
  expected: z.number().nonnegative().nullable(),
  p_value: probability.nullable(),
  q_value: probability.nullable(),
  chance: z
    .array(
      z.object({
        behaviour,
        test: z.enum(['count', 'lag']),
        observed: z.number().nonnegative(),
        expected: z.number().nonnegative(),
        p_value: probability,
      }),
    )
    .optional(),
  contrast: z
    .object({
      shared_objects: z.number().int().nonnegative(),
      member_mean: z.number().nonnegative(),
      outsiders: z.number().int().nonnegative(),
      outsider_mean: z.number().nonnegative(),
    })
    .nullable()
    .optional(),
  /** One-life behaviours left out of the test: the members are part of a larger audience there. */
  audience: z
    .array(
      z.object({
        behaviour,
        shared_objects: z.number().int().nonnegative(),
        members: z.number().int().nonnegative(),
        member_reach: z.number().int().nonnegative(),
        outsiders: z.number().int().nonnegative(),
      }),
    )
    .optional(),
  /** Accounts outside the network whose posts it reposts or replies to, again and again. */
  amplified: z
    .array(
      z.object({
        account: z.string(),
        behaviour,
        objects: z.number().int().nonnegative(),
        shared_objects: z.number().int().nonnegative(),
      }),
    )
    .optional(),
  edges: z.number().int().nonnegative(),
  density: z.number().min(0).max(1),
  summary: z.string(),
  automation: networkAutomationSchema.optional(),
  top_objects: z.array(
    z.object({
      behaviour,
      object: z.string(),
      label: z.string().nullable(),
      accounts: z.number().int().nonnegative(),
      actions: z.number().int().nonnegative(),
      fact_checks: z.array(factCheckRefSchema).optional(),
    }),
  ),
  timeline: z.array(
    z.object({
      start: isoTime,
      end: isoTime,
      co_actions: z.number().int().nonnegative(),
      accounts: z.number().int().nonnegative(),
    }),
  ),
  examples: z.array(
    z.object({
      id: z.string().nullable(),
      account: z.string(),
      time: isoTime,
      text: z.string().nullable(),
      behaviour,
      fact_checks: z.array(factCheckRefSchema).optional(),
    }),
  ),
  fact_checks: z.array(factCheckRefSchema).optional(),
});

export const networksFileSchema = z.object({
  schema_version: z.literal(NETWORKS_SCHEMA_VERSION),
  lockstep_version: z.string(),
  generated_at: isoTime,
  semantics: z.enum(['lockstep', 'coortweet']),
  networks: z.array(networkSchema),
  accounts: z.array(accountSchema),
});

export type NetworksFile = z.infer<typeof networksFileSchema>;
export type NetworkJson = z.infer<typeof networkSchema>;
export type AccountJson = z.infer<typeof accountSchema>;
