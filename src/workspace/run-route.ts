/**
 * What every `/api/runs/:id/…` route shares: the run id's shape, the 404 a run the caller cannot see
 * answers with (the same as an unknown one, so TLP hides a run's existence), and a stored JSON page sent
 * as is. routes.ts, export-routes.ts and graph-view-routes.ts use these rather than each its own copy.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RunRecord } from '../store/store.js';
import { send } from './cases/routes.js';

export const runParams = z.object({ id: z.string().regex(/^run-[0-9a-f]{16}$/) });

/** The run when the caller may see it; otherwise undefined, with a 404 already sent. */
export type VisibleRun = (
  req: FastifyRequest,
  reply: FastifyReply,
  id: string,
) => Promise<RunRecord | undefined>;

export const notFound = (reply: FastifyReply, message = 'no such run'): FastifyReply =>
  send(reply, 404, { error: 'not-found', message });

/** The run a request's `:id` names, when the caller may see it; otherwise undefined, with the 404 sent. */
export async function requestedRun(
  req: FastifyRequest,
  reply: FastifyReply,
  visibleRun: VisibleRun,
): Promise<RunRecord | undefined> {
  const p = runParams.safeParse(req.params);
  if (!p.success) {
    await notFound(reply);
    return undefined;
  }
  return visibleRun(req, reply, p.data.id);
}

/** Stored JSON text, sent as is: it was built from typed values at import (precompute.ts). */
export function sendJson(reply: FastifyReply, json: string): FastifyReply {
  return reply
    .header('cache-control', 'private, no-cache')
    .type('application/json; charset=utf-8')
    .send(json);
}
