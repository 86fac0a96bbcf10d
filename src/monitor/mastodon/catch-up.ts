/**
 * Filling the gap a dropped Mastodon stream leaves. The streaming API has no cursor and no replay: what
 * is posted while the client is disconnected never arrives on the next connection. The REST timeline of
 * the same stream does hold it, so after a reconnection (or a restart with a journal) the client pages
 * the timeline forward from the newest status id it has processed — `min_id` returns the page of
 * statuses immediately newer than that id (Mastodon ≥ 2.6; newest first within the page), so paging
 * with the page's newest id walks the gap oldest to newest — and feeds each status through the same
 * decoder as a streamed `update`. Statuses the stream also delivers are dropped by the source's status-
 * id de-duplication, so overlap is harmless.
 *
 * Stream → timeline: public → /api/v1/timelines/public (local=true / remote=true for public:local /
 * public:remote), hashtag[:local]:TAG → /api/v1/timelines/tag/TAG, list:ID → /api/v1/timelines/list/ID,
 * user → /api/v1/timelines/home. The token goes in the Authorization header as for streaming.
 *
 * Bounded: at most `maxPages` pages of `PAGE` statuses per reconnection (a long outage on a busy public
 * timeline is larger than any catch-up should be); when the bound stops it, the client says so, and the
 * statuses between the last page and the stream's first are missed. Cost: one HTTP request per 40
 * statuses; memory: one page.
 */
import { parseStream } from './stream-spec.js';

/** Mastodon's largest page. */
export const PAGE = 40;

/** Whether status id `a` is newer than `b`: Mastodon ids are time-ordered decimal strings. */
export function newerId(a: string, b: string): boolean {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b) && a.length !== b.length) return a.length > b.length;
  return a > b;
}

/** The REST timeline URL holding what stream `stream` sends, from `minId` on (exclusive). */
export function timelineUrl(streamingUrl: string, stream: string, minId: string): string {
  const url = new URL(streamingUrl);
  if (url.protocol === 'ws:') url.protocol = 'http:';
  else if (url.protocol === 'wss:') url.protocol = 'https:';
  const base = url.pathname.replace(/\/+$/, '').replace(/\/api\/v1\/streaming.*$/, '');
  const s = parseStream(stream);
  const out = new URL(url.origin);
  const q = out.searchParams;
  if (s.name.startsWith('public')) {
    out.pathname = `${base}/api/v1/timelines/public`;
    if (s.name === 'public:local') q.set('local', 'true');
    if (s.name === 'public:remote') q.set('remote', 'true');
  } else if (s.name.startsWith('hashtag')) {
    out.pathname = `${base}/api/v1/timelines/tag/${encodeURIComponent(s.params.tag!)}`;
    if (s.name === 'hashtag:local') q.set('local', 'true');
  } else if (s.name === 'list')
    out.pathname = `${base}/api/v1/timelines/list/${encodeURIComponent(s.params.list!)}`;
  else out.pathname = `${base}/api/v1/timelines/home`;
  q.set('min_id', minId);
  q.set('limit', String(PAGE));
  return out.toString();
}

export interface CatchUpOptions {
  /** The streaming URL the client connects to, and its stream (`public`, `hashtag:TAG`, …). */
  url: string;
  stream: string;
  token: string;
  /** Newest status id processed so far: the gap starts after it. */
  after: string;
  maxPages: number;
  /** Each status, as the streamed frame that would have carried it. */
  onFrame: (frame: string) => void;
  signal: AbortSignal;
}

export interface CatchUpResult {
  statuses: number;
  pages: number;
  /** Why it stopped: the gap is closed ('caught up'), the page bound, or an error (HTTP status, network). */
  stopped: string;
}

/** Pages the timeline forward from `after`, oldest first; never throws (a failure is the result). */
export async function catchUp(o: CatchUpOptions): Promise<CatchUpResult> {
  const streamName = parseStream(o.stream).name;
  let after = o.after;
  let statuses = 0;
  for (let pages = 0; pages < o.maxPages; pages++) {
    let page: unknown;
    try {
      const res = await fetch(timelineUrl(o.url, o.stream, after), {
        headers: { authorization: `Bearer ${o.token}`, accept: 'application/json' },
        signal: o.signal,
      });
      if (!res.ok) {
        await res.body?.cancel();
        return { statuses, pages, stopped: `HTTP ${res.status}` };
      }
      page = await res.json();
    } catch (e) {
      return { statuses, pages, stopped: e instanceof Error ? e.message : String(e) };
    }
    if (!Array.isArray(page))
      return { statuses, pages: pages + 1, stopped: 'the timeline is not a JSON array' };
    const withIds = page.filter(
      (s): s is { id: string } =>
        typeof s === 'object' && s !== null && typeof (s as { id?: unknown }).id === 'string',
    );
    withIds.sort((a, b) => (a.id === b.id ? 0 : newerId(a.id, b.id) ? 1 : -1));
    for (const s of withIds) {
      o.onFrame(JSON.stringify({ stream: [streamName], event: 'update', payload: JSON.stringify(s) }));
      statuses++;
    }
    const newest = withIds.at(-1)?.id;
    if (newest === undefined || !newerId(newest, after))
      return { statuses, pages: pages + 1, stopped: 'caught up' };
    after = newest;
    if (page.length < PAGE) return { statuses, pages: pages + 1, stopped: 'caught up' };
  }
  return { statuses, pages: o.maxPages, stopped: `the ${o.maxPages}-page bound` };
}
