/**
 * `pull` and `push` against one remote collection, the building blocks behind the CLI commands.
 *
 * pull: reads every page (filters optional) into a STIX 2.1 bundle; with a state, starts at the saved
 * `added_after` cursor and moves it after each page, so the next pull returns only what is new.
 * push: sends objects through the TLP policy (policy.ts), skipping those the collection already holds
 * in the same version (manifest), in chunks with status polling; an object held in the same version
 * with other content (e.g. another TLP marking) is refused with the reason (changed.ts).
 */
import { randomUUID } from 'node:crypto';
import type {
  AddDetail,
  AddOptions,
  RemoteCollection,
  TaxiiClient,
  TaxiiFilter,
} from '../client/taxii-client.js';
import type { StixObject } from '../client/resources.js';
import type { TlpPolicy } from './policy.js';
import { mayLeave } from './policy.js';
import { SyncState } from './state.js';
import { sendNew } from './sync.js';
import { changedOnTarget } from './changed.js';

export interface PullResult {
  bundle: { type: 'bundle'; id: string; objects: StixObject[] };
  pages: number;
  cursorBefore?: string;
  cursorAfter?: string;
}

export async function pull(
  client: TaxiiClient,
  coll: RemoteCollection,
  filter: TaxiiFilter,
  state?: SyncState,
): Promise<PullResult> {
  const key = SyncState.key(coll.url, 'pull');
  const cursorBefore = state?.cursor(key);
  const f: TaxiiFilter = { ...filter };
  if (cursorBefore !== undefined && f.addedAfter === undefined) f.addedAfter = cursorBefore;
  const objects: StixObject[] = [];
  let pages = 0;
  for await (const page of client.objectPages(coll.url, f)) {
    pages++;
    objects.push(...page.objects);
    if (state && page.dateAddedLast !== undefined) await state.advance(key, page.dateAddedLast);
  }
  const cursorAfter = state?.cursor(key);
  return {
    bundle: { type: 'bundle', id: `bundle--${randomUUID()}`, objects },
    pages,
    ...(cursorBefore !== undefined ? { cursorBefore } : {}),
    ...(cursorAfter !== undefined ? { cursorAfter } : {}),
  };
}

export interface PushResult {
  offered: number;
  sent: number;
  alreadyThere: number;
  withheld: { id: string; reason: string }[];
  failed: AddDetail[];
}

export async function push(
  client: TaxiiClient,
  coll: RemoteCollection,
  objects: readonly StixObject[],
  policy: TlpPolicy,
  add?: AddOptions,
): Promise<PushResult> {
  const withheld: PushResult['withheld'] = [];
  const allowed: StixObject[] = [];
  for (const o of objects) {
    const v = mayLeave(o, policy);
    if (v.send) allowed.push(o);
    else withheld.push({ id: o.id, reason: v.reason });
  }
  const changed = await changedOnTarget(client, coll, allowed);
  const fresh = allowed.filter((o) => !changed.has(o));
  const r = await sendNew({ client, collection: coll }, fresh, new Set(), add ? { add } : {});
  const refused: AddDetail[] = [...changed].map(([o, message]) => ({
    id: o.id,
    ...(typeof o.modified === 'string' ? { version: o.modified } : {}),
    message,
  }));
  return {
    offered: objects.length,
    sent: r.sent,
    alreadyThere: r.alreadyThere,
    withheld,
    failed: [...refused, ...r.failed],
  };
}
