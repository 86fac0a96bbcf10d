/**
 * Builders of Jetstream v1 frames for tests and benches (shape of the public Jetstream output; the
 * texts, DIDs and CIDs are made up here), and a seeded stream with planted coordinated groups among
 * organic accounts, so a replay has a known answer.
 */
import { seededRandom } from '../../test-helpers/seeded-random.js';

export interface FrameBase {
  did: string;
  timeUs: number;
  rkey?: string;
  rev?: string;
}

let counter = 0;
const nextKey = (): string => `3l${(counter++).toString(36).padStart(11, 'a')}`;

function commit(b: FrameBase, collection: string, operation: string, record?: object): object {
  const rkey = b.rkey ?? nextKey();
  return {
    did: b.did,
    time_us: b.timeUs,
    kind: 'commit',
    commit: {
      rev: b.rev ?? `r${rkey}`,
      operation,
      collection,
      rkey,
      ...(record === undefined ? {} : { record, cid: `bafy${rkey}` }),
    },
  };
}

export interface PostParts {
  text?: string;
  links?: string[];
  tags?: string[];
  mentions?: string[];
  replyTo?: string;
  quote?: string;
  external?: string;
  images?: string[];
  langs?: string[];
}

export function postFrame(b: FrameBase, p: PostParts = {}): object {
  const features = [
    ...(p.links ?? []).map((uri) => ({ $type: 'app.bsky.richtext.facet#link', uri })),
    ...(p.tags ?? []).map((tag) => ({ $type: 'app.bsky.richtext.facet#tag', tag })),
    ...(p.mentions ?? []).map((did) => ({ $type: 'app.bsky.richtext.facet#mention', did })),
  ];
  let embed: object | undefined;
  if (p.quote !== undefined)
    embed = { $type: 'app.bsky.embed.record', record: { uri: p.quote, cid: 'bafyq' } };
  else if (p.external !== undefined)
    embed = { $type: 'app.bsky.embed.external', external: { uri: p.external, title: 't', description: '' } };
  else if (p.images !== undefined)
    embed = {
      $type: 'app.bsky.embed.images',
      images: p.images.map((cid) => ({ alt: '', image: { $type: 'blob', ref: { $link: cid }, size: 1 } })),
    };
  return commit(b, 'app.bsky.feed.post', 'create', {
    $type: 'app.bsky.feed.post',
    text: p.text ?? '',
    createdAt: new Date(b.timeUs / 1000).toISOString(),
    langs: p.langs ?? ['en'],
    ...(features.length > 0 ? { facets: [{ index: { byteStart: 0, byteEnd: 1 }, features }] } : {}),
    ...(p.replyTo === undefined
      ? {}
      : { reply: { root: { uri: p.replyTo, cid: 'bafyr' }, parent: { uri: p.replyTo, cid: 'bafyp' } } }),
    ...(embed === undefined ? {} : { embed }),
  });
}

export function repostFrame(b: FrameBase, subject: string): object {
  return commit(b, 'app.bsky.feed.repost', 'create', {
    $type: 'app.bsky.feed.repost',
    subject: { uri: subject, cid: 'bafys' },
    createdAt: new Date(b.timeUs / 1000).toISOString(),
  });
}

export function likeFrame(b: FrameBase, subject: string): object {
  return commit(b, 'app.bsky.feed.like', 'create', {
    $type: 'app.bsky.feed.like',
    subject: { uri: subject, cid: 'bafys' },
    createdAt: new Date(b.timeUs / 1000).toISOString(),
  });
}

export function deleteFrame(b: FrameBase, collection = 'app.bsky.feed.post'): object {
  return commit(b, collection, 'delete');
}

export function identityFrame(b: FrameBase, handle: string): object {
  return {
    did: b.did,
    time_us: b.timeUs,
    kind: 'identity',
    identity: { did: b.did, handle, seq: 1, time: new Date(b.timeUs / 1000).toISOString() },
  };
}

export function accountFrame(b: FrameBase, active: boolean, status?: string): object {
  return {
    did: b.did,
    time_us: b.timeUs,
    kind: 'account',
    account: { did: b.did, active, seq: 2, time: new Date(b.timeUs / 1000).toISOString(), status },
  };
}

export interface PlantedStream {
  frames: string[];
  /** Planted groups' DIDs. */
  groups: string[][];
}

/**
 * `organic` accounts repost random posts of a large pool at random times; each planted group of
 * `groupSize` accounts reposts one fresh post within seconds of each other, `bursts` times, spread
 * over the span. Times are unique and increasing (Jetstream's time_us is).
 */
export function plantedStream(o: {
  seed: number;
  startUs: number;
  spanSeconds: number;
  organic: number;
  organicEvents: number;
  groups: number;
  groupSize: number;
  bursts: number;
  /** Distinct posts the organic accounts repost (default: one per organic account). */
  pool?: number;
  /** Organic reposts per planted account, spread over the span (default 0). */
  memberNoise?: number;
  /** Seconds over which a group's reposts of one post spread (default 20). */
  spread?: number;
  /**
   * Seconds within which each group's bursts fall, at a random offset in the span (default: the whole
   * span). A stream longer than the monitor's window needs it ≤ the window, or no window ever holds
   * a group's bursts together.
   */
  groupWithin?: number;
}): PlantedStream {
  const rnd = seededRandom(o.seed);
  const events: { t: number; frame: (t: number) => object }[] = [];
  const organicDid = (i: number): string => `did:plc:organic${i.toString().padStart(6, '0')}`;
  const pool = o.pool ?? o.organic;
  for (let i = 0; i < o.organicEvents; i++) {
    const did = organicDid(Math.floor(rnd() * o.organic));
    const subject = `at://did:plc:author${Math.floor(rnd() * 50)}/app.bsky.feed.post/p${Math.floor(rnd() * pool)}`;
    const tag = rnd() < 0.3 ? [`topic${Math.floor(rnd() * 40)}`] : [];
    const kind = rnd();
    events.push({
      t: rnd() * o.spanSeconds,
      frame: (t) =>
        kind < 0.6
          ? repostFrame({ did, timeUs: t }, subject)
          : postFrame({ did, timeUs: t }, { text: `organic words ${i}`, tags: tag }),
    });
  }
  const groups: string[][] = [];
  for (let g = 0; g < o.groups; g++) {
    const members = Array.from({ length: o.groupSize }, (_, m) => `did:plc:group${g}m${m}`);
    groups.push(members);
    // Campaign accounts also act like everyone else between bursts (real ones keep a cover).
    for (const did of members)
      for (let k = 0; k < (o.memberNoise ?? 0); k++) {
        const subject = `at://did:plc:author${Math.floor(rnd() * 50)}/app.bsky.feed.post/p${Math.floor(rnd() * pool)}`;
        events.push({ t: rnd() * o.spanSeconds, frame: (t) => repostFrame({ did, timeUs: t }, subject) });
      }
    const within = Math.min(o.groupWithin ?? o.spanSeconds, o.spanSeconds);
    // Drawn only when asked for, so streams without it are the frames they always were.
    const offset = o.groupWithin === undefined ? 0 : rnd() * (o.spanSeconds - within);
    for (let k = 0; k < o.bursts; k++) {
      const start = offset + rnd() * (within - 60);
      const subject = `at://did:plc:campaign${g}/app.bsky.feed.post/c${k}`;
      for (const did of members)
        events.push({
          t: start + rnd() * (o.spread ?? 20),
          frame: (t) => repostFrame({ did, timeUs: t }, subject),
        });
    }
  }
  events.sort((a, b) => a.t - b.t);
  let last = 0;
  const frames = events.map((e) => {
    const t = Math.max(last + 1, o.startUs + Math.floor(e.t * 1e6));
    last = t;
    return JSON.stringify(e.frame(t));
  });
  return { frames, groups };
}

/**
 * The tests' replay: 300 organic accounts (3,000 events over two hours) and two planted groups of six
 * that repost twelve fresh posts together — so that a one-hour sliding window holds the five distinct
 * objects a network needs (detect's breadth rule, minObjects) — within 5 s of each other, so that each
 * member's own lags stand out (detect's members-carry-their-own-evidence rule); 60 s co-action window.
 */
export const testStream = (): PlantedStream =>
  plantedStream({
    seed: 11,
    startUs: 1_700_000_000 * 1e6,
    spanSeconds: 7200,
    organic: 300,
    organicEvents: 3000,
    groups: 2,
    groupSize: 6,
    bursts: 12,
    spread: 5,
  });

/** RFC 3339 with microseconds, as Jetstream v2 writes `time`. */
export function isoMicros(timeUs: number): string {
  const ms = Math.floor(timeUs / 1000);
  const us = String(timeUs % 1_000_000).padStart(6, '0');
  return `${new Date(ms).toISOString().slice(0, 19)}.${us}Z`;
}

const V2 = 'network.bsky.jetstream.subscribeEvents';

/**
 * The same events on the Jetstream v2 wire (lexicon network.bsky.jetstream.subscribeEvents): each
 * JSON frame becomes a `message` envelope whose payload carries `seq` (1, 2, … in frame order), `did`,
 * `time` (= `time_us` as RFC 3339) and, for a commit, the commit's fields flat. Frames that are not
 * JSON objects pass through unchanged (bad frames under test).
 */
export function toV2Frames(frames: readonly string[], firstSeq = 1): string[] {
  let seq = firstSeq;
  return frames.map((f) => {
    let v: { did?: string; time_us?: number; kind?: string; [k: string]: unknown } | null;
    try {
      v = JSON.parse(f) as typeof v;
    } catch {
      return f;
    }
    if (v === null || typeof v.time_us !== 'number') return f;
    const { did, time_us: timeUs, kind } = v;
    const body = kind === 'commit' ? (v.commit as object) : { [kind ?? 'unknown']: v[kind ?? ''] };
    return JSON.stringify({
      $type: 'message',
      payload: { $type: `${V2}#${kind ?? 'unknown'}`, seq: seq++, did, time: isoMicros(timeUs), ...body },
    });
  });
}
