/**
 * Builders of Mastodon streaming events for tests and benches (the shape of Mastodon's Status and
 * Account entities and of its streaming frames; names, ids and texts are made up here), and a
 * conversion of the Jetstream test streams (jetstream-events.ts) into Mastodon events, so both
 * sources replay the same planted groups.
 */

export interface StatusParts {
  id: string;
  acct: string;
  /** Unix seconds. */
  time: number;
  html?: string;
  reblogOf?: { id: string; acct: string };
  tags?: string[];
  mentions?: { id: string; acct: string }[];
  inReplyTo?: { id: string; accountId: string };
  card?: string;
  blurhashes?: string[];
  language?: string;
  spoiler?: string;
  editedAt?: number;
}

const iso = (t: number): string => new Date(Math.round(t * 1000)).toISOString();

function account(acct: string): object {
  const username = acct.split('@')[0]!;
  return {
    id: `a-${acct}`,
    username,
    acct,
    display_name: username.toUpperCase(),
    created_at: '2024-01-01T00:00:00.000Z',
    followers_count: 10,
    following_count: 20,
    statuses_count: 30,
    note: '<p>about &amp; me</p>',
    avatar: 'https://m.example/avatars/original/missing.png',
  };
}

export function status(p: StatusParts): object {
  const reblog =
    p.reblogOf === undefined
      ? null
      : status({ id: p.reblogOf.id, acct: p.reblogOf.acct, time: p.time - 60, html: '<p>original</p>' });
  return {
    id: p.id,
    uri: `https://m.example/users/${p.acct}/statuses/${p.id}`,
    created_at: iso(p.time),
    edited_at: p.editedAt === undefined ? null : iso(p.editedAt),
    account: account(p.acct),
    content: p.reblogOf === undefined ? (p.html ?? '') : '',
    spoiler_text: p.spoiler ?? '',
    visibility: 'public',
    language: p.language ?? 'en',
    in_reply_to_id: p.inReplyTo?.id ?? null,
    in_reply_to_account_id: p.inReplyTo?.accountId ?? null,
    reblog,
    application: { name: 'Web', website: null },
    media_attachments: (p.blurhashes ?? []).map((blurhash, i) => ({ id: `m${i}`, type: 'image', blurhash })),
    mentions: (p.mentions ?? []).map((m) => ({ id: m.id, username: m.acct.split('@')[0], acct: m.acct })),
    tags: (p.tags ?? []).map((name) => ({ name, url: `https://m.example/tags/${name}` })),
    card: p.card === undefined ? null : { url: p.card, title: 't' },
  };
}

/** A WebSocket frame: `{"stream":[…],"event":…,"payload":"<JSON string>"}`. */
export function frame(event: string, payload: object | string, stream = 'public'): string {
  return JSON.stringify({
    stream: [stream],
    event,
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

/**
 * A Jetstream frame of plantedStream() → the same action as a Mastodon `update` frame: a post as a
 * status with its text and tags, a repost as a reblog of the subject (one local status id per
 * subject URI). Account `did:plc:x` becomes `x` (a local account). Ids increase with time, as
 * Mastodon's (time-based) ids do.
 */
export function mastodonFromJetstream(jetstreamFrames: string[]): string[] {
  const subjectIds = new Map<string, string>();
  let n = 0;
  return jetstreamFrames.map((text) => {
    const f = JSON.parse(text) as {
      did: string;
      time_us: number;
      commit: {
        collection: string;
        record: { text?: string; subject?: { uri: string }; facets?: unknown[] };
      };
    };
    const acct = f.did.replace(/^did:plc:/, '');
    const id = String(100_000 + n++);
    const time = f.time_us / 1e6;
    const subject = f.commit.record.subject?.uri;
    if (subject !== undefined) {
      let sid = subjectIds.get(subject);
      if (sid === undefined) subjectIds.set(subject, (sid = `9${subjectIds.size}`));
      const author = /^at:\/\/did:plc:([^/]+)/.exec(subject)?.[1] ?? 'someone';
      return frame('update', status({ id, acct, time, reblogOf: { id: sid, acct: author } }));
    }
    const tags = (f.commit.record.facets ?? []).flatMap((x) =>
      (x as { features: { tag?: string }[] }).features.flatMap((ft) => (ft.tag ? [ft.tag] : [])),
    );
    return frame('update', status({ id, acct, time, html: `<p>${f.commit.record.text ?? ''}</p>`, tags }));
  });
}
