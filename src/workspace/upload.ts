/**
 * A run sent over HTTP (`detect --publish`, the runs page's upload) into the store for the caller's
 * org, and the two routes that take it:
 * - `POST /api/runs` from the workspace (session cookie and CSRF token, as every /api/ write);
 * - `POST /publish/runs` for scripts and the CLI, authenticated as TAXII clients are (HTTP Basic with
 *   a user's password, or an API key as `Token`/`Bearer`: exchange/taxii/auth.ts). No cookie is read
 *   there, so there is no ambient credential to forge a request with; a JSON body is required.
 *
 * The files are written to a private temporary folder and read by the same validating reader as
 * `runs add` (report/read-output.ts): a bad file is refused naming the file and the line or field,
 * without the server's temporary path. Input posts are not sent (they can be gigabytes), so account
 * pages of an uploaded run have no activity timeline; `detect --db` or `runs add --input` give it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isLockstepError } from '../core/errors.js';
import type { Principal } from '../exchange/access.js';
import type { AuditTrail } from '../exchange/audit.js';
import type { Authenticator } from '../exchange/taxii/auth.js';
import type { Store } from '../store/store.js';
import { send } from './cases/routes.js';
import { addRun } from './runs.js';
import { MAX_UPLOAD_BYTES, RUN_FILES, uploadRunSchema } from './upload-schema.js';
import type { UploadRunReply, UploadRunRequest } from './upload-schema.js';

export class UploadError extends Error {}

export async function uploadRun(
  store: Store,
  who: Principal,
  req: UploadRunRequest,
): Promise<UploadRunReply> {
  const dir = await mkdtemp(join(tmpdir(), 'lockstep-upload-'));
  try {
    for (const name of RUN_FILES) await writeFile(join(dir, name), req.files[name], { mode: 0o600 });
    const rep = await addRun(store, dir, {
      org: who.org,
      tlp: req.tlp,
      inputs: false,
      ...(req.title !== undefined ? { title: req.title } : {}),
    }).catch((e: unknown) => {
      // The reader names the file by its path: show the file's own name, not the server's folder.
      if (isLockstepError(e)) throw new UploadError(e.message.split(`${dir}/`).join(''));
      throw e;
    });
    return {
      id: rep.id,
      created: rep.created,
      title: rep.title,
      posts: rep.posts,
      accounts: rep.accounts,
      networks: rep.networks,
      edges: rep.edges,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface UploadRouteOptions {
  store: Store;
  auth: Authenticator;
  audit: AuditTrail;
  /** The session's principal (the /api/ gate has run). */
  who: (req: FastifyRequest) => Principal;
}

export function registerUploadRoutes(app: FastifyInstance, o: UploadRouteOptions): void {
  const take = async (
    req: FastifyRequest,
    reply: FastifyReply,
    who: Principal,
    via: string,
  ): Promise<FastifyReply> => {
    const body = uploadRunSchema.safeParse(req.body);
    const audit = (outcome: 'ok' | 'denied', status: number, target: string): void => {
      o.audit.record({
        at: new Date().toISOString(),
        actor: who.username,
        org: who.org,
        action: `workspace-run-upload (${via})`,
        target,
        outcome,
        status,
        requestId: req.id,
      });
    };
    if (!body.success) {
      const issue = body.error.issues[0]!;
      const field = issue.path.length ? issue.path.join('.') : '(body)';
      audit('denied', 422, '');
      return send(reply, 422, { error: 'invalid', message: `${field}: ${issue.message}` });
    }
    try {
      const rep = await uploadRun(o.store, who, body.data);
      audit('ok', rep.created ? 201 : 200, rep.id);
      return await send(reply, rep.created ? 201 : 200, rep);
    } catch (e) {
      if (!(e instanceof UploadError)) throw e;
      audit('denied', 422, '');
      return send(reply, 422, { error: 'invalid', message: e.message });
    }
  };

  app.post('/api/runs', { bodyLimit: MAX_UPLOAD_BYTES }, (req, reply) =>
    take(req, reply, o.who(req), 'workspace'),
  );

  const jsonOnly = z.string().startsWith('application/json');
  app.post('/publish/runs', { bodyLimit: MAX_UPLOAD_BYTES }, async (req, reply) => {
    const who = await o.auth.authenticate(req.headers.authorization);
    if (!who)
      return send(reply, 401, {
        error: 'unauthorized',
        message: 'give a user and password (HTTP Basic) or an API key (Token)',
      });
    if (!jsonOnly.safeParse(req.headers['content-type'] ?? '').success)
      return send(reply, 415, { error: 'bad-request', message: 'send the run as application/json' });
    return take(req, reply, who, 'publish');
  });
}
