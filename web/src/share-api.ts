/**
 * The client side of sharing a case to a TAXII collection and of the exports (the server side is
 * src/workspace/cases/taxii-share.ts and src/workspace/exports.ts): answers checked against the same
 * zod schemas, writes through api.ts's `call` (CSRF token, 401 → login).
 */
import { caseViewSchema } from '../../src/workspace/case-schema.js';
import type { CaseView } from '../../src/workspace/case-schema.js';
import { publicationsSchema, taxiiTargetsSchema } from '../../src/workspace/taxii-share-schema.js';
import type { Publication, PublishRequest, TaxiiTarget } from '../../src/workspace/taxii-share-schema.js';
import { call, json } from './api.js';

const caseUrl = (id: string): string => `/api/cases/${encodeURIComponent(id)}`;

export async function targets(): Promise<TaxiiTarget[]> {
  return (await call(taxiiTargetsSchema, '/api/taxii/targets')).targets;
}
export const publish = (id: string, body: PublishRequest): Promise<CaseView> =>
  call(caseViewSchema, `${caseUrl(id)}/publish`, json('POST', body));
export async function publications(id: string): Promise<Publication[]> {
  return (await call(publicationsSchema, `${caseUrl(id)}/publications`)).publications;
}
/** Download links (plain GETs with the session cookie; the server sets the file name). */
export const caseCsvUrl = (id: string): string => `${caseUrl(id)}/export.csv`;
export const caseStixUrl = (id: string, tlp: string): string =>
  `${caseUrl(id)}/export.stix.json?tlp=${encodeURIComponent(tlp)}`;
