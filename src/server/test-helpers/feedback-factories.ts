/**
 * Test builders for the feedback endpoints: the demo server (alice in org A, bob in org B, both in
 * the election-desk trust group) plus carol in org C, who shares no group and has no grant, so each
 * endpoint can be tried by a producer, a partner and an outsider. STIX builders for sightings and
 * reports that ask for acknowledgement.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { TLP2_IDS } from '../../stix/tlp.js';
import { hashPassword } from '../../exchange/credentials.js';
import { DEMO_COLLECTIONS, DEMO_ROOT } from '../../exchange/demo.js';
import type { TestServer } from './taxii-factories.js';
import { ALICE, basic, demoServer, taxiiPost } from './taxii-factories.js';
import { TAXII_MEDIA } from '../../exchange/taxii/media.js';
import { ACK_PROPERTY } from '../../exchange/feedback/acks.js';

export const ROOT = `/${DEMO_ROOT}`;
export const CAROL = basic('carol', 'carol-password');
export const objectsUrl = (collection: keyof typeof DEMO_COLLECTIONS) =>
  `${ROOT}/collections/${DEMO_COLLECTIONS[collection]}/objects/`;
export const feedbackUrl = (objectId: string, tail: string) => `${ROOT}/feedback/objects/${objectId}/${tail}`;
export const contactUrl = (org: string) => `${ROOT}/feedback/organisations/${org}/contact`;

export async function feedbackServer(): Promise<TestServer> {
  const s = await demoServer();
  await s.store.putOrg({ id: 'org-c', name: 'Outsider (org C)', redRecipients: [] });
  await s.store.putUser({
    username: 'carol',
    org: 'org-c',
    passwordHash: await hashPassword('carol-password'),
  });
  return s;
}

const marking = (tlp: keyof typeof TLP2_IDS | undefined) =>
  tlp === undefined ? {} : { object_marking_refs: [TLP2_IDS[tlp]] };

const uuid = (kind: number, n: number) =>
  `${String(kind).padStart(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const IDENT = (n: number) => `identity--${uuid(7, n)}`;

export function sighting(
  n: number,
  of: string,
  opts: { tlp?: keyof typeof TLP2_IDS; modified?: string; extra?: Record<string, unknown> } = {},
) {
  return {
    type: 'sighting',
    spec_version: '2.1',
    id: `sighting--${uuid(1, n)}`,
    created: '2026-04-02T10:00:00.000Z',
    modified: opts.modified ?? '2026-04-02T10:00:00.000Z',
    sighting_of_ref: of,
    ...marking(opts.tlp),
    ...opts.extra,
  };
}

export function report(
  n: number,
  opts: { ack?: boolean; tlp?: keyof typeof TLP2_IDS; modified?: string } = {},
) {
  return {
    type: 'report',
    spec_version: '2.1',
    id: `report--${uuid(2, n)}`,
    created: '2026-04-01T10:00:00.000Z',
    modified: opts.modified ?? '2026-04-01T10:00:00.000Z',
    name: `Coordinated network ${n}`,
    published: '2026-04-01T10:00:00.000Z',
    report_types: ['threat-report'],
    object_refs: [IDENT(1)],
    ...(opts.ack === undefined ? {} : { [ACK_PROPERTY]: opts.ack }),
    ...marking(opts.tlp),
  };
}

/** POSTs objects and fails loudly unless every one was stored. */
export async function post(
  app: FastifyInstance,
  collection: keyof typeof DEMO_COLLECTIONS,
  objects: unknown[],
  auth = ALICE,
): Promise<void> {
  const res = await taxiiPost(app, objectsUrl(collection), { objects }, auth);
  const status = JSON.parse(res.body) as { success_count?: number; failures?: unknown };
  if (res.statusCode !== 202 || status.success_count !== objects.length)
    throw new Error(`POST to ${collection} did not store everything: ${res.statusCode} ${res.body}`);
}

export function taxiiSend(
  app: FastifyInstance,
  method: 'PUT' | 'POST',
  url: string,
  body: unknown,
  auth = ALICE,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers: {
      authorization: auth,
      accept: TAXII_MEDIA,
      ...(body === undefined ? {} : { 'content-type': TAXII_MEDIA }),
      ...headers,
    },
    ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

export function assertTaxiiError(res: LightMyRequestResponse, status: number, code?: string): void {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  if (res.headers['content-type'] !== TAXII_MEDIA)
    throw new Error(`error media type ${String(res.headers['content-type'])}`);
  const body = JSON.parse(res.body) as Record<string, unknown>;
  if (body.http_status !== String(status) || typeof body.title !== 'string')
    throw new Error(`not a TAXII error body: ${res.body}`);
  if (code !== undefined && body.error_code !== code)
    throw new Error(`expected ${code}, got ${String(body.error_code)}: ${res.body}`);
}
