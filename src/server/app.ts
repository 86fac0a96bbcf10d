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
import type { RangeRoutesOptions } from '../protect/passwords/index.js';
import { rangeRoutes } from '../protect/passwords/index.js';

export interface AppOptions {
  store: Store;
  settings?: Partial<TaxiiSettings>;
  /** Log requests (JSON lines on stdout); off by default. */
  logger?: boolean;
  /** Also serve the Pwned Passwords range API at `/range/{prefix}` from these indexes. */
  passwords?: RangeRoutesOptions;
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
  const ctx = { store: opts.store, settings };
  // TAXII (its authentication hook, Accept negotiation, body parser, error and not-found handlers)
  // lives in its own encapsulated context, so routes beside it (the password range API) keep theirs.
  await app.register((taxii) => {
    registerTaxii(taxii, ctx);
    return Promise.resolve();
  });
  // The range API is public by design (k-anonymity: only a 5-hex prefix arrives; browsers preflight
  // it without credentials).
  if (opts.passwords) await app.register(rangeRoutes, opts.passwords);
  await app.ready();
  return app;
}
