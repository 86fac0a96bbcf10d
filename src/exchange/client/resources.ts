/**
 * The TAXII 2.1 resources a client reads (sections 3.6–5.8), as zod schemas that accept extra
 * properties (servers add custom ones) but insist on what the spec requires, so a wrong answer fails
 * with the field that is missing instead of deep inside sync.
 */
import { z } from 'zod';
import { LockstepError } from '../../core/errors.js';

export const DiscoverySchema = z.looseObject({
  title: z.string(),
  description: z.string().optional(),
  contact: z.string().optional(),
  default: z.string().optional(),
  api_roots: z.array(z.string()).optional(),
});
export type Discovery = z.infer<typeof DiscoverySchema>;

export const ApiRootSchema = z.looseObject({
  title: z.string(),
  description: z.string().optional(),
  versions: z.array(z.string()),
  max_content_length: z.number(),
});
export type ApiRootInfo = z.infer<typeof ApiRootSchema>;

export const CollectionSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  description: z.string().optional(),
  alias: z.string().optional(),
  can_read: z.boolean(),
  can_write: z.boolean(),
  media_types: z.array(z.string()).optional(),
});
export type CollectionInfo = z.infer<typeof CollectionSchema>;

export const CollectionsSchema = z.looseObject({ collections: z.array(CollectionSchema).optional() });

export type StixObject = Record<string, unknown> & { id: string; type: string };

export const EnvelopeSchema = z.looseObject({
  more: z.boolean().optional(),
  next: z.string().optional(),
  objects: z.array(z.looseObject({ id: z.string(), type: z.string() })).optional(),
});

export const ManifestSchema = z.looseObject({
  more: z.boolean().optional(),
  next: z.string().optional(),
  objects: z
    .array(
      z.looseObject({
        id: z.string(),
        date_added: z.string(),
        version: z.string(),
        media_type: z.string().optional(),
      }),
    )
    .optional(),
});
export type ManifestRecord = NonNullable<z.infer<typeof ManifestSchema>['objects']>[number];

export const VersionsSchema = z.looseObject({
  more: z.boolean().optional(),
  next: z.string().optional(),
  versions: z.array(z.string()).optional(),
});

const detail = z.looseObject({
  id: z.string(),
  version: z.string().optional(),
  message: z.string().optional(),
});
export const StatusSchema = z.looseObject({
  id: z.string(),
  status: z.enum(['complete', 'pending']),
  request_timestamp: z.string().optional(),
  total_count: z.number(),
  success_count: z.number(),
  successes: z.array(detail).optional(),
  failure_count: z.number(),
  failures: z.array(detail).optional(),
  pending_count: z.number(),
  pendings: z.array(detail).optional(),
});
export type StatusResource = z.infer<typeof StatusSchema>;

/** Parses a remote answer; a mismatch is ERR_TAXII_REMOTE_BAD_RESPONSE naming the resource and field. */
export function parseResource<T>(schema: z.ZodType<T>, body: unknown, what: string, url: string): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new LockstepError(
    'ERR_TAXII_REMOTE_BAD_RESPONSE',
    `${url}: not a TAXII 2.1 ${what}${issue ? ` (${issue.path.join('.') || 'body'}: ${issue.message})` : ''}`,
    { url },
  );
}
