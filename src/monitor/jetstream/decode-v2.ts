/**
 * Jetstream v2 frames (lexicon `network.bsky.jetstream.subscribeEvents`, served at
 * `/xrpc/network.bsky.jetstream.subscribeEvents`, framed per the `xrpc.v1.json` subprotocol) → the
 * same events as v1 (decode.ts). v2 differs from v1 on the wire, not in meaning:
 *   - every frame is an envelope `{"$type":"message","payload":{…}}` or `{"$type":"error",…}`;
 *   - the payload's `$type` is `…subscribeEvents#commit|#identity|#account|#sync|#info`, and a commit's
 *     operation, collection, rkey, rev and record sit in the payload itself, not under `commit`;
 *   - the cursor is `seq`, Jetstream's monotonic per-event number (inclusive on resume), not `time_us`;
 *     `#info` advisories (OutdatedCursor, FutureCursor) carry no seq and do not advance it;
 *   - time is an RFC 3339 string with microseconds: `witnessedAt` (when this instance saw the event,
 *     never rewritten) when the server sends it, else `time`.
 * As in v1, the clock is the server's, not the record's `createdAt` (which the client writes).
 *
 * Hand-written field access for the reason decode.ts gives (one frame at firehose rates); unknown
 * payload types are skipped as `other`, never errors. Cost: O(frame size) per frame, no state.
 */
import {
  commitEvent,
  decodeTextFrame,
  isObj,
  repoEvent,
  str,
  type Decoded,
  type JetstreamEvent,
} from './decode.js';

const NSID = 'network.bsky.jetstream.subscribeEvents';
/** The path a v2 endpoint serves its live stream at. */
export const V2_PATH = `/xrpc/${NSID}`;

export type DecodedV2 =
  | { ok: true; seq: number; event: JetstreamEvent }
  | { ok: false; reason: string }
  /** An advisory about the stream (not an event: no seq). */
  | { ok: 'info'; name: string; message?: string };

const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/i;

/** An RFC 3339 datetime → unix µs, keeping the microseconds Date.parse would drop; NaN if invalid. */
export function unixMicros(s: string): number {
  const m = RFC3339.exec(s);
  if (m === null) return NaN;
  const ms = Date.parse(`${m[1]!}${m[3]!.toUpperCase()}`);
  if (Number.isNaN(ms)) return NaN;
  const frac = (m[2] ?? '').padEnd(6, '0').slice(0, 6);
  return ms * 1000 + Number(frac);
}

function payloadEvent(p: Record<string, unknown>, did: string, timeUs: number): Decoded {
  const type = p.$type as string;
  const kind = type.slice(NSID.length + 1);
  if (kind === 'commit') return commitEvent(did, timeUs, p);
  const repo = repoEvent(kind, did, timeUs, p);
  if (repo !== undefined) return repo;
  // #sync (a broken commit chain upstream) and payload types newer than this client: no content the
  // monitor reads, but the cursor still moves past them.
  return { ok: true, event: { kind: 'other', did, timeUs, key: `${kind} ${did}` } };
}

/** One parsed v2 frame; `reason` says what was wrong with a bad one (never throws). */
export function decodeJetstreamV2(value: unknown): DecodedV2 {
  if (!isObj(value)) return { ok: false, reason: 'frame is not a JSON object' };
  if (value.$type === 'error') {
    const message = str(value.message);
    return {
      ok: false,
      reason: `server error ${str(value.error) ?? 'unknown'}${message === undefined ? '' : `: ${message}`}`,
    };
  }
  if (value.$type !== 'message') return { ok: false, reason: 'frame is not an xrpc.v1.json message' };
  const p = value.payload;
  if (!isObj(p)) return { ok: false, reason: 'message without a payload object' };
  const type = str(p.$type);
  if (type?.startsWith(`${NSID}#`) !== true)
    return { ok: false, reason: `payload $type ${JSON.stringify(p.$type)} is not ${NSID}#…` };
  if (type === `${NSID}#info`) return { ok: 'info', name: str(p.name) ?? 'unknown', message: str(p.message) };
  const seq = p.seq;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq <= 0)
    return { ok: false, reason: 'missing or invalid seq (a positive integer)' };
  const did = str(p.did);
  if (did?.startsWith('did:') !== true) return { ok: false, reason: 'missing or invalid did' };
  const when = str(p.witnessedAt) ?? str(p.time);
  const timeUs = when === undefined ? NaN : unixMicros(when);
  if (!(timeUs > 0)) return { ok: false, reason: 'missing or invalid time (RFC 3339 datetime)' };
  const d = payloadEvent(p, did, timeUs);
  return d.ok ? { ok: true, seq, event: d.event } : d;
}

/** Decodes one v2 text frame. */
export const decodeJetstreamV2Frame = (text: string): DecodedV2 => decodeTextFrame(text, decodeJetstreamV2);
