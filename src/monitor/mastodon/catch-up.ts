/**
 * Catching up on a Mastodon stream through the REST timelines after a disconnection or a restart:
 * the streaming API replays nothing, but the timeline behind each stream can be paged forward from
 * the newest status already seen. Mastodon's timelines take `min_id` ("results immediately newer than
 * this id") as well as `since_id`; `since_id` returns the newest page after the id, which leaves a
 * gap when more than one page was missed, so pages are walked with `min_id`, oldest page first
 * (Mastodon API documentation, "timelines" methods and "Paginating through API responses").
 *
 * Stream → timeline: `public` → `/api/v1/timelines/public` (`local=true` / `remote=true` for
 * `public:local` / `public:remote`), `hashtag[:local]` → `/api/v1/timelines/tag/TAG`, `list` →
 * `/api/v1/timelines/list/ID`, `user` → `/api/v1/timelines/home`. The timelines hold statuses only:
 * deletes and edits made during the outage are not recovered. Cost: one request per 40 statuses,
 * at most `maxPages` requests (older statuses beyond that are not fetched: the status line says so).
 *
 * A fresh start's backfill (`monitor --backfill S`) walks the same timeline the other way: newest page
 * first, each next page older than the last with `max_id`, until a page reaches statuses created
 * more than S seconds ago — so the window starts with the last S seconds of the stream's timeline
 * (as far as `maxPages` reaches) instead of empty, as Jetstream's time cursor gives.
 */
import type { StreamSpec } from './client.js';

/** Mastodon ids are integers in decimal (Snowflake-like, growing with time): compare them as such. */
export function compareStatusIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

/** The REST timeline behind a stream, on the streaming URL's host (ws → http, wss → https). */
export function timelineUrl(streamingUrl: string, s: StreamSpec): URL {
  const url = new URL(streamingUrl);
  url.protocol = url.protocol === 'wss:' || url.protocol === 'https:' ? 'https:' : 'http:';
  url.search = '';
  const base = url.pathname.replace(/\/api\/v1\/streaming.*$/, '');
  const tag = s.params.tag ?? '';
  const path =
    s.name === 'user'
      ? 'home'
      : s.name === 'list'
        ? `list/${encodeURIComponent(s.params.list ?? '')}`
        : s.name.startsWith('hashtag')
          ? `tag/${encodeURIComponent(tag)}`
          : 'public';
  url.pathname = `${base}/api/v1/timelines/${path}`;
  if (s.name === 'public:local' || s.name === 'hashtag:local') url.searchParams.set('local', 'true');
  if (s.name === 'public:remote') url.searchParams.set('remote', 'true');
  return url;
}

export interface CatchUpResult {
  /** The statuses newer than `minId`, oldest first, as the JSON the timeline returned. */
  statuses: { id: string; json: string }[];
  /** True when `maxPages` ran out before the timeline did. */
  truncated: boolean;
}

/** Oldest first (ids grow with time), in place. */
const sortById = (xs: CatchUpResult['statuses']): CatchUpResult['statuses'] =>
  xs.sort((x, y) => compareStatusIds(x.id, y.id));

/** One timeline page's statuses with their ids, in the order the server gave (newest first). */
async function timelinePage(
  url: URL,
  token: string,
  signal: AbortSignal | undefined,
): Promise<{ id: string; json: string; value: unknown }[]> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal });
  const text = await res.text();
  if (!res.ok) throw new Error(`${url.pathname} answered HTTP ${res.status}`);
  const body: unknown = JSON.parse(text);
  if (!Array.isArray(body)) throw new Error(`${url.pathname} did not return a JSON array`);
  const page: { id: string; json: string; value: unknown }[] = [];
  for (const s of body as unknown[]) {
    const id = (s as { id?: unknown } | null)?.id;
    if (typeof id === 'string') page.push({ id, json: JSON.stringify(s), value: s });
  }
  return page;
}

/** The status id of a streaming `update` frame (`{"event":"update","payload":"…"}`), if it is one. */
export function updateId(frame: string): string | undefined {
  try {
    const v = JSON.parse(frame) as { event?: unknown; payload?: unknown };
    if (v.event !== 'update' || typeof v.payload !== 'string') return undefined;
    const id = (JSON.parse(v.payload) as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Statuses newer than `minId` and older than `until()` (the first status the new connection
 * delivered, when it delivered one: the gap ends there) on the timeline, oldest first. Throws on an HTTP error or a body that
 * is not a JSON array (the caller reports it and goes on with the live stream).
 */
export async function catchUp(
  timeline: URL,
  token: string,
  minId: string,
  o: { maxPages?: number; signal?: AbortSignal; until?: () => string | undefined } = {},
): Promise<CatchUpResult> {
  const statuses: CatchUpResult['statuses'] = [];
  const maxPages = o.maxPages ?? 50;
  let after = minId;
  for (let page = 0; page < maxPages; page++) {
    const url = new URL(timeline);
    url.searchParams.set('min_id', after);
    url.searchParams.set('limit', '40');
    const got = (await timelinePage(url, token, o.signal))
      .filter((s) => compareStatusIds(s.id, after) > 0)
      .map(({ id, json }) => ({ id, json }));
    const until = o.until?.();
    const before = (id: string): boolean => until === undefined || compareStatusIds(id, until) < 0;
    // A page comes newest first; the next page starts after its newest.
    sortById(got);
    statuses.push(...got.filter((s) => before(s.id)));
    if (got.length === 0 || !before(got.at(-1)!.id)) return { statuses, truncated: false };
    after = got.at(-1)!.id;
  }
  return { statuses, truncated: true };
}

/**
 * The statuses created at or after `fromMs` (unix ms) on the timeline, oldest first, newest page
 * first with `max_id` (Mastodon: "results older than this id"), at most `maxPages` requests. A
 * status without a parseable `created_at` is kept (the decoder reports it as a bad frame) but does
 * not end the walk. Throws as `catchUp` does.
 */
export async function backfill(
  timeline: URL,
  token: string,
  fromMs: number,
  o: { maxPages?: number; signal?: AbortSignal } = {},
): Promise<CatchUpResult> {
  const kept: CatchUpResult['statuses'] = [];
  const maxPages = o.maxPages ?? 50;
  let before: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const url = new URL(timeline);
    if (before !== undefined) url.searchParams.set('max_id', before);
    url.searchParams.set('limit', '40');
    const got = (await timelinePage(url, token, o.signal)).filter(
      (s) => before === undefined || compareStatusIds(s.id, before) < 0,
    );
    if (got.length === 0) return { statuses: sortById(kept), truncated: false };
    let older = false;
    for (const s of got) {
      const created = Date.parse(String((s.value as { created_at?: unknown }).created_at));
      if (created < fromMs) older = true;
      else kept.push({ id: s.id, json: s.json });
    }
    if (older) return { statuses: sortById(kept), truncated: false };
    before = got.reduce((min, s) => (compareStatusIds(s.id, min) < 0 ? s.id : min), got[0]!.id);
  }
  return { statuses: sortById(kept), truncated: true };
}
