/**
 * What the TAXII server writes to the audit log (exchange/audit.ts): every request that changes
 * something (any method but GET/HEAD/OPTIONS), whatever its outcome, and every denied request — 401,
 * 403, and the 404 a caller gets for a collection that exists but is hidden from it (context.ts marks
 * those). A record holds the user and org (null before login), the route, the path (cleaned, at most
 * 512 characters), the status, the request id and small facts a route adds (a POST's status id and
 * counts). Never a header, a credential, a query string or a body.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditTrail } from '../audit.js';
import { cleanText } from '../audit.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set where a request is refused in a way its status does not show (a hidden collection's 404). */
    auditDenied: boolean;
    /** Facts for the audit record (counts, ids); never request content. */
    auditDetail: Record<string, unknown> | null;
  }
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The request path without its query string, fit for a log line or an audit record. */
export function loggablePath(req: FastifyRequest): string {
  return cleanText(req.url.split('?', 1)[0] ?? '', 512);
}

export function registerAudit(app: FastifyInstance, trail: AuditTrail): void {
  app.decorateRequest('auditDenied', false);
  app.decorateRequest('auditDetail', null);
  app.addHook('onResponse', (req, reply, done) => {
    const status = reply.statusCode;
    const denied = status === 401 || status === 403 || req.auditDenied;
    if (denied || !READS.has(req.method)) {
      trail.record({
        at: new Date().toISOString(),
        actor: req.principal?.username ?? null,
        org: req.principal?.org ?? null,
        action: `${req.method} ${req.routeOptions.url ?? '(no route)'}`,
        target: loggablePath(req),
        outcome: denied ? 'denied' : status < 400 ? 'ok' : 'failed',
        status,
        requestId: req.id,
        ...(req.auditDetail ? { detail: req.auditDetail } : {}),
      });
    }
    done();
  });
}
