/**
 * What bench/exchange-server.ts and bench/exchange-load.ts agree on: the bench configuration (one API
 * root, one organisation, one user with read+write on one collection) and the generated objects —
 * valid STIX 2.1 indicators with unique, deterministic ids, a quarter each TLP CLEAR / GREEN / AMBER /
 * RED (the loader's own organisation is the producer, so it sees them all).
 */
import type { ServerConfigInput } from '../src/exchange/config.js';

export const BENCH_ROOT = 'bench';
export const BENCH_COLLECTION = 'bench';
export const BENCH_USER = 'loader';
/** A throw-away password for a loopback-only bench server. */
export const BENCH_PASSWORD = 'bench-password-not-a-secret';

export const benchConfig: ServerConfigInput = {
  // 10,000 indicators are about 4.7 MB of JSON: the default 10 MiB max_content_length holds them.
  apiRoots: [{ name: BENCH_ROOT, title: 'bench', default: true }],
  orgs: [{ id: 'org-a', name: 'Bench org' }],
  users: [{ username: BENCH_USER, org: 'org-a', password: BENCH_PASSWORD }],
  collections: [{ id: BENCH_COLLECTION, apiRoot: BENCH_ROOT, title: 'bench' }],
  grants: [{ collection: BENCH_COLLECTION, org: 'org-a', read: true, write: true }],
};

const TLP_MARKINGS = [
  'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487', // TLP 2.0 CLEAR
  'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb', // TLP 2.0 GREEN
  'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421', // TLP 2.0 AMBER
  'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1', // TLP 2.0 RED
] as const;

/** Indicator number `i` (ids differ in their last 12 hex digits; `i` < 2^48). */
export function indicator(i: number): Record<string, unknown> {
  const hex = i.toString(16).padStart(12, '0');
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--00000000-0000-4000-8000-${hex}`,
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    name: `bench indicator ${i}`,
    description: 'Domain seen in a coordinated amplification campaign (bench data).',
    indicator_types: ['malicious-activity'],
    pattern: `[domain-name:value = 'site${i}.example']`,
    pattern_type: 'stix',
    valid_from: '2026-01-01T00:00:00Z',
    object_marking_refs: [TLP_MARKINGS[i % 4]],
  };
}

/** A TAXII envelope body of `count` indicators starting at number `start`. */
export function envelopeBody(start: number, count: number): string {
  const objects = new Array<Record<string, unknown>>(count);
  for (let k = 0; k < count; k++) objects[k] = indicator(start + k);
  return JSON.stringify({ objects });
}
