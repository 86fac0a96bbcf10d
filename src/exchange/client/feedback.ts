/**
 * Client side of Lockstep's feedback channels (server: src/exchange/feedback, mounted under each API
 * root beside the TAXII paths): sightings per object for its producer, organisations' contact cards,
 * and acknowledgements with time to first acknowledgement. Partners answer with STIX `sighting`s,
 * which are ordinary objects posted to a collection (`sightingFor` builds one; `addObjects` sends it),
 * so they also travel through `lockstep sync` like any other object.
 *
 * These endpoints are Lockstep extensions: other TAXII servers answer 404 (ERR_TAXII_NOT_FOUND).
 */
import { z } from 'zod';
import { lockstepId } from '../../stix/ids.js';
import { displayUrl } from './http.js';
import { parseResource } from './resources.js';
import type { StixObject } from './resources.js';
import type { TaxiiClient } from './taxii-client.js';

const slash = (u: string) => (u.endsWith('/') ? u : `${u}/`);
const seg = encodeURIComponent;

export const SightingsSchema = z.looseObject({
  object_id: z.string(),
  summary: z.looseObject({
    sightings: z.number(),
    total_count: z.number(),
    organisations: z.number(),
    first_seen: z.string().optional(),
    last_seen: z.string().optional(),
  }),
  more: z.boolean(),
  sightings: z.array(
    z.looseObject({
      id: z.string(),
      collection: z.string(),
      date_added: z.string(),
      posted_by_org: z.string().nullable().optional(),
      created_by_ref: z.string().optional(),
      count: z.number().optional(),
      first_seen: z.string().optional(),
      last_seen: z.string().optional(),
    }),
  ),
});
export type SightingsReport = z.infer<typeof SightingsSchema>;

export const ContactCardSchema = z.looseObject({
  organisation: z.string(),
  name: z.string().optional(),
  updated: z.string().optional(),
  contacts: z.array(z.looseObject({ topic: z.string() })),
});
export type ContactCardView = z.infer<typeof ContactCardSchema>;

export const AcksSchema = z.looseObject({
  object_id: z.string(),
  ack_required: z.boolean(),
  published: z.string().nullable(),
  time_to_first_ack_seconds: z.number().nullable(),
  first_ack: z.looseObject({ organisation: z.string(), kind: z.string(), at: z.string() }).nullable(),
  organisations: z.array(z.looseObject({ organisation: z.string(), first_at: z.string() })),
});
export type AcksReport = z.infer<typeof AcksSchema>;

export type AckKind = 'received' | 'actioned' | 'rejected';

export interface Contact {
  topic: string;
  name?: string;
  email?: string;
  url?: string;
  phone?: string;
  pgp_fingerprint?: string;
  languages?: string[];
}

export class FeedbackClient {
  constructor(readonly taxii: TaxiiClient) {}

  /** The sightings partners posted about an object the caller's org produced, with a summary. */
  async sightings(apiRootUrl: string, objectId: string): Promise<SightingsReport> {
    const url = `${slash(apiRootUrl)}feedback/objects/${seg(objectId)}/sightings/`;
    const res = await this.taxii.http.request({ url });
    return parseResource(SightingsSchema, res.body, 'sightings report', displayUrl(url));
  }

  async contactCard(apiRootUrl: string, org: string): Promise<ContactCardView> {
    const url = `${slash(apiRootUrl)}feedback/organisations/${seg(org)}/contact`;
    const res = await this.taxii.http.request({ url });
    return parseResource(ContactCardSchema, res.body, 'contact card', displayUrl(url));
  }

  /** Publishes (replaces) the caller's own organisation's card. */
  async publishContactCard(apiRootUrl: string, org: string, contacts: Contact[]): Promise<ContactCardView> {
    const url = `${slash(apiRootUrl)}feedback/organisations/${seg(org)}/contact`;
    const res = await this.taxii.http.request({ url, method: 'PUT', body: { contacts } });
    return parseResource(ContactCardSchema, res.body, 'contact card', displayUrl(url));
  }

  /** Records that the caller's org received / actioned / rejected an object that asks for it. */
  async acknowledge(apiRootUrl: string, objectId: string, kind: AckKind = 'received'): Promise<void> {
    const url = `${slash(apiRootUrl)}feedback/objects/${seg(objectId)}/ack`;
    await this.taxii.http.request({ url, method: 'POST', body: { kind } });
  }

  /** For the producer: who acknowledged, when, and the time to first acknowledgement. */
  async acknowledgements(apiRootUrl: string, objectId: string): Promise<AcksReport> {
    const url = `${slash(apiRootUrl)}feedback/objects/${seg(objectId)}/acks`;
    const res = await this.taxii.http.request({ url });
    return parseResource(AcksSchema, res.body, 'acknowledgements report', displayUrl(url));
  }
}

export interface SightingInput {
  /** The object seen (indicator, campaign …). */
  of: string;
  /** The reporting organisation's identity id (also where it was seen). */
  identityId: string;
  count?: number;
  firstSeen?: string;
  lastSeen?: string;
  /** TLP marking-definition id. */
  marking?: string;
  description?: string;
  now?: Date;
}

/**
 * A STIX 2.1 sighting ("we saw this too"), ready for `addObjects`. Its id is derived from (reporter,
 * object), so reporting again is a new version of the same sighting, not a second one.
 */
export function sightingFor(s: SightingInput): StixObject {
  const now = (s.now ?? new Date()).toISOString();
  return {
    type: 'sighting',
    spec_version: '2.1',
    id: lockstepId('sighting', [s.identityId, s.of]),
    created: now,
    modified: now,
    created_by_ref: s.identityId,
    sighting_of_ref: s.of,
    where_sighted_refs: [s.identityId],
    ...(s.count !== undefined ? { count: Math.min(Math.max(0, Math.floor(s.count)), 999_999_999) } : {}),
    ...(s.firstSeen !== undefined ? { first_seen: s.firstSeen } : {}),
    ...(s.lastSeen !== undefined ? { last_seen: s.lastSeen } : {}),
    ...(s.description !== undefined ? { description: s.description } : {}),
    ...(s.marking !== undefined ? { object_marking_refs: [s.marking] } : {}),
  };
}
