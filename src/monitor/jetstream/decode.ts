/**
 * Jetstream v1 frames → the normalised Post (src/core/post.ts) or an account-level event. Jetstream
 * (bluesky-social/jetstream) re-encodes the AT Protocol firehose as one JSON object per WebSocket
 * text frame: `{did, time_us, kind: "commit"|"identity"|"account", commit|identity|account}`.
 *
 * Mapping (docs/MONITOR.md has the table):
 *   app.bsky.feed.post create   → an original post; `reply.parent` → replyTo; facets → links (urls,
 *                                 domains), tags (hashtags, with the record's own `tags`), mentions
 *                                 (DIDs); embed.record / recordWithMedia → quoteOf; embed.external →
 *                                 one more URL; embed.images → blob CIDs as image ids (exact bytes,
 *                                 not a perceptual hash).
 *   app.bsky.feed.repost create → a repost of `subject.uri` (co-retweet's object).
 *   app.bsky.feed.like create   → `like` (counted, not a Post: a like is not a reshare).
 *   any delete                  → `delete` with the record's at:// URI.
 *   identity / account          → handle changes; activation, suspension, takedown, deletion.
 * Time is `time_us` (when Jetstream saw the event), not the record's `createdAt`, which the client
 * writes and can backdate: co-action windows must be measured on a clock the accounts do not control.
 *
 * Hand-written field access rather than a zod schema: this runs once per frame at firehose rates
 * (≥ 50,000 frames/s is the bench target) and every field is optional except the envelope; unknown
 * fields and collections are ignored, never errors. Cost: O(frame size) per frame, no state.
 */
import type { Post } from '../../core/post.js';
import { addUrls } from '../../ingest/index.js';

export type JetstreamEvent =
  | { kind: 'post'; did: string; timeUs: number; key: string; post: Post }
  | { kind: 'like'; did: string; timeUs: number; key: string; subject: string }
  | { kind: 'delete'; did: string; timeUs: number; key: string; uri: string }
  | { kind: 'identity'; did: string; timeUs: number; key: string; handle?: string }
  | { kind: 'account'; did: string; timeUs: number; key: string; active: boolean; status?: string }
  /** Updates and collections the monitor does not read: still advance the cursor. */
  | { kind: 'other'; did: string; timeUs: number; key: string };

export type Decoded = { ok: true; event: JetstreamEvent } | { ok: false; reason: string };

type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const get = (o: unknown, k: string): unknown => (isObj(o) ? o[k] : undefined);

/** `at://did:plc:x/app.bsky.feed.post/3k…` → `did:plc:x`. */
export function didOfUri(uri: string | undefined): string | undefined {
  if (uri?.startsWith('at://') !== true) return undefined;
  const end = uri.indexOf('/', 5);
  return end < 0 ? uri.slice(5) : uri.slice(5, end);
}

const lowerTag = (t: string): string => (t.startsWith('#') ? t.slice(1) : t).toLowerCase();

/** Facets and record tags: links, hashtags and mentions exactly as the client marked them. */
function facetEntities(record: Obj, links: string[], tags: string[], mentions: string[]): void {
  for (const facet of arr(record.facets)) {
    for (const f of arr(get(facet, 'features'))) {
      const type = str(get(f, '$type'));
      if (type === 'app.bsky.richtext.facet#link') {
        const uri = str(get(f, 'uri'));
        if (uri !== undefined) links.push(uri);
      } else if (type === 'app.bsky.richtext.facet#tag') {
        const tag = str(get(f, 'tag'));
        if (tag !== undefined) tags.push(lowerTag(tag));
      } else if (type === 'app.bsky.richtext.facet#mention') {
        const did = str(get(f, 'did'));
        if (did !== undefined) mentions.push(did);
      }
    }
  }
  for (const t of arr(record.tags)) if (typeof t === 'string' && t !== '') tags.push(lowerTag(t));
}

/** Quote target, external link and image blobs of an embed (recordWithMedia nests both halves). */
function embedEntities(embed: unknown, links: string[], images: string[]): string | undefined {
  const type = str(get(embed, '$type'));
  if (type === 'app.bsky.embed.record') return str(get(get(embed, 'record'), 'uri'));
  if (type === 'app.bsky.embed.external') {
    const uri = str(get(get(embed, 'external'), 'uri'));
    if (uri !== undefined) links.push(uri);
  } else if (type === 'app.bsky.embed.images') {
    for (const img of arr(get(embed, 'images'))) {
      const cid = str(get(get(get(img, 'image'), 'ref'), '$link'));
      if (cid !== undefined) images.push(`cid:${cid}`);
    }
  } else if (type === 'app.bsky.embed.recordWithMedia') {
    embedEntities(get(embed, 'media'), links, images);
    return str(get(get(get(embed, 'record'), 'record'), 'uri'));
  }
  return undefined;
}

const uniq = (xs: string[]): string[] => (xs.length < 2 ? xs : [...new Set(xs)]);

function postOf(did: string, timeUs: number, uri: string, record: Obj): Post {
  const links: string[] = [];
  const hashtags: string[] = [];
  const mentions: string[] = [];
  const images: string[] = [];
  facetEntities(record, links, hashtags, mentions);
  const quoteOf = embedEntities(record.embed, links, images);
  const urls: string[] = [];
  const domains: string[] = [];
  addUrls(uniq(links), urls, domains);
  const parent = str(get(get(record.reply, 'parent'), 'uri'));
  const langs = arr(record.langs);
  return {
    id: uri,
    account: did,
    time: timeUs / 1e6,
    text: str(record.text),
    isRepost: false,
    replyTo: parent,
    replyToAccount: didOfUri(parent),
    quoteOf,
    hashtags: uniq(hashtags),
    mentions: uniq(mentions),
    urls,
    domains,
    images,
    lang: typeof langs[0] === 'string' ? langs[0] : undefined,
    platform: 'bluesky',
    source: { file: 'jetstream', line: 0 },
  };
}

function repostOf(did: string, timeUs: number, uri: string, subject: string): Post {
  return {
    id: uri,
    account: did,
    time: timeUs / 1e6,
    isRepost: true,
    repostOf: subject,
    repostOfAccount: didOfUri(subject),
    hashtags: [],
    mentions: [],
    urls: [],
    domains: [],
    images: [],
    platform: 'bluesky',
    source: { file: 'jetstream', line: 0 },
  };
}

/**
 * A commit's record operation (v1's nested `commit` object, or v2's flat payload, which carries the
 * same operation, collection, rkey, rev and record fields) → the event.
 */
export function commitEvent(did: string, timeUs: number, commit: unknown): Decoded {
  const op = str(get(commit, 'operation'));
  const collection = str(get(commit, 'collection'));
  const rkey = str(get(commit, 'rkey'));
  if (op === undefined || collection === undefined || rkey === undefined)
    return { ok: false, reason: 'commit without operation, collection or rkey' };
  const uri = `at://${did}/${collection}/${rkey}`;
  // The revision tells a replayed commit from a new one on the same record (re-created rkeys).
  const key = `${op} ${uri} ${str(get(commit, 'rev')) ?? ''}`;
  if (op === 'delete') return { ok: true, event: { kind: 'delete', did, timeUs, key, uri } };
  if (op !== 'create') return { ok: true, event: { kind: 'other', did, timeUs, key } };
  const record = get(commit, 'record');
  if (!isObj(record)) return { ok: false, reason: `create of ${collection} without a record object` };
  if (collection === 'app.bsky.feed.post') {
    if (record.text !== undefined && typeof record.text !== 'string')
      return { ok: false, reason: 'post record text is not a string' };
    return { ok: true, event: { kind: 'post', did, timeUs, key, post: postOf(did, timeUs, uri, record) } };
  }
  if (collection === 'app.bsky.feed.repost' || collection === 'app.bsky.feed.like') {
    const subject = str(get(record.subject, 'uri'));
    if (subject === undefined) return { ok: false, reason: `${collection} without subject.uri` };
    return collection === 'app.bsky.feed.like'
      ? { ok: true, event: { kind: 'like', did, timeUs, key, subject } }
      : { ok: true, event: { kind: 'post', did, timeUs, key, post: repostOf(did, timeUs, uri, subject) } };
  }
  return { ok: true, event: { kind: 'other', did, timeUs, key } };
}

/** One parsed frame; `reason` says what was wrong with a bad one (never throws). */
export function decodeJetstream(value: unknown): Decoded {
  if (!isObj(value)) return { ok: false, reason: 'frame is not a JSON object' };
  const did = str(value.did);
  const timeUs = value.time_us;
  if (did?.startsWith('did:') !== true) return { ok: false, reason: 'missing or invalid did' };
  if (typeof timeUs !== 'number' || !Number.isSafeInteger(timeUs) || timeUs <= 0)
    return { ok: false, reason: 'missing or invalid time_us (unix microseconds)' };
  const kind = value.kind;
  if (kind === 'commit') return commitEvent(did, timeUs, value.commit);
  return repoEvent(kind, did, timeUs, value) ?? { ok: false, reason: `unknown kind ${JSON.stringify(kind)}` };
}

/**
 * An `identity` or `account` event (both versions wrap the firehose's event under its kind's name);
 * undefined for any other kind.
 */
export function repoEvent(kind: unknown, did: string, timeUs: number, value: Obj): Decoded | undefined {
  if (kind === 'identity') {
    const handle = str(get(value.identity, 'handle'));
    return { ok: true, event: { kind: 'identity', did, timeUs, key: `identity ${did}`, handle } };
  }
  if (kind === 'account') {
    const active = get(value.account, 'active');
    if (typeof active !== 'boolean') return { ok: false, reason: 'account event without active' };
    const status = str(get(value.account, 'status'));
    return { ok: true, event: { kind: 'account', did, timeUs, key: `account ${did}`, active, status } };
  }
  return undefined;
}

/**
 * Parses one text frame and decodes it (v1 here, v2 in decode-v2.ts); invalid JSON is a bad frame like
 * any other.
 */
export function decodeTextFrame<D>(
  text: string,
  decode: (value: unknown) => D,
): D | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `invalid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  return decode(value);
}

/** Decodes one v1 text frame. */
export const decodeJetstreamFrame = (text: string): Decoded => decodeTextFrame(text, decodeJetstream);
