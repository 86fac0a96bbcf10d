/**
 * `--clickhouse URL[,URL…]`: the ClickHouse adapter's shard URLs, checked before any input is read
 * (a file of its own so the CLI can check them without loading the adapter).
 */
import { LockstepError } from '../../core/errors.js';

/** `--clickhouse a,b` → URLs, refusing what is not an http(s) URL before any input is read. */
export function parseClickHouseUrls(spec: string): string[] {
  const urls = spec.split(',').map((s) => s.trim());
  for (const u of urls) {
    let ok: boolean;
    try {
      ok = ['http:', 'https:'].includes(new URL(u).protocol);
    } catch {
      ok = false;
    }
    if (!ok)
      throw new LockstepError(
        'ERR_USAGE',
        `--clickhouse: "${u}" is not an http(s) URL of a ClickHouse server`,
        {
          option: '--clickhouse',
          value: u,
        },
      );
  }
  return urls;
}
