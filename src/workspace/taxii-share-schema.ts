/**
 * Sharing a case to a TAXII collection, as zod schemas shared by the server and the browser client:
 * the collections the caller's org may write to, a publish request (collection and TLP), and what the
 * case shows of its publications — each collection with the version last published, partners'
 * acknowledgements with the time to acknowledge, and their sightings.
 */
import { z } from 'zod';
import { tlpSchema } from './api-schema.js';

export const taxiiTargetSchema = z.object({
  apiRoot: z.string(),
  collection: z.string(),
  title: z.string(),
});
export type TaxiiTarget = z.infer<typeof taxiiTargetSchema>;
/** GET /api/taxii/targets. */
export const taxiiTargetsSchema = z.object({ targets: z.array(taxiiTargetSchema) });

/** POST /api/cases/:id/publish. */
export const publishRequestSchema = z.strictObject({
  apiRoot: z.string().min(1).max(128),
  collection: z.string().min(1).max(128),
  tlp: tlpSchema,
});
export type PublishRequest = z.infer<typeof publishRequestSchema>;

export const taxiiAckSchema = z.object({
  org: z.string(),
  kind: z.string(),
  at: z.string(),
  /** The campaign version acknowledged (its `modified`). */
  version: z.string(),
  /** Seconds from that version's publication to this acknowledgement. */
  secondsToAck: z.number().nullable(),
});

export const taxiiSightingSchema = z.object({
  id: z.string(),
  /** The org that posted the sighting (authenticated), not a claim inside it. */
  org: z.string().nullable(),
  /** What was sighted: the case's campaign or one of its indicators. */
  of: z.string(),
  ofName: z.string(),
  count: z.number().nullable(),
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
  dateAdded: z.string(),
});

export const publicationSchema = z.object({
  apiRoot: z.string(),
  collection: z.string(),
  title: z.string(),
  tlp: tlpSchema,
  campaign: z.string(),
  /** Campaign version (`modified`) last published, when and by whom. */
  version: z.string(),
  publishedAt: z.string(),
  publishedBy: z.string(),
  /** Objects of the last publication: new or changed versions, unchanged ones, refused ones. */
  written: z.number(),
  unchanged: z.number(),
  refused: z.array(z.string()),
  acks: z.array(taxiiAckSchema),
  sightings: z.array(taxiiSightingSchema),
});
export type Publication = z.infer<typeof publicationSchema>;
/** GET /api/cases/:id/publications. */
export const publicationsSchema = z.object({ publications: z.array(publicationSchema) });
