/**
 * The data-set dashboard's API, registered inside the workspace's context so the session gate and the
 * CSRF check (routes.ts) run first:
 * - `GET /api/runs/:id/dashboard?from&to&bucket&watchlist` — top items and curves (query.ts);
 * - `POST /api/runs/:id/dashboard/cases` — open a case on a finding (service.ts);
 * - `GET|POST /api/watchlists`, `PUT|DELETE /api/watchlists/:id` — the org's watchlists.
 * Each route: zod schema (schema.ts) → DashboardService (TLP audience, org) → answer. A run the caller
 * may not see answers like an unknown one; another org's watchlist likewise. Writes are audited.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditTrail } from '../../exchange/audit.js';
import type { Principal } from '../../exchange/access.js';
import { CaseError } from '../cases/errors.js';
import { invalid, send } from '../cases/routes.js';
import { dashboardQuerySchema, findingCaseSchema, watchlistRequestSchema } from './schema.js';
import type { DashboardService } from './service.js';

const runParams = z.object({ id: z.string().regex(/^run-[0-9a-f]{16}$/) });
const watchlistParams = z.object({ id: z.string().regex(/^wl-[0-9a-f]{16}$/) });

export interface DashboardRouteOptions {
  service: DashboardService;
  audit: AuditTrail;
  who: (req: FastifyRequest) => Principal;
}

export function registerDashboardRoutes(app: FastifyInstance, o: DashboardRouteOptions): void {
  const handle = async (
    req: FastifyRequest,
    reply: FastifyReply,
    act: () => Promise<unknown>,
    write?: { action: string; target: string; status?: number },
  ): Promise<FastifyReply> => {
    const who = o.who(req);
    const audit = (outcome: 'ok' | 'denied', status: number): void => {
      if (write)
        o.audit.record({
          at: new Date().toISOString(),
          actor: who.username,
          org: who.org,
          action: write.action,
          target: write.target,
          outcome,
          status,
          requestId: req.id,
        });
    };
    try {
      const out = await act();
      audit('ok', write?.status ?? 200);
      return await send(reply, write?.status ?? 200, out ?? '');
    } catch (e) {
      if (!(e instanceof CaseError)) throw e;
      audit('denied', e.status);
      return send(reply, e.status, { error: e.code, message: e.message });
    }
  };
  const noRun = (reply: FastifyReply) => send(reply, 404, { error: 'not-found', message: 'no such run' });
  const noList = (reply: FastifyReply) =>
    send(reply, 404, { error: 'not-found', message: 'no such watchlist' });

  app.get('/api/runs/:id/dashboard', (req, reply) => {
    const p = runParams.safeParse(req.params);
    if (!p.success) return noRun(reply);
    const q = dashboardQuerySchema.safeParse(req.query);
    if (!q.success) return invalid(reply, q.error);
    return handle(req, reply, () => o.service.dashboard(o.who(req), p.data.id, q.data));
  });

  app.post('/api/runs/:id/dashboard/cases', (req, reply) => {
    const p = runParams.safeParse(req.params);
    if (!p.success) return noRun(reply);
    const body = findingCaseSchema.safeParse(req.body);
    if (!body.success) return invalid(reply, body.error);
    return handle(req, reply, () => o.service.openCase(o.who(req), p.data.id, body.data), {
      action: 'workspace-dashboard-case-open',
      target: p.data.id,
      status: 201,
    });
  });

  app.get('/api/watchlists', (req, reply) =>
    handle(req, reply, async () => ({ watchlists: await o.service.listWatchlists(o.who(req)) })),
  );

  app.post('/api/watchlists', (req, reply) => {
    const body = watchlistRequestSchema.safeParse(req.body);
    if (!body.success) return invalid(reply, body.error);
    return handle(req, reply, () => o.service.createWatchlist(o.who(req), body.data), {
      action: 'workspace-watchlist-create',
      target: body.data.name,
      status: 201,
    });
  });

  app.put('/api/watchlists/:id', (req, reply) => {
    const p = watchlistParams.safeParse(req.params);
    if (!p.success) return noList(reply);
    const body = watchlistRequestSchema.safeParse(req.body);
    if (!body.success) return invalid(reply, body.error);
    return handle(req, reply, () => o.service.updateWatchlist(o.who(req), p.data.id, body.data), {
      action: 'workspace-watchlist-update',
      target: p.data.id,
    });
  });

  app.delete('/api/watchlists/:id', (req, reply) => {
    const p = watchlistParams.safeParse(req.params);
    if (!p.success) return noList(reply);
    return handle(
      req,
      reply,
      async () => {
        await o.service.deleteWatchlist(o.who(req), p.data.id);
        return { deleted: p.data.id };
      },
      { action: 'workspace-watchlist-delete', target: p.data.id },
    );
  });
}
