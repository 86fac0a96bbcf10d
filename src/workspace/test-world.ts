/**
 * Test helpers for the workspace API suites: three orgs (A and B share a trust group, C stands
 * alone), a user each with a real scrypt hash, three published runs (A AMBER, A AMBER+STRICT, B RED)
 * and a logged-in client (cookie + CSRF token) through the real app.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../exchange/credentials.js';
import { makeResult } from '../report/test-helpers/result-factory.js';
import { writeDetectionOutput } from '../report/write-output.js';
import type { Store } from '../store/store.js';
import { DEFAULT_TLP_POLICY } from '../store/store.js';
import { sessionSchema, type GraphPage } from './api-schema.js';
import { graphViewSchema, unpackGraph } from './graph-view.js';
import { addRun } from './runs.js';

export const USERS = [
  { username: 'alice', org: 'org-a' },
  { username: 'bob', org: 'org-b' },
  { username: 'carol', org: 'org-c' },
] as const;

export interface RunIds {
  aAmber: string;
  aStrict: string;
  bRed: string;
}

/** Writes the three detection folders under `dir` and hashes the passwords (slow: call once). */
export async function prepareWorld(dir: string): Promise<Map<string, string>> {
  await writeDetectionOutput(makeResult({ networks: 2, size: 3 }), join(dir, 'a'));
  await writeDetectionOutput(
    { ...makeResult({ networks: 1 }), startedAt: '2025-01-01T00:00:00.000Z' },
    join(dir, 'b'),
  );
  await writeDetectionOutput(
    { ...makeResult({ networks: 1 }), startedAt: '2025-02-01T00:00:00.000Z' },
    join(dir, 'c'),
  );
  return new Map(
    await Promise.all(USERS.map(async (u) => [u.username, await hashPassword(`${u.username}-pw`)] as const)),
  );
}

export async function world(store: Store, dir: string, hashes: Map<string, string>): Promise<RunIds> {
  for (const id of ['org-a', 'org-b', 'org-c']) await store.putOrg({ id, name: id, redRecipients: [] });
  for (const u of USERS) await store.putUser({ ...u, passwordHash: hashes.get(u.username)! });
  await store.putTrustGroup({ id: 'desk', name: 'desk', members: ['org-a', 'org-b'] });
  const add = async (sub: string, org: string, tlp: 'amber' | 'amber+strict' | 'red'): Promise<string> =>
    (await addRun(store, join(dir, sub), { org, tlp, inputs: false })).id;
  return {
    aAmber: await add('a', 'org-a', 'amber'),
    aStrict: await add('b', 'org-a', 'amber+strict'),
    bRed: await add('c', 'org-b', 'red'),
  };
}

export interface Client {
  cookie: string;
  csrf: string;
}

export async function login(
  app: FastifyInstance,
  username: string,
  password = `${username}-pw`,
): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password } });
  assert.equal(res.statusCode, 200, res.body);
  const set = String(res.headers['set-cookie']);
  assert.match(set, /^lockstep_session=[A-Za-z0-9_-]{43};/);
  assert.match(set, /HttpOnly/);
  assert.match(set, /SameSite=Strict/);
  const info = sessionSchema.parse(res.json());
  return { cookie: set.split(';')[0]!, csrf: info.csrf };
}

export const get = (app: FastifyInstance, c: Client | undefined, url: string) =>
  app.inject({ method: 'GET', url, headers: c ? { cookie: c.cookie } : {} });

/** A state-changing call with the session's cookie and CSRF token. */
export const send = (
  app: FastifyInstance,
  c: Client,
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
) =>
  app.inject({
    method,
    url,
    headers: { cookie: c.cookie, 'x-csrf-token': c.csrf },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });

/** A TAXII collection the `desk` trust group (orgs A and B) reads and writes, in API root `root`. */
export async function deskCollection(store: Store, root: string, id: string): Promise<void> {
  await store.putApiRoot({ name: root, title: 'Desk', maxContentLength: 10_000_000 });
  await store.putCollection({ id, apiRoot: root, title: 'Desk findings', policy: DEFAULT_TLP_POLICY });
  await store.putGrant({ collection: id, granteeKind: 'group', grantee: 'desk', read: true, write: true });
}

/** `GET /api/runs/:id/graph`'s body (columns, graph-view.ts), checked and as the explorer reads it. */
export const graphOf = (body: unknown): GraphPage => unpackGraph(graphViewSchema.parse(body));

/** Two orgs that share nothing (A, C) and their readers alice and carol: a run's owner and an outsider. */
export async function ownerAndOutsider(store: Store): Promise<void> {
  await store.putOrg({ id: 'org-a', name: 'A', redRecipients: [] });
  await store.putOrg({ id: 'org-c', name: 'C', redRecipients: [] });
  await store.putUser({ username: 'alice', org: 'org-a', passwordHash: await hashPassword('alice-pw') });
  await store.putUser({ username: 'carol', org: 'org-c', passwordHash: await hashPassword('carol-pw') });
}
