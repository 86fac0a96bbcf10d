/**
 * The streams a Mastodon client can follow (`--stream`): the names the streaming API takes and the
 * parameters that go with them. Shared by the streaming subscriber (client.ts) and the REST catch-up
 * (catch-up.ts), which maps each stream to its timeline.
 */
import { LockstepError } from '../../core/errors.js';

export interface StreamSpec {
  /** Mastodon's stream name (`public:local`, `hashtag`, …). */
  name: string;
  params: Record<string, string>;
}

/** `hashtag:vote` → `{name: 'hashtag', params: {tag: 'vote'}}`; throws ERR_USAGE on an unknown stream. */
export function parseStream(spec: string): StreamSpec {
  const simple = ['public', 'public:local', 'public:remote', 'user'];
  if (simple.includes(spec)) return { name: spec, params: {} };
  const tag = /^hashtag:(local:)?#?(.+)$/.exec(spec);
  if (tag) return { name: tag[1] ? 'hashtag:local' : 'hashtag', params: { tag: tag[2]! } };
  const list = /^list:([0-9A-Za-z_-]+)$/.exec(spec);
  if (list) return { name: 'list', params: { list: list[1]! } };
  throw new LockstepError(
    'ERR_USAGE',
    `--stream ${spec}: expected public, public:local, public:remote, hashtag:TAG, hashtag:local:TAG, list:ID or user`,
    { option: '--stream' },
  );
}
