/**
 * Test builders (outline's `factories.ts` habit): an in-memory demo server, credentials headers and
 * valid STIX objects, so route tests read as scenarios.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import { demoConfig, seedDemo } from '../../exchange/demo.js';
import { taxiiSettings } from '../../exchange/config.js';
import { TAXII_MEDIA } from '../../exchange/taxii/media.js';

export interface TestServer {
  app: FastifyInstance;
  store: Store;
  close(): Promise<void>;
}

export async function demoServer(): Promise<TestServer> {
  const store = await openSqliteStore({ file: ':memory:' });
  const config = demoConfig();
  await seedDemo(store, config);
  const app = await buildApp({ store, settings: taxiiSettings(config) });
  return {
    app,
    store,
    async close() {
      await app.close();
      await store.close();
    },
  };
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export const ALICE = basic('alice', 'alice-password');
export const BOB = basic('bob', 'bob-password');

export function taxiiGet(
  app: FastifyInstance,
  url: string,
  auth = ALICE,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method: 'GET',
    url,
    headers: { authorization: auth, accept: TAXII_MEDIA, ...headers },
  });
}

export function taxiiPost(
  app: FastifyInstance,
  url: string,
  body: unknown,
  auth = ALICE,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const opts: InjectOptions = {
    method: 'POST',
    url,
    headers: { authorization: auth, accept: TAXII_MEDIA, 'content-type': TAXII_MEDIA, ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  };
  return app.inject(opts);
}

let seq = 0;
/** A valid STIX 2.1 indicator; `n` picks the id, `modified` the version. */
export function indicator(
  n = ++seq,
  modified = '2026-04-01T12:00:00.000Z',
  extra: Record<string, unknown> = {},
) {
  if (!Number.isInteger(n) || n < 0 || n > 9999)
    throw new RangeError(`indicator(n): n must be 0…9999, got ${n}`);
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--0000${String(n).padStart(4, '0')}-1111-4222-8333-444455556666`,
    created: '2026-04-01T12:00:00.000Z',
    modified,
    name: `finding ${n}`,
    pattern: `[domain-name:value = 'site${n}.example']`,
    pattern_type: 'stix',
    valid_from: '2026-04-01T12:00:00Z',
    ...extra,
  };
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- a typed view of a test response
export function json<T = Record<string, unknown>>(res: LightMyRequestResponse): T {
  return JSON.parse(res.body) as T;
}
