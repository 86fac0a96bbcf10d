/**
 * One JSON line at a time, for live streams (`lockstep monitor --ndjson`): the same readers and
 * `--map` mapping as `detect`'s files, but driven by the caller line by line instead of by a file's
 * chunks, so a queue or a pipe can feed them. A bad line is returned as its reason, never thrown.
 */
import { LockstepError } from '../core/errors.js';
import type { Post } from '../core/post.js';
import { RowError } from './formats/common.js';
import type { FormatName, IngestOptions } from './options.js';
import { READERS } from './read.js';

export type JsonLineResult = { ok: true; posts: Post[] } | { ok: false; reason: string };

/**
 * A mapper for one JSON-lines format (`ndjson` with a mapping, `twitter-v2`, `twitter-v1`).
 *
 * @example const map = jsonLineMapper('ndjson', { mapping: parseMapping('account=user,time=ts') }, '-');
 */
export function jsonLineMapper(
  format: FormatName,
  options: IngestOptions,
  file: string,
): (text: string, line: number) => JsonLineResult {
  const reader = READERS[format];
  if (reader.kind !== 'json')
    throw new LockstepError('ERR_USAGE', `format ${format} is not a JSON-lines format`, { format });
  const map = reader.bind({ file, options });
  return (text, line) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return { ok: false, reason: `invalid JSON: ${e instanceof Error ? e.message : String(e)}` };
    }
    const posts: Post[] = [];
    try {
      map(value, line, posts);
    } catch (e) {
      if (!(e instanceof RowError)) throw e;
      return { ok: false, reason: e.message };
    }
    return { ok: true, posts };
  };
}
