/**
 * Builds the Lockstep HTTP app (the TAXII 2.1 server and the workspace, src/workspace) over a store. Never listens: tests drive it with
 * `app.inject`, and `lockstep serve` calls `listen`. Thin wiring only.
 *
 * @example
 * const app = await buildApp({ store });
 * const res = await app.inject({ url: '/taxii2/', headers: { authorization } });
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController } from 'fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { AuditTrail } from '../exchange/audit.js';
import { clientErrorHandler } from './client-errors.js';
import { registerRequestLog } from './request-log.js';
import type { Store } from '../store/store.js';
import type { TaxiiSettings } from '../exchange/taxii/context.js';
import { registerTaxii } from '../exchange/taxii/plugin.js';
import { sendTaxiiError } from '../exchange/taxii/errors.js';
import type { RangeRoutesOptions } from '../protect/passwords/index.js';
import { rangeRoutes } from '../protect/passwords/index.js';
import { registerWorkspace } from '../workspace/routes.js';

export interface AppOptions {
  store: Store;
  settings?: Partial<TaxiiSettings>;
  /**
   * Structured JSON logs (pino): one line per request and every internal error. `true` = level info
   * on stderr; off by default here (tests), on by default in `lockstep serve` (start.ts).
   */
  logger?: boolean | { level: string; stream?: NodeJS.WritableStream };
  /** Connection limits; the defaults are {@link DEFAULT_LIMITS}. */
  limits?: Partial<ConnectionLimits>;
  /** Also serve the Pwned Passwords range API at `/range/{prefix}` from these indexes. */
  passwords?: RangeRoutesOptions;
  /** The workspace front end's built files (default: web/dist of this package). */
  webRoot?: string;
}

/** web/dist beside src/ (tsx) and dist/ (built): both are two levels below the package root. */
const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface ConnectionLimits {
  /** Whole request (headers and body) must arrive within this (Node's requestTimeout). */
  requestTimeoutMs: number;
  /** Headers must arrive within this (slow-header attacks). */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** How often Node checks the two timeouts above (the 30 s default let a request overrun by 30 s). */
  checkIntervalMs: number;
  /** Requests one connection may carry before the server closes it. */
  maxRequestsPerSocket: number;
}

/**
 * 60 s for a whole request: a 10 MiB envelope at 1.5 Mbit/s. An unfinished body is answered 408 and
 * the connection closed within ~62 s, where it stayed open 330 s before (issue 10).
 */
export const DEFAULT_LIMITS: ConnectionLimits = {
  requestTimeoutMs: 60_000,
  headersTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 2_000,
  maxRequestsPerSocket: 10_000,
};

function loggerOption(opt: AppOptions['logger']): FastifyServerOptions['logger'] {
  if (!opt) return false;
  const { level, stream } = opt === true ? { level: 'info', stream: process.stderr } : opt;
  return { level, stream: stream ?? process.stderr };
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const roots = await opts.store.listApiRoots();
  // fastify's own limit guards memory before parsing; each API root's smaller limit is checked per route.
  const bodyLimit = Math.max(1024 * 1024, ...roots.map((r) => r.maxContentLength));
  const app = Fastify({
    logger: loggerOption(opts.logger),
    // One line per request from request-log.ts instead of fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // Our own ids: a client's X-Request-Id is not trusted into logs and the audit log.
    requestIdHeader: false,
    genReqId: () => randomUUID(),
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    maxRequestsPerSocket: limits.maxRequestsPerSocket,
    http: { headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: limits.checkIntervalMs },
    clientErrorHandler,
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
  const audit = new AuditTrail(opts.store);
  const ctx = { store: opts.store, settings, audit };
  registerRequestLog(app);
  app.addHook('onSend', (req, reply, payload, done) => {
    void reply.header('x-request-id', req.id);
    done(null, payload);
  });
  app.addHook('onClose', () => audit.flush());
  // TAXII (its authentication hook, Accept negotiation, body parser, error and not-found handlers)
  // lives in its own encapsulated context, so routes beside it (the password range API) keep theirs.
  await app.register((taxii) => {
    registerTaxii(taxii, ctx);
    return Promise.resolve();
  });
  // The range API is public by design (k-anonymity: only a 5-hex prefix arrives; browsers preflight
  // it without credentials).
  if (opts.passwords) await app.register(rangeRoutes, opts.passwords);
  // The workspace (its cookie parser, security headers and session gate stay in its own context).
  await app.register((ws) =>
    registerWorkspace(ws, { store: opts.store, audit, webRoot: opts.webRoot ?? DEFAULT_WEB_ROOT }),
  );
  await app.ready();
  return app;
}
