/**
 * Points of contact and case sharing, as zod schemas shared by the server and the browser client:
 * the directory (own org and trust-group partners with their contact cards), a share request, what a
 * sender sees of each share (acknowledgement and time to acknowledge) and what a partner receives.
 */
import { z } from 'zod';
import { ContactCardSchema, Topic } from '../exchange/feedback/contact-card.js';
import { isCleanText } from '../core/clean-text.js';
import { tlpSchema } from './api-schema.js';

export const contactSchema = z.object({
  topic: z.string(),
  name: z.string().optional(),
  email: z.string().optional(),
  url: z.string().optional(),
  phone: z.string().optional(),
  pgp_fingerprint: z.string().optional(),
  languages: z.array(z.string()).optional(),
});
export type ContactView = z.infer<typeof contactSchema>;

export const directoryOrgSchema = z.object({
  id: z.string(),
  name: z.string(),
  own: z.boolean(),
  contacts: z.array(contactSchema),
  updated: z.string().nullable(),
});
export type DirectoryOrg = z.infer<typeof directoryOrgSchema>;
/** GET /api/contacts. */
export const directorySchema = z.object({ orgs: z.array(directoryOrgSchema) });
/** PUT /api/contacts: the caller's org's card, as the TAXII feedback endpoint takes it. */
export const contactCardRequestSchema = ContactCardSchema;

export const ACK_KIND_LIST = ['received', 'actioned', 'rejected'] as const;
export const ackKindSchema = z.enum(ACK_KIND_LIST);

/** POST /api/cases/:id/shares. */
export const shareRequestSchema = z.strictObject({
  org: z.string().min(1).max(128),
  topic: Topic.optional(),
  message: z
    .string()
    .trim()
    .max(2000, 'at most 2000 characters')
    .refine(isCleanText, { message: 'must not contain NUL or unpaired surrogates' })
    .optional(),
});
export type ShareRequest = z.infer<typeof shareRequestSchema>;

/** POST /api/inbox/:caseId/ack. */
export const ackRequestSchema = z.strictObject({ kind: ackKindSchema.default('received') });

const ackSchema = z.object({ kind: ackKindSchema, at: z.string(), by: z.string() }).nullable();

/** A share as its sender sees it in the case. */
export const caseShareSchema = z.object({
  org: z.string(),
  orgName: z.string(),
  topic: z.string().nullable(),
  /** The partner's contact for the topic at share time (whom to call). */
  contact: contactSchema.nullable(),
  tlp: tlpSchema,
  version: z.number(),
  sharedAt: z.string(),
  sharedBy: z.string(),
  ack: ackSchema,
  /** Seconds from this version's share to its acknowledgement. */
  secondsToAck: z.number().nullable(),
});
export type CaseShareView = z.infer<typeof caseShareSchema>;

/** What a partner receives: the case as the sender saw it when sharing. */
export const sharedCaseSchema = z.object({
  caseId: z.string(),
  fromOrg: z.string(),
  fromOrgName: z.string(),
  tlp: tlpSchema,
  version: z.number(),
  sharedAt: z.string(),
  sharedBy: z.string(),
  topic: z.string().nullable(),
  title: z.string(),
  status: z.string(),
  runTitle: z.string().nullable(),
  network: z.string().nullable(),
  message: z.string().nullable(),
  accounts: z.array(z.object({ account: z.string(), label: z.string() })),
  pins: z.array(
    z.object({
      account: z.string(),
      label: z.string(),
      network: z.string().nullable(),
      score: z.number(),
      flagged: z.array(z.string()),
      comment: z.string().nullable(),
    }),
  ),
  ack: ackSchema,
});
export type SharedCase = z.infer<typeof sharedCaseSchema>;
export const inboxSchema = z.object({ shares: z.array(sharedCaseSchema) });
