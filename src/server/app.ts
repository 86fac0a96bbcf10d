/**
 * Builds the Lockstep HTTP app (the TAXII 2.1 server) over a store. Never listens: tests drive it with
 * `app.inject`, and `lockstep serve` calls `listen`. Thin wiring only.
 *
 * @example
 * const app = await buildApp({ store });
 * const res = await app.inject({ url: '/taxii2/', headers: { authorization } });
 */
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store.js';
import type { TaxiiSettings } from '../exchange/taxii/context.js';
import { registerTaxii } from '../exchange/taxii/plugin.js';
import { sendTaxiiError } from '../exchange/taxii/errors.js';

export interface AppOptions {
  store: Store;
  settings?: Partial<TaxiiSettings>;
  /** Log requests (JSON lines on stdout); off by default. */
  logger?: boolean;
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const roots = await opts.store.listApiRoots();
  // fastify's own limit guards memory before parsing; each API root's smaller limit is checked per route.
  const bodyLimit = Math.max(1024 * 1024, ...roots.map((r) => r.maxContentLength));
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 512 },
    return503OnClosing: true,
    // Bad or over-long URLs are rejected by the router before any route: answer them as TAXII errors too.
    frameworkErrors: (err, _req, reply) => {
      void sendTaxiiError(reply, err);
    },
  });
  const settings: TaxiiSettings = {
    title: 'Lockstep TAXII server',
    defaultLimit: 100,
    maxLimit: 1000,
    ...opts.settings,
  };
  registerTaxii(app, { store: opts.store, settings });
  await app.ready();
  return app;
}
