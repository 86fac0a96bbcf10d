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

export const accountSchema = z.object({
  account: z.string().min(1),
  screen_name: z.string().nullable(),
  network: z.string().nullable(),
  score: z.number().nonnegative(),
  posts: z.number().int().nonnegative(),
  signals: z.array(signalSchema),
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
  expected: z.number().nonnegative().nullable(),
  p_value: probability.nullable(),
  q_value: probability.nullable(),
  edges: z.number().int().nonnegative(),
  density: z.number().min(0).max(1),
  summary: z.string(),
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
