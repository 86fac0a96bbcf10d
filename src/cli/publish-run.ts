/**
 * `lockstep detect … --publish URL` and `--db FILE|URL`: after writing the output folder, put the run
 * into the workspace — over HTTP to a running `lockstep serve` (POST /publish/runs, authenticated as
 * the TAXII client is: `--user` with LOCKSTEP_TAXII_PASSWORD, or LOCKSTEP_TAXII_TOKEN; see
 * exchange/client/auth-options.ts), or straight into a store (`runs add`'s path, input posts read for
 * the account pages' activity). Loaded only when one of the two options is given.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LockstepError } from '../core/errors.js';
import { authFrom } from '../exchange/client/auth-options.js';
import type { AuthFlags } from '../exchange/client/auth-options.js';
import { authHeader, displayUrl } from '../exchange/client/http.js';
import type { RunTlp } from '../workspace/api-schema.js';
import { parseTlp } from '../workspace/runs.js';
import { RUN_FILES, uploadRunReplySchema } from '../workspace/upload-schema.js';
import type { UploadRunReply, UploadRunRequest } from '../workspace/upload-schema.js';

export interface PublishFlags extends AuthFlags {
  publish?: string;
  db?: string;
  pgSchema?: string;
  org?: string;
  tlp?: RunTlp;
  title?: string;
}

function serverUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new LockstepError(
      'ERR_USAGE',
      `--publish must be the server's URL (http(s)://host:port), got "${raw}"`,
      {
        option: '--publish',
      },
    );
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new LockstepError('ERR_USAGE', `--publish must be an http(s) URL, got "${displayUrl(raw)}"`, {
      option: '--publish',
    });
  return new URL('publish/runs', u.href.endsWith('/') ? u.href : `${u.href}/`);
}

function credentials(flags: PublishFlags, env: NodeJS.ProcessEnv): ReturnType<typeof authFrom> {
  const auth = authFrom(flags, env);
  if (auth.kind === 'none')
    throw new LockstepError(
      'ERR_USAGE',
      '--publish needs credentials: --user with LOCKSTEP_TAXII_PASSWORD, or LOCKSTEP_TAXII_TOKEN (an API key)',
      { option: '--publish' },
    );
  return auth;
}

/**
 * Checks `--publish`'s URL and credentials and `--tlp` before detection runs (a typo should not cost
 * a run); returns the flags with the TLP parsed.
 */
export function checkPublish(
  raw: Omit<PublishFlags, 'tlp'> & { tlp?: string },
  env: NodeJS.ProcessEnv = process.env,
): PublishFlags {
  const flags: PublishFlags = { ...raw, tlp: parseTlp(raw.tlp ?? 'amber+strict') };
  if (flags.publish !== undefined) {
    serverUrl(flags.publish);
    credentials(flags, env);
  }
  return flags;
}

/** Sends the run in `dir` to the server at `url`; the server's refusal becomes an error naming it. */
export async function publishOverHttp(
  dir: string,
  url: string,
  flags: PublishFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<UploadRunReply> {
  const target = serverUrl(url);
  const auth = credentials(flags, env);
  const files = {} as UploadRunRequest['files'];
  for (const name of RUN_FILES) files[name] = await readFile(join(dir, name), 'utf8');
  const body: UploadRunRequest = {
    tlp: flags.tlp ?? 'amber+strict',
    files,
    ...(flags.title !== undefined ? { title: flags.title } : {}),
  };
  let res: Response;
  try {
    res = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: authHeader(auth) ?? '' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(300_000),
    });
  } catch (e) {
    throw new LockstepError(
      'ERR_TAXII_REMOTE_UNREACHABLE',
      `${displayUrl(target.href)}: cannot reach the server (${(e as Error).message})`,
    );
  }
  const text = await res.text();
  let answer: unknown;
  try {
    answer = JSON.parse(text) as unknown;
  } catch {
    answer = undefined;
  }
  if (!res.ok) {
    const message =
      typeof answer === 'object' && answer !== null && 'message' in answer
        ? String(answer.message)
        : text.slice(0, 200);
    throw new LockstepError(
      'ERR_TAXII_REMOTE_ERROR',
      `${displayUrl(target.href)}: ${res.status}: ${message}`,
    );
  }
  const parsed = uploadRunReplySchema.safeParse(answer);
  if (!parsed.success)
    throw new LockstepError(
      'ERR_TAXII_REMOTE_BAD_RESPONSE',
      `${displayUrl(target.href)}: the answer is not a published run (is this a lockstep serve?)`,
    );
  return parsed.data;
}

/** `--publish` and/or `--db` after `detect` wrote `dir`; returns the lines to print. */
export async function publishRun(dir: string, flags: PublishFlags): Promise<string[]> {
  const lines: string[] = [];
  const say = (where: string, r: Omit<UploadRunReply, 'title'> & { title: string }): void => {
    lines.push(
      `${r.created ? 'published' : 'already present'} ${r.id} to ${where}: ${r.title} (${r.networks} networks, ${r.accounts} accounts)`,
    );
  };
  if (flags.publish !== undefined)
    say(displayUrl(flags.publish), await publishOverHttp(dir, flags.publish, flags));
  if (flags.db !== undefined) {
    const [{ withStore }, { addRun }, { ownerOrg }] = await Promise.all([
      import('./with-store.js'),
      import('../workspace/runs.js'),
      import('./commands/runs.js'),
    ]);
    const db = { db: flags.db, ...(flags.pgSchema !== undefined ? { pgSchema: flags.pgSchema } : {}) };
    const rep = await withStore(db, async (store) => {
      return addRun(store, dir, {
        org: await ownerOrg(store, flags.org),
        tlp: flags.tlp ?? 'amber+strict',
        ...(flags.title !== undefined ? { title: flags.title } : {}),
      });
    });
    say(flags.db.replace(/\/\/[^@/]*@/, '//'), rep);
  }
  return lines;
}
