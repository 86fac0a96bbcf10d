/**
 * One structured log line per request (pino, through fastify's logger): request id, method, route,
 * path, status, duration, user and org. Never headers, query strings, bodies or credentials; the
 * password range API's path is logged as its route only, so no hash prefix is kept. fastify's own
 * two lines per request are turned off in app.ts in favour of this one.
 */
import type { FastifyInstance } from 'fastify';
import { loggablePath } from '../exchange/taxii/audit-hook.js';

export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url;
    const who = (req as { principal?: { username: string; org: string } | null }).principal;
    req.log.info(
      {
        method: req.method,
        route: route ?? null,
        path: route?.startsWith('/range/') ? route : loggablePath(req),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        user: who?.username ?? null,
        org: who?.org ?? null,
      },
      'request',
    );
    done();
  });
}
