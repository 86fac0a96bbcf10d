/** Reading a Mastodon source in tests as the monitor takes its events (de-duplicated by position and key). */
import { Dedupe } from '../dedupe.js';
import { mastodonSource } from '../mastodon/client.js';
import type { SourceEvent } from '../source.js';

export const TOKEN = 'test-token-0123456789';

export interface CollectOptions {
  stream?: string;
  token?: string;
  catchUp?: boolean;
  backfillSeconds?: number;
  catchUpPages?: number;
  backfillPages?: number;
  /** Wall clock (ms) of the client. */
  now?: () => number;
  /** The position a restart resumes after. */
  resume?: number;
}

/** Reads a source until `want` events were taken or it throws. */
export async function collectMastodon(url: string, want: number, o: CollectOptions = {}) {
  const abort = new AbortController();
  const states: string[] = [];
  const src = mastodonSource({
    url,
    token: o.token ?? TOKEN,
    stream: o.stream,
    catchUp: o.catchUp,
    backfillSeconds: o.backfillSeconds,
    catchUpPages: o.catchUpPages,
    backfillPages: o.backfillPages,
    now: o.now,
    backoff: { initialMs: 5, maxMs: 20 },
    onState: (s) => states.push(s),
  });
  const dedupe = new Dedupe();
  const got: SourceEvent[] = [];
  const bad: string[] = [];
  let duplicates = 0;
  for await (const batch of src.items(o.resume, abort.signal)) {
    for (const item of batch) {
      if (item.bad !== undefined) bad.push(item.bad);
      else if (item.duplicate) duplicates++;
      else if (dedupe.accept(item.pos, item.key)) got.push(item);
    }
    if (got.length >= want) abort.abort();
  }
  return { got, bad, duplicates, states, src };
}
