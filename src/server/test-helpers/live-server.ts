/**
 * Test helper (not a test file): a Lockstep TAXII server listening on a free loopback port over its
 * own store, so client, sync and interop tests talk real HTTP through `fetch`.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import { taxiiSettings } from '../../exchange/config.js';
import { demoConfig, seedDemo } from '../../exchange/demo.js';
import { TaxiiClient } from '../../exchange/client/taxii-client.js';
import { TaxiiHttp } from '../../exchange/client/http.js';
import type { HttpOptions } from '../../exchange/client/http.js';

export interface LiveServer {
  app: FastifyInstance;
  store: Store;
  /** `http://127.0.0.1:PORT/taxii2/` */
  discoveryUrl: string;
  /** `http://127.0.0.1:PORT` */
  base: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:0 over `store` (closed with the server). */
export async function listen(store: Store): Promise<LiveServer> {
  const app = await buildApp({ store, settings: taxiiSettings(demoConfig()) });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    store,
    base: address,
    discoveryUrl: `${address}/taxii2/`,
    async close() {
      await app.close();
      await store.close();
    },
  };
}

/** The demo server (alice/bob, sample objects) on a free port, in memory. */
export async function liveDemo(): Promise<LiveServer> {
  const store = await openSqliteStore({ file: ':memory:' });
  await seedDemo(store);
  return listen(store);
}

/** A client with fast retries, as user/password. */
export function clientFor(user: string, password: string, extra: HttpOptions = {}): TaxiiClient {
  return new TaxiiClient(
    new TaxiiHttp({ auth: { kind: 'basic', user, password }, backoffMs: 1, retries: 2, ...extra }),
  );
}
