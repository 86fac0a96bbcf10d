/**
 * The workspace API (`/api/…`) and its front end (`/app/`, built by Vite from web/): login with a
 * session cookie, CSRF on state-changing requests, a strict Content-Security-Policy, and the run
 * pages. Every request: zod schema (api-schema.ts) → session gate → store (TLP audience inside SQL)
 * → the precomputed JSON as stored.
 *
 * An org's runs and a run the caller may not see answer the same 404 as an unknown id (no oracle).
 * Login, logout and refused requests go to the audit log (never a password or a cookie).
 */
import { existsSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditTrail } from '../exchange/audit.js';
import { Authenticator } from '../exchange/taxii/auth.js';
import type { Store } from '../store/store.js';
import { loginRequestSchema } from './api-schema.js';
import type { SessionInfo } from './api-schema.js';
import { runAudience } from './runs.js';
import { registerCaseRoutes } from './cases/routes.js';
import { Cases } from './cases/service.js';
import { Sharing } from './cases/sharing.js';
import { DashboardService } from './dashboard/service.js';
import { registerDashboardRoutes } from './dashboard/routes.js';
import { TaxiiShares } from './cases/taxii-share.js';
import { registerGraphExports } from './export-routes.js';
import { OBJECTS_KIND } from './graph-page.js';
import { registerGraphView } from './graph-view-routes.js';
import { runParams, sendJson } from './run-route.js';
import { registerUploadRoutes } from './upload.js';
import type { ActiveSession } from './sessions.js';
import { SESSION_COOKIE, SESSION_TTL_MS, Sessions, csrfMatches } from './sessions.js';

export interface WorkspaceOptions {
  store: Store;
  audit: AuditTrail;
  /** The built front end (web/dist); when missing, /app/ says how to build it. */
  webRoot: string;
}

/**
 * No inline script or style, no outside origin; the ForceAtlas2 worker is a blob: URL
 * (graphology-layout-forceatlas2/worker), sigma draws with WebGL into canvases it creates.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const accountParams = runParams.extend({ account: z.string().min(1).max(256) });

declare module 'fastify' {
  interface FastifyRequest {
    workspaceSession: ActiveSession | null;
  }
}

function apiError(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send({ error, message });
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function registerWorkspace(app: FastifyInstance, o: WorkspaceOptions): Promise<void> {
  const auth = new Authenticator(o.store);
  const sessions = new Sessions(o.store);
  await app.register(fastifyCookie);
  app.decorateRequest('workspaceSession', null);

  app.addHook('onSend', (req, reply, payload, done) => {
    void reply
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('x-frame-options', 'DENY')
      .header('cross-origin-opener-policy', 'same-origin');
    done(null, payload);
  });

  const denied = (req: FastifyRequest, action: string, status: number): void => {
    o.audit.record({
      at: new Date().toISOString(),
      actor: req.workspaceSession?.who.username ?? null,
      org: req.workspaceSession?.who.org ?? null,
      action,
      target: req.routeOptions.url ?? req.url.split('?')[0] ?? '',
      outcome: 'denied',
      status,
      requestId: req.id,
    });
  };

  // Every /api/ route but login needs a live session; state-changing ones also the CSRF token.
  app.addHook('preHandler', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    req.workspaceSession = (await sessions.resolve(req.cookies[SESSION_COOKIE])) ?? null;
    if (req.routeOptions.url === '/api/login') return;
    if (!req.workspaceSession) {
      await apiError(reply, 401, 'unauthorized', 'log in first');
      return;
    }
    if (
      STATE_CHANGING.has(req.method) &&
      !csrfMatches(req.headers['x-csrf-token'], req.workspaceSession.csrf)
    ) {
      denied(req, `${req.method} ${req.routeOptions.url ?? ''}`, 403);
      await apiError(reply, 403, 'csrf', 'missing or wrong X-CSRF-Token');
    }
  });

  const who = (req: FastifyRequest): ActiveSession => req.workspaceSession!;

  app.post('/api/login', async (req, reply) => {
    // A JSON body cannot be sent cross-site without a CORS preflight this server never grants.
    if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
      return apiError(reply, 415, 'bad-request', 'send the login as application/json');
    const body = loginRequestSchema.safeParse(req.body);
    if (!body.success) return apiError(reply, 400, 'bad-request', 'username and password are required');
    const principal = await auth.login(body.data.username, body.data.password);
    o.audit.record({
      at: new Date().toISOString(),
      actor: principal?.username ?? null,
      org: principal?.org ?? null,
      action: 'workspace-login',
      outcome: principal ? 'ok' : 'denied',
      status: principal ? 200 : 401,
      requestId: req.id,
    });
    if (!principal) return apiError(reply, 401, 'unauthorized', 'wrong username or password');
    if (req.workspaceSession) await sessions.end(req.workspaceSession);
    const { cookie, csrf } = await sessions.start(principal);
    void reply.setCookie(SESSION_COOKIE, cookie, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: req.protocol === 'https',
      maxAge: SESSION_TTL_MS / 1000,
    });
    const info: SessionInfo = { username: principal.username, org: principal.org, csrf };
    return reply.header('cache-control', 'no-store').send(info);
  });

  app.post('/api/logout', async (req, reply) => {
    await sessions.end(who(req));
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get('/api/session', (req, reply) => {
    const s = who(req);
    const info: SessionInfo = { username: s.who.username, org: s.who.org, csrf: s.csrf };
    return reply.header('cache-control', 'no-store').send(info);
  });

  app.get('/api/runs', async (req, reply) => {
    const runs = await o.store.listRuns(await runAudience(o.store, who(req).who));
    return sendJson(reply, `{"runs":[${runs.map((r) => r.json).join(',')}]}`);
  });

  /** The run when the caller may see it; otherwise a 404 already sent. */
  const visibleRun = async (req: FastifyRequest, reply: FastifyReply, id: string) => {
    const run = await o.store.getRun(id, await runAudience(o.store, who(req).who));
    if (!run) await apiError(reply, 404, 'not-found', 'no such run');
    return run;
  };

  app.get('/api/runs/:id', async (req, reply) => {
    const p = runParams.safeParse(req.params);
    if (!p.success) return apiError(reply, 404, 'not-found', 'no such run');
    const run = await visibleRun(req, reply, p.data.id);
    return run ? sendJson(reply, run.json) : reply;
  });

  app.get('/api/runs/:id/graph/objects', async (req, reply) => {
    const p = runParams.safeParse(req.params);
    if (!p.success) return apiError(reply, 404, 'not-found', 'no such run');
    const run = await visibleRun(req, reply, p.data.id);
    if (!run) return reply;
    const page = await o.store.getRunPage(run.id, OBJECTS_KIND);
    return page === undefined
      ? apiError(
          reply,
          404,
          'not-found',
          'no amplified objects for this run: it was added without its input posts',
        )
      : sendJson(reply, page);
  });

  app.get('/api/runs/:id/accounts/:account', async (req, reply) => {
    const p = accountParams.safeParse(req.params);
    if (!p.success) return apiError(reply, 404, 'not-found', 'no such account in this run');
    const run = await visibleRun(req, reply, p.data.id);
    if (!run) return reply;
    const row = await o.store.getRunAccount(run.id, p.data.account);
    return row ? sendJson(reply, row.json) : apiError(reply, 404, 'not-found', 'no such account in this run');
  });

  registerGraphExports(app, { store: o.store, visibleRun });
  registerGraphView(app, { store: o.store, visibleRun });
  registerUploadRoutes(app, { store: o.store, auth, audit: o.audit, who: (req) => who(req).who });

  const cases = new Cases(o.store);
  registerCaseRoutes(app, {
    store: o.store,
    cases,
    sharing: new Sharing(o.store, cases),
    taxii: new TaxiiShares(o.store, cases),
    audit: o.audit,
    who: (req) => who(req).who,
  });
  registerDashboardRoutes(app, {
    service: new DashboardService(o.store, cases),
    audit: o.audit,
    who: (req) => who(req).who,
  });

  // The front end: hashed assets under /app/assets/, the page itself never cached.
  app.get('/', (_req, reply) => reply.redirect('/app/'));
  if (existsSync(o.webRoot)) {
    await app.register(fastifyStatic, {
      root: o.webRoot,
      prefix: '/app/',
      // `/app/` itself is an explicit route below: as a wildcard it would lose to TAXII's `/:apiRoot/`.
      index: false,
      setHeaders(res, path) {
        res.setHeader(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    app.get('/app/', (_req, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
  } else {
    app.get('/app/', (_req, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The workspace front end is not built: run `npm run build` (it builds web/ with Vite).\n'),
    );
  }
}
