/**
 * zod schemas of the feedback endpoints: path parameters, the contact card an organisation publishes
 * (contact-card.ts, also read by the workspace's browser client) and the optional acknowledgement body. Types come from `z.infer`, so the routes and presenters use
 * exactly what was validated.
 */
import { z } from 'zod';
import { taxiiError } from '../taxii/errors.js';

export const RootParams = z.object({ apiRoot: z.string().min(1).max(128) });

export const ObjectFeedbackParams = z.object({
  apiRoot: z.string().min(1).max(128),
  objectId: z.string().min(1).max(256),
});

export const OrgParams = z.object({
  apiRoot: z.string().min(1).max(128),
  org: z.string().min(1).max(128),
});

export { ContactCardSchema, ContactSchema, PgpFingerprint, Topic } from './contact-card.js';
export type { ContactCard } from './contact-card.js';

export const ACK_KINDS = ['received', 'actioned', 'rejected'] as const;
export const AckBodySchema = z.strictObject({ kind: z.enum(ACK_KINDS).default('received') });
export type AckBody = z.infer<typeof AckBodySchema>;

/** Parses a body or throws ERR_FEEDBACK_INVALID naming the first bad field and what was expected. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : '(body)';
  throw taxiiError('ERR_FEEDBACK_INVALID', `${what}: ${field}: ${issue.message}`, { field });
}
