/**
 * Publishing a run to a running `lockstep serve` (`lockstep detect … --publish URL`, or the runs
 * page's upload), as zod schemas shared by the server, the CLI and the browser client: the three files
 * of a `detect --out` folder that make a run (read back by report/read-output.ts) as text, the TLP and
 * an optional title, and what the server answers.
 */
import { z } from 'zod';
import { isCleanText } from '../core/clean-text.js';
import { tlpSchema } from './api-schema.js';

/** The files `runs add` reads from a detect output folder; the others (report.html, …) are derived. */
export const RUN_FILES = ['run.json', 'networks.json', 'edges.csv'] as const;
export type RunFileName = (typeof RUN_FILES)[number];

/** Largest upload body (a 3M-post run's three files are ≈ 20–60 MB of text). */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

export const uploadRunSchema = z.strictObject({
  tlp: tlpSchema,
  title: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(200, 'at most 200 characters')
    .refine(isCleanText, { message: 'must not contain NUL or unpaired surrogates' })
    .optional(),
  files: z.strictObject({
    'run.json': z.string({ error: 'run.json is missing' }),
    'networks.json': z.string({ error: 'networks.json is missing' }),
    'edges.csv': z.string({ error: 'edges.csv is missing' }),
  }),
});
export type UploadRunRequest = z.infer<typeof uploadRunSchema>;

export const uploadRunReplySchema = z.object({
  id: z.string(),
  created: z.boolean(),
  title: z.string(),
  posts: z.number(),
  accounts: z.number(),
  networks: z.number(),
  edges: z.number(),
});
export type UploadRunReply = z.infer<typeof uploadRunReplySchema>;
