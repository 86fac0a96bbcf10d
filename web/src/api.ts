/**
 * The client side of the workspace API: every answer is checked against the same zod schema the
 * server module declares (src/workspace/api-schema.ts), state-changing calls send the session's CSRF
 * token, and a 401 sends the user to the login page.
 */
import { z } from 'zod';
import {
  accountPageSchema,
  apiErrorSchema,
  graphObjectsPageSchema,
  runListSchema,
  sessionSchema,
} from '../../src/workspace/api-schema.js';
import type {
  AccountPage,
  GraphObjectsPage,
  LoginRequest,
  RunSummary,
  SessionInfo,
} from '../../src/workspace/api-schema.js';
import { caseListSchema, caseViewSchema } from '../../src/workspace/case-schema.js';
import { edgeChunkViewSchema, type EdgeChunkView } from '../../src/workspace/edge-chunk.js';
import { graphNetworksSchema, graphViewSchema, unpackGraphHead } from '../../src/workspace/graph-view.js';
import type { FirstView, GraphNetworks } from '../../src/workspace/graph-view.js';
import {
  dashboardSchema,
  watchlistListSchema,
  watchlistSchema,
} from '../../src/workspace/dashboard/schema.js';
import type {
  Dashboard,
  DashboardQuery,
  FindingCaseRequest,
  WatchlistRequest,
  WatchlistView,
} from '../../src/workspace/dashboard/schema.js';
import { directorySchema, inboxSchema, sharedCaseSchema } from '../../src/workspace/share-schema.js';
import type { DirectoryOrg, SharedCase, ShareRequest } from '../../src/workspace/share-schema.js';
import type {
  CaseSummary,
  CaseView,
  ChangeCaseRequest,
  OpenCaseRequest,
} from '../../src/workspace/case-schema.js';

let csrf: string | undefined;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function call<T>(schema: z.ZodType<T>, path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.method !== undefined && init.method !== 'GET' && csrf !== undefined)
    headers.set('x-csrf-token', csrf);
  const res = await fetch(path, { ...init, headers, credentials: 'same-origin' });
  if (!res.ok) {
    const body = apiErrorSchema.safeParse(await res.json().catch(() => null));
    if (res.status === 401 && !path.endsWith('/login')) location.hash = '#/login';
    throw new ApiError(res.status, body.success ? body.data.message : `HTTP ${res.status}`);
  }
  if (res.status === 204) return undefined as T;
  return schema.parse(await res.json());
}

export async function login(body: LoginRequest): Promise<SessionInfo> {
  const s = await call(sessionSchema, '/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  csrf = s.csrf;
  return s;
}

export async function session(): Promise<SessionInfo> {
  const s = await call(sessionSchema, '/api/session');
  csrf = s.csrf;
  return s;
}

export async function logout(): Promise<void> {
  await call(sessionSchema.optional(), '/api/logout', { method: 'POST' });
  csrf = undefined;
}

export async function runs(): Promise<RunSummary[]> {
  return (await call(runListSchema, '/api/runs')).runs;
}

const graphs = new Map<string, Promise<FirstView>>();
/**
 * Graph pages are immutable once imported: one fetch per run per page load. The wire's node columns
 * (src/workspace/graph-view.ts) become the API's objects, its networks without their details; its
 * edges stay columns, which the explorer adds to its graph as it adds a later chunk's.
 */
export function graph(runId: string): Promise<FirstView> {
  let g = graphs.get(runId);
  if (!g) {
    g = call(graphViewSchema, `/api/runs/${encodeURIComponent(runId)}/graph`).then(unpackGraphHead);
    g.catch(() => graphs.delete(runId));
    graphs.set(runId, g);
  }
  return g;
}

/** The networks' top objects, timelines and examples: every network's, or only `network`'s. */
export function graphNetworks(runId: string, network?: string): Promise<GraphNetworks> {
  const q = network === undefined ? '' : `?network=${encodeURIComponent(network)}`;
  return call(graphNetworksSchema, `/api/runs/${encodeURIComponent(runId)}/graph/networks${q}`);
}

/** Edge chunk `n` ≥ 1 of a run's graph (weaker ties than the first view's), as columns (edge-chunk.ts). */
export function graphEdges(runId: string, n: number): Promise<EdgeChunkView> {
  return call(edgeChunkViewSchema, `/api/runs/${encodeURIComponent(runId)}/graph/edges/${n}`);
}

/** The amplified objects of a run's graph (the explorer's second node type), fetched when turned on. */
export function graphObjects(runId: string): Promise<GraphObjectsPage> {
  return call(graphObjectsPageSchema, `/api/runs/${encodeURIComponent(runId)}/graph/objects`);
}

export function account(runId: string, id: string): Promise<AccountPage> {
  return call(accountPageSchema, `/api/runs/${encodeURIComponent(runId)}/accounts/${encodeURIComponent(id)}`);
}

/** A JSON request body with the method; `call` adds the CSRF token. */
export const json = (method: string, body?: unknown): RequestInit => ({
  method,
  headers: body === undefined ? {} : { 'content-type': 'application/json' },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});
const caseUrl = (id: string): string => `/api/cases/${encodeURIComponent(id)}`;

export async function cases(): Promise<CaseSummary[]> {
  return (await call(caseListSchema, '/api/cases')).cases;
}

export async function accountCases(runId: string, id: string): Promise<CaseSummary[]> {
  const url = `/api/runs/${encodeURIComponent(runId)}/accounts/${encodeURIComponent(id)}/cases`;
  return (await call(caseListSchema, url)).cases;
}

export const openCase = (body: OpenCaseRequest): Promise<CaseView> =>
  call(caseViewSchema, '/api/cases', json('POST', body));
export const caseView = (id: string): Promise<CaseView> => call(caseViewSchema, caseUrl(id));
export const changeCase = (id: string, body: ChangeCaseRequest): Promise<CaseView> =>
  call(caseViewSchema, caseUrl(id), json('PATCH', body));
export const addNote = (id: string, text: string): Promise<CaseView> =>
  call(caseViewSchema, `${caseUrl(id)}/notes`, json('POST', { text }));
export const pin = (id: string, account: string, comment?: string): Promise<CaseView> =>
  call(caseViewSchema, `${caseUrl(id)}/pins`, json('POST', comment ? { account, comment } : { account }));
export const unpin = (id: string, account: string): Promise<CaseView> =>
  call(caseViewSchema, `${caseUrl(id)}/pins/${encodeURIComponent(account)}`, json('DELETE'));

export async function contacts(): Promise<DirectoryOrg[]> {
  return (await call(directorySchema, '/api/contacts')).orgs;
}
export async function saveContacts(card: { contacts: Record<string, unknown>[] }): Promise<DirectoryOrg[]> {
  return (await call(directorySchema, '/api/contacts', json('PUT', card))).orgs;
}
export const shareCase = (id: string, body: ShareRequest): Promise<CaseView> =>
  call(caseViewSchema, `${caseUrl(id)}/shares`, json('POST', body));
export async function inbox(): Promise<SharedCase[]> {
  return (await call(inboxSchema, '/api/inbox')).shares;
}
export const received = (id: string): Promise<SharedCase> =>
  call(sharedCaseSchema, `/api/inbox/${encodeURIComponent(id)}`);
export const acknowledge = (id: string, kind: 'received' | 'actioned' | 'rejected'): Promise<SharedCase> =>
  call(sharedCaseSchema, `/api/inbox/${encodeURIComponent(id)}/ack`, json('POST', { kind }));

// --- the data-set dashboard and watchlists (src/workspace/dashboard/schema.ts) ----------------------
export async function dashboard(runId: string, q: DashboardQuery): Promise<Dashboard> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (typeof v === 'string') params.set(k, v);
  const qs = params.toString();
  return call(dashboardSchema, `/api/runs/${encodeURIComponent(runId)}/dashboard${qs ? `?${qs}` : ''}`);
}
export const openFindingCase = (runId: string, body: FindingCaseRequest): Promise<CaseView> =>
  call(caseViewSchema, `/api/runs/${encodeURIComponent(runId)}/dashboard/cases`, json('POST', body));
export type Watchlist = WatchlistView;
export async function watchlists(): Promise<WatchlistView[]> {
  return (await call(watchlistListSchema, '/api/watchlists')).watchlists;
}
export const createWatchlist = (body: WatchlistRequest): Promise<WatchlistView> =>
  call(watchlistSchema, '/api/watchlists', json('POST', body));
export const deleteWatchlist = (id: string): Promise<unknown> =>
  call(z.unknown(), `/api/watchlists/${encodeURIComponent(id)}`, json('DELETE'));
