/**
 * `/api/cases…`: the cases API, registered inside the workspace's context so the session gate and
 * the CSRF check (routes.ts) run first. Each route: zod schema (case-schema.ts) → Cases (service.ts,
 * org and TLP checks) → the case view. Refusals answer `{error, message}` naming the field; a case of
 * another org answers exactly like an unknown id. Every write goes to the audit log (never a note's
 * text).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditTrail } from '../../exchange/audit.js';
import type { Principal } from '../../exchange/access.js';
import { caseIdSchema, changeCaseSchema, noteSchema, openCaseSchema, pinSchema } from '../case-schema.js';
import { ackRequestSchema, contactCardRequestSchema, shareRequestSchema } from '../share-schema.js';
import { CaseError } from './errors.js';
import type { Cases } from './service.js';
import { directory } from './sharing.js';
import type { Sharing } from './sharing.js';
import type { Store } from '../../store/store.js';
import { tlpSchema } from '../api-schema.js';
import { caseCsv } from '../exports.js';
import { publishRequestSchema } from '../taxii-share-schema.js';
import type { TaxiiShares } from './taxii-share.js';

const idParams = z.object({ id: caseIdSchema });
const pinParams = idParams.extend({ account: z.string().min(1).max(256) });
const accountParams = z.object({
  id: z.string().regex(/^run-[0-9a-f]{16}$/),
  account: z.string().min(1).max(256),
});

export interface CaseRouteOptions {
  store: Store;
  cases: Cases;
  sharing: Sharing;
  taxii: TaxiiShares;
  audit: AuditTrail;
  who: (req: FastifyRequest) => Principal;
}

/** A JSON answer never cached (workspace API answers about cases, uploads, refusals). */
export function send(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send(body);
}

/** The first zod issue as `field: message`. */
export function invalid(reply: FastifyReply, error: z.ZodError): FastifyReply {
  const issue = error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : '(body)';
  return send(reply, 422, { error: 'invalid', message: `${field}: ${issue.message}` });
}

export function registerCaseRoutes(app: FastifyInstance, o: CaseRouteOptions): void {
  /** Runs `act`, auditing a write as `action` on `target`, and answers its view or its refusal. */
  const handle = async (
    req: FastifyRequest,
    reply: FastifyReply,
    act: () => Promise<unknown>,
    write?: { action: string; target: () => string; status?: number },
  ): Promise<FastifyReply> => {
    const who = o.who(req);
    try {
      const out = await act();
      if (write)
        o.audit.record({
          at: new Date().toISOString(),
          actor: who.username,
          org: who.org,
          action: write.action,
          target: write.target(),
          outcome: 'ok',
          status: write.status ?? 200,
          requestId: req.id,
        });
      return await send(reply, write?.status ?? 200, out);
    } catch (e) {
      if (!(e instanceof CaseError)) throw e;
      if (write)
        o.audit.record({
          at: new Date().toISOString(),
          actor: who.username,
          org: who.org,
          action: write.action,
          target: write.target(),
          outcome: 'denied',
          status: e.status,
          requestId: req.id,
        });
      return send(reply, e.status, { error: e.code, message: e.message });
    }
  };
  const notFound = (reply: FastifyReply) => send(reply, 404, { error: 'not-found', message: 'no such case' });

  /** A write on one case: its id (404 like an unknown one when malformed), a body schema, the action. */
  const caseWrite = <B>(
    method: 'POST' | 'PATCH',
    path: string,
    schema: z.ZodType<B>,
    action: string,
    act: (who: Principal, id: string, body: B) => Promise<unknown>,
    status = 200,
  ): void => {
    app.route({
      method,
      url: `/api/cases/:id${path}`,
      handler: (req, reply) => {
        const p = idParams.safeParse(req.params);
        if (!p.success) return notFound(reply);
        const body = schema.safeParse(req.body);
        if (!body.success) return invalid(reply, body.error);
        return handle(req, reply, () => act(o.who(req), p.data.id, body.data), {
          action,
          target: () => p.data.id,
          status,
        });
      },
    });
  };

  app.get('/api/cases', (req, reply) =>
    handle(req, reply, async () => ({ cases: await o.cases.list(o.who(req)) })),
  );

  app.post('/api/cases', (req, reply) => {
    const body = openCaseSchema.safeParse(req.body);
    if (!body.success) return invalid(reply, body.error);
    let id = '';
    return handle(
      req,
      reply,
      async () => {
        const v = await o.cases.open(o.who(req), body.data);
        id = v.case.id;
        return v;
      },
      { action: 'workspace-case-open', target: () => id || body.data.runId, status: 201 },
    );
  });

  app.get('/api/cases/:id', (req, reply) => {
    const p = idParams.safeParse(req.params);
    if (!p.success) return notFound(reply);
    return handle(req, reply, () => o.cases.view(o.who(req), p.data.id));
  });

  caseWrite('PATCH', '', changeCaseSchema, 'workspace-case-change', (who, id, b) =>
    o.cases.change(who, id, b),
  );
  caseWrite(
    'POST',
    '/notes',
    noteSchema,
    'workspace-case-note',
    (who, id, b) => o.cases.note(who, id, b.text),
    201,
  );
  caseWrite(
    'POST',
    '/pins',
    pinSchema,
    'workspace-case-pin',
    (who, id, b) => o.cases.pin(who, id, b.account, b.comment),
    201,
  );

  app.delete('/api/cases/:id/pins/:account', (req, reply) => {
    const p = pinParams.safeParse(req.params);
    if (!p.success) return notFound(reply);
    return handle(req, reply, () => o.cases.unpin(o.who(req), p.data.id, p.data.account), {
      action: 'workspace-case-unpin',
      target: () => p.data.id,
    });
  });

  app.get('/api/runs/:id/accounts/:account/cases', (req, reply) => {
    const p = accountParams.safeParse(req.params);
    if (!p.success) return send(reply, 404, { error: 'not-found', message: 'no such account in this run' });
    return handle(req, reply, async () => ({
      cases: await o.cases.forAccount(o.who(req), p.data.id, p.data.account),
    }));
  });

  // --- points of contact and sending cases (sharing.ts) ---------------------------------------
  app.get('/api/contacts', (req, reply) =>
    handle(req, reply, async () => ({ orgs: await directory(o.store, o.who(req)) })),
  );

  app.put('/api/contacts', (req, reply) => {
    const body = contactCardRequestSchema.safeParse(req.body);
    if (!body.success) return invalid(reply, body.error);
    const who = o.who(req);
    return handle(
      req,
      reply,
      async () => {
        await o.store.putContactCard({
          org: who.org,
          json: JSON.stringify(body.data),
          updated: new Date().toISOString(),
        });
        return { orgs: await directory(o.store, who) };
      },
      { action: 'workspace-contact-card', target: () => who.org },
    );
  });

  caseWrite(
    'POST',
    '/shares',
    shareRequestSchema,
    'workspace-case-share',
    (who, id, b) => o.sharing.share(who, id, b),
    201,
  );

  app.get('/api/inbox', (req, reply) =>
    handle(req, reply, async () => ({ shares: await o.sharing.inbox(o.who(req)) })),
  );

  app.get('/api/inbox/:id', (req, reply) => {
    const p = idParams.safeParse(req.params);
    if (!p.success) return send(reply, 404, { error: 'not-found', message: 'no such shared case' });
    return handle(req, reply, () => o.sharing.received(o.who(req), p.data.id));
  });

  app.post('/api/inbox/:id/ack', (req, reply) => {
    const p = idParams.safeParse(req.params);
    if (!p.success) return send(reply, 404, { error: 'not-found', message: 'no such shared case' });
    const body = ackRequestSchema.safeParse(req.body ?? {});
    if (!body.success) return invalid(reply, body.error);
    // A repeat keeps the first acknowledgement and answers it (as TAXII's ack endpoint does).
    return handle(
      req,
      reply,
      async () => (await o.sharing.acknowledge(o.who(req), p.data.id, body.data.kind)).share,
      { action: 'workspace-case-ack', target: () => p.data.id },
    );
  });

  // --- sharing to a TAXII collection, exports (taxii-share.ts, exports.ts) --------------------
  app.get('/api/taxii/targets', (req, reply) =>
    handle(req, reply, async () => ({ targets: await o.taxii.targets(o.who(req)) })),
  );

  caseWrite(
    'POST',
    '/publish',
    publishRequestSchema,
    'workspace-case-publish',
    (who, id, b) => o.taxii.publish(who, id, b),
    201,
  );

  app.get('/api/cases/:id/publications', (req, reply) => {
    const p = idParams.safeParse(req.params);
    if (!p.success) return notFound(reply);
    return handle(req, reply, async () => ({
      publications: await o.taxii.publications(o.who(req), p.data.id),
    }));
  });

  /** A download: `content` as an attachment named `name`, or the case's refusal. */
  const download = async (
    req: FastifyRequest,
    reply: FastifyReply,
    type: string,
    name: string,
    content: () => Promise<string>,
  ): Promise<FastifyReply> => {
    try {
      const body = await content();
      return await reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${name}"`)
        .type(type)
        .send(body);
    } catch (e) {
      if (!(e instanceof CaseError)) throw e;
      return send(reply, e.status, { error: e.code, message: e.message });
    }
  };

  app.get('/api/cases/:id/export.csv', (req, reply) => {
    const p = idParams.safeParse(req.params);
    if (!p.success) return notFound(reply);
    return download(req, reply, 'text/csv; charset=utf-8', `${p.data.id}.csv`, async () =>
      caseCsv(await o.cases.view(o.who(req), p.data.id)),
    );
  });

  const stixQuery = z.strictObject({ tlp: tlpSchema.optional() });
  app.get('/api/cases/:id/export.stix.json', (req, reply) => {
    const p = idParams.safeParse(req.params);
    if (!p.success) return notFound(reply);
    const q = stixQuery.safeParse(req.query);
    if (!q.success) return invalid(reply, q.error);
    return download(req, reply, 'application/stix+json;version=2.1', `${p.data.id}.stix.json`, async () =>
      JSON.stringify(await o.taxii.bundle(o.who(req), p.data.id, q.data.tlp), null, 1),
    );
  });
}
