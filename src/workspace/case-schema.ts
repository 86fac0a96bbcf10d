/**
 * The cases API's shapes (zod), shared like api-schema.ts: the server validates requests with them
 * and the browser client (web/src/api.ts) validates every answer. A case is its org's working record:
 * workflow status, assignee, TLP, the accounts it is about, notes (markdown, rendered by the client
 * without HTML), pinned evidence and the full trail of who changed what when.
 */
import { z } from 'zod';
import { isCleanText } from '../core/clean-text.js';
import { tlpSchema } from './api-schema.js';
import { caseShareSchema, directoryOrgSchema } from './share-schema.js';

/** The author `lockstep monitor --db` gives the cases it opens (not a login: no user record). */
export const MONITOR_AUTHOR = 'lockstep-monitor';

export const CASE_STATUS_LIST = ['new', 'triage', 'confirmed', 'dismissed', 'shared', 'closed'] as const;
export const caseStatusSchema = z.enum(CASE_STATUS_LIST);
export type CaseStatusName = z.infer<typeof caseStatusSchema>;

export const caseIdSchema = z.string().regex(/^case-[0-9a-f]{16}$/);
const accountId = z.string().min(1).max(256);
/** Text a store can hold (no NUL, no lone surrogate), trimmed. */
const cleanText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .refine(isCleanText, { message: 'must not contain NUL or unpaired surrogates' });

/** POST /api/cases: open a case from a run's network or from a set of its accounts. */
export const openCaseSchema = z
  .strictObject({
    runId: z.string().regex(/^run-[0-9a-f]{16}$/, 'must be a run id like run-0123456789abcdef'),
    network: z.string().min(1).max(64).optional(),
    accounts: z.array(accountId).min(1).max(1000).optional(),
    title: cleanText(200).pipe(z.string().min(1, 'must not be empty')).optional(),
    tlp: tlpSchema.optional(),
  })
  .refine((b) => (b.network === undefined) !== (b.accounts === undefined), {
    message: 'give either a network or a list of accounts',
    path: ['network'],
  });
export type OpenCaseRequest = z.infer<typeof openCaseSchema>;

/** PATCH /api/cases/:id: what to change, and the version the change was made against. */
export const changeCaseSchema = z
  .strictObject({
    version: z.number().int().min(1),
    status: caseStatusSchema.optional(),
    assignee: z.string().min(1).max(200).nullable().optional(),
    tlp: tlpSchema.optional(),
    title: cleanText(200).pipe(z.string().min(1, 'must not be empty')).optional(),
  })
  .refine(
    (b) => b.status !== undefined || b.assignee !== undefined || b.tlp !== undefined || b.title !== undefined,
    { message: 'nothing to change: give status, assignee, tlp or title', path: ['status'] },
  );
export type ChangeCaseRequest = z.infer<typeof changeCaseSchema>;

export const MAX_NOTE_CHARS = 20_000;
/** POST /api/cases/:id/notes: markdown text. */
export const noteSchema = z.strictObject({
  text: cleanText(MAX_NOTE_CHARS).pipe(z.string().min(1, 'must not be empty')),
});

/** POST /api/cases/:id/pins: an account of the case's run kept as evidence, with a line of why. */
export const pinSchema = z.strictObject({
  account: accountId,
  comment: cleanText(1000).optional(),
});

/** What a pin keeps of the account at pinning time (the run's page may later become invisible). */
export const pinnedAccountSchema = z.object({
  account: z.string(),
  label: z.string(),
  network: z.string().nullable(),
  score: z.number(),
  automation: z.number().nullable(),
  flagged: z.array(z.string()),
  comment: z.string().nullable(),
  pinnedBy: z.string(),
  pinnedAt: z.string(),
});
export type PinnedAccount = z.infer<typeof pinnedAccountSchema>;

export const trailAccountSchema = z.object({ id: z.string(), label: z.string() });
export type TrailAccount = z.infer<typeof trailAccountSchema>;

export const caseEventSchema = z.object({
  /** The stored event's number; null for a partner's TAXII answer (taxii-ack, taxii-sighting). */
  seq: z.number().nullable(),
  at: z.string(),
  actor: z.string(),
  kind: z.string(),
  /** One line saying what happened (for the trail), built by the server from the event's facts. */
  summary: z.string(),
  /**
   * The account a pin or unpin line is about, when the case's run is visible: its id and the label
   * the rest of the workspace shows for it (the page links the label and shows the id beside it).
   */
  account: trailAccountSchema.optional(),
});

export const caseNoteSchema = z.object({
  seq: z.number(),
  at: z.string(),
  author: z.string(),
  text: z.string(),
});
export type CaseNote = z.infer<typeof caseNoteSchema>;

export const caseSummarySchema = z.object({
  id: caseIdSchema,
  title: z.string(),
  status: caseStatusSchema,
  tlp: tlpSchema,
  assignee: z.string().nullable(),
  runId: z.string().nullable(),
  network: z.string().nullable(),
  accounts: z.number(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;
export const caseListSchema = z.object({ cases: z.array(caseSummarySchema) });

/** GET /api/cases/:id. */
export const caseViewSchema = z.object({
  case: caseSummarySchema,
  /** False when the run left the org's view (TLP): accounts and pinned evidence are then withheld. */
  runVisible: z.boolean(),
  runTitle: z.string().nullable(),
  /** The least restrictive TLP the case may be marked with: its run's. */
  minTlp: tlpSchema,
  accounts: z.array(z.object({ account: z.string(), label: z.string() })),
  notes: z.array(caseNoteSchema),
  pins: z.array(pinnedAccountSchema),
  events: z.array(caseEventSchema),
  /** Statuses the case may move to now. */
  next: z.array(caseStatusSchema),
  /** Members of the org, for the assignee picker. */
  assignable: z.array(z.string()),
  /** Whom the case was sent to, and whether they acknowledged. */
  shares: z.array(caseShareSchema),
  /** Partner orgs the case may be sent to now (they may see its run), with their points of contact. */
  partners: z.array(directoryOrgSchema),
});
export type CaseView = z.infer<typeof caseViewSchema>;
