/**
 * Mastodon streaming events → the normalised Post (src/core/post.ts). Both transports carry the same
 * event: a WebSocket text frame is `{"stream":[…],"event":"update","payload":"<JSON string>"}`, an SSE
 * message is `event: update` + `data: <JSON>`; the SSE client re-wraps the latter as the former, so
 * one decoder (and one journal format) serves both.
 *
 * Events read (Mastodon's "Streaming API methods" documentation):
 *   update         a new status (its payload: a Status entity as a JSON string). A reblog is a status
 *                  whose `reblog` holds the original: a repost of it (co-retweet's object).
 *   status.update  an edit (Mastodon ≥ 3.5): counted and journalled, not a new post (the original
 *                  already acted; an edit is not a second action).
 *   delete         a status id (a bare string payload).
 *   anything else  (notification, filters_changed, announcement, conversation …) ignored, not an error.
 * Identities are qualified by the instance watched, so they do not depend on which server you ask:
 * accounts as `user@domain` (a local account's `acct` has no domain: the instance's host is added),
 * statuses as `https://HOST/api/v1/statuses/ID` (Mastodon ids are local to a server; the reply parent
 * is only known by that local id). Time is `created_at`: for local statuses the server's clock, for
 * federated ones the origin server's (docs/MONITOR.md says what that allows).
 * Cost: O(frame size) per event, no state.
 */
import type { AccountProfile, Post } from '../../core/post.js';
import { addUrls } from '../../ingest/index.js';
import { htmlToText } from './html-text.js';

export type MastodonEvent =
  | { kind: 'post'; id: string; key: string; time: number; post: Post }
  | { kind: 'edit'; id: string; key: string; time: number }
  | { kind: 'delete'; id: string; key: string; time: number }
  | { kind: 'other'; key: string; time: number };

export type MastodonDecoded = { ok: true; event: MastodonEvent } | { ok: false; reason: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const get = (o: unknown, k: string): unknown => (isObj(o) ? o[k] : undefined);
const uniq = (xs: string[]): string[] => (xs.length < 2 ? xs : [...new Set(xs)]);

/** `alice` on host h → `alice@h`; `bob@other.example` stays. */
export const qualifyAcct = (acct: string, host: string): string =>
  acct.includes('@') ? acct : `${acct}@${host}`;
export const statusRef = (id: string, host: string): string => `https://${host}/api/v1/statuses/${id}`;

const seconds = (iso: unknown): number | undefined => {
  const s = str(iso);
  if (s === undefined) return undefined;
  const ms = Date.parse(s);
  return Number.isFinite(ms) ? ms / 1000 : undefined;
};

function profileOf(account: Obj): AccountProfile {
  const avatar = str(account.avatar_static) ?? str(account.avatar);
  return {
    screenName: str(account.username),
    displayName: str(account.display_name),
    createdAt: seconds(account.created_at),
    followers: num(account.followers_count),
    following: num(account.following_count),
    statuses: num(account.statuses_count),
    description: typeof account.note === 'string' ? htmlToText(account.note).text : undefined,
    // Mastodon serves `/avatars/original/missing.png` to accounts that never set one.
    defaultProfileImage: avatar === undefined ? undefined : avatar.endsWith('/missing.png'),
  };
}

/** A Status entity → Post, or the reason it cannot be one. */
export function statusToPost(status: unknown, host: string): Post | string {
  if (!isObj(status)) return 'status payload is not a JSON object';
  const id = str(status.id);
  const account = status.account;
  const acct = str(get(account, 'acct'));
  const time = seconds(status.created_at);
  if (id === undefined) return 'status without id';
  if (!isObj(account) || acct === undefined) return `status ${id} without account.acct`;
  if (time === undefined) return `status ${id} without a valid created_at`;
  const base = {
    id: statusRef(id, host),
    account: qualifyAcct(acct, host),
    time,
    profile: profileOf(account),
    platform: 'mastodon',
    client: str(get(status.application, 'name')),
    source: { file: `mastodon ${host}`, line: 0 },
  };
  const reblog = status.reblog;
  if (isObj(reblog)) {
    const rid = str(reblog.id);
    if (rid === undefined) return `reblog ${id} without the original's id`;
    const racct = str(get(reblog.account, 'acct'));
    return {
      ...base,
      isRepost: true,
      repostOf: statusRef(rid, host),
      repostOfAccount: racct === undefined ? undefined : qualifyAcct(racct, host),
      hashtags: [],
      mentions: [],
      urls: [],
      domains: [],
      images: [],
    };
  }
  if (status.content !== undefined && typeof status.content !== 'string')
    return `status ${id}: content is not a string`;
  const body = htmlToText(typeof status.content === 'string' ? status.content : '');
  const spoiler = str(status.spoiler_text);
  const mentions: string[] = [];
  let replyToAccount: string | undefined;
  const parentAccountId = str(status.in_reply_to_account_id);
  for (const m of arr(status.mentions)) {
    const a = str(get(m, 'acct'));
    if (a === undefined) continue;
    mentions.push(qualifyAcct(a, host));
    // A reply names its parent's author by local account id; the mention of that id gives its acct.
    if (parentAccountId !== undefined && str(get(m, 'id')) === parentAccountId)
      replyToAccount = qualifyAcct(a, host);
  }
  const links = [...body.links];
  const card = str(get(status.card, 'url'));
  if (card !== undefined) links.push(card);
  const urls: string[] = [];
  const domains: string[] = [];
  addUrls(uniq(links), urls, domains);
  const parent = str(status.in_reply_to_id);
  const quoted = str(get(get(status.quote, 'quoted_status'), 'id'));
  const images: string[] = [];
  for (const media of arr(status.media_attachments)) {
    // A blurhash is computed from the pixels: the same picture re-uploaded gets the same one.
    const h = str(get(media, 'blurhash'));
    if (h !== undefined) images.push(`blurhash:${h}`);
  }
  return {
    ...base,
    text: spoiler === undefined ? body.text || undefined : `${spoiler}\n${body.text}`,
    isRepost: false,
    replyTo: parent === undefined ? undefined : statusRef(parent, host),
    replyToAccount,
    quoteOf: quoted === undefined ? undefined : statusRef(quoted, host),
    hashtags: uniq(
      arr(status.tags).flatMap((t) => {
        const n = str(get(t, 'name'));
        return n === undefined ? [] : [n.toLowerCase()];
      }),
    ),
    mentions: uniq(mentions),
    urls,
    domains,
    images: uniq(images),
    lang: str(status.language),
  };
}

/**
 * One streaming event (`event` name and `payload` text) → a Post or other event. `receivedAt` (Unix
 * seconds) times events that carry no time of their own (deletes, notifications).
 */
export function decodeMastodonEvent(
  event: string,
  payload: string,
  host: string,
  receivedAt: number,
): MastodonDecoded {
  if (event === 'delete') {
    const id = payload.trim();
    if (!/^[0-9A-Za-z_-]+$/.test(id)) return { ok: false, reason: 'delete payload is not a status id' };
    return { ok: true, event: { kind: 'delete', id, key: `delete ${id}`, time: receivedAt } };
  }
  if (event !== 'update' && event !== 'status.update')
    return { ok: true, event: { kind: 'other', key: `${event} ${payload.length}`, time: receivedAt } };
  let status: unknown;
  try {
    status = JSON.parse(payload);
  } catch (e) {
    return {
      ok: false,
      reason: `${event} payload is not JSON: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
  const post = statusToPost(status, host);
  if (typeof post === 'string') return { ok: false, reason: post };
  const id = str(get(status, 'id'))!;
  if (event === 'status.update') {
    const edited = seconds(get(status, 'edited_at')) ?? receivedAt;
    return { ok: true, event: { kind: 'edit', id, key: `edit ${id} ${edited}`, time: edited } };
  }
  return { ok: true, event: { kind: 'post', id, key: `update ${id}`, time: post.time, post } };
}

/** A WebSocket frame (or a re-wrapped SSE message): `{"event", "payload"}`; never throws. */
export function decodeMastodonFrame(text: string, host: string, receivedAt: number): MastodonDecoded {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `invalid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const event = str(get(v, 'event'));
  if (event === undefined) {
    const error = str(get(v, 'error'));
    return { ok: false, reason: error === undefined ? 'frame without event' : `server error: ${error}` };
  }
  const payload = get(v, 'payload');
  if (typeof payload !== 'string' && payload !== undefined)
    return { ok: false, reason: `${event} payload is not a string` };
  return decodeMastodonEvent(event, payload ?? '', host, receivedAt);
}
