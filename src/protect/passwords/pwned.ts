/**
 * `isPwned(password)` for login and registration flows, against a local index or any range API
 * (ours or a Pwned Passwords-compatible one).
 *
 * The remote source sends only the 5-hex prefix, asks for padding and ignores count-0 rows, as HIBP
 * asks clients to. Nothing here logs or returns the password or its full hash.
 */
import { LockstepError } from '../../core/errors.js';
import { quoteInput } from '../../core/quote-input.js';
import type { HashMode } from './hash.js';
import { SUFFIX_HEX, formatPrefix, hashPasswordAsync, prefixOf, toHexUpper } from './hash.js';
import type { RangeIndex } from './range-index.js';

export interface PwnedResult {
  readonly pwned: boolean;
  /** Times the password was seen in breaches (0 when not pwned). */
  readonly count: number;
}

/** Where breach counts come from: the hash mode it holds and a count lookup by full binary hash. */
export interface BreachSource {
  readonly mode: HashMode;
  countOf(hash: Uint8Array): Promise<number>;
}

/** A local index as a breach source. */
export function indexSource(index: RangeIndex): BreachSource {
  return { mode: index.mode, countOf: (hash) => index.countOf(hash) };
}

/**
 * The range endpoint of a base URL given in any of the forms users type: `http://h:8787`,
 * `http://h:8787/`, `…/range`, `…/range/` (and a server under a path: `http://h/pw` → `http://h/pw/range/`).
 * Throws ERR_USAGE for something that is not an http(s) URL.
 */
export function rangeBaseUrl(base: string): string {
  let url: URL;
  try {
    url = new URL(base.trim());
  } catch {
    throw new LockstepError(
      'ERR_USAGE',
      `--url must be an http(s) URL such as http://127.0.0.1:8787, got ${quoteInput(base)}`,
      {
        option: '--url',
      },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new LockstepError('ERR_USAGE', `--url must be an http(s) URL, got ${quoteInput(base)}`, {
      option: '--url',
    });
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = `${path.endsWith('/range') ? path : `${path}/range`}/`;
  url.search = '';
  url.hash = '';
  return url.href;
}

export interface HttpSourceOptions {
  /** Base URL of the range API in any form `rangeBaseUrl` accepts, e.g. `http://127.0.0.1:8787`. */
  readonly url: string;
  readonly mode?: HashMode;
  /** Request padded responses (default true). */
  readonly padding?: boolean;
  readonly fetch?: typeof fetch;
}

/** Parses a range body and returns the count of `suffix` (uppercase hex), ignoring count-0 rows. */
export function countInRange(body: string, suffix: string): number {
  for (const row of body.split('\n')) {
    const line = row.endsWith('\r') ? row.slice(0, -1) : row;
    const colon = line.indexOf(':');
    if (colon === suffix.length && line.slice(0, colon).toUpperCase() === suffix) {
      const count = Number(line.slice(colon + 1));
      if (Number.isSafeInteger(count) && count > 0) return count;
    }
  }
  return 0;
}

/** A Pwned Passwords-compatible range API as a breach source. */
export function httpSource(opts: HttpSourceOptions): BreachSource {
  const mode = opts.mode ?? 'sha1';
  const doFetch = opts.fetch ?? fetch;
  const base = rangeBaseUrl(opts.url);
  const remote = (url: string, why: string, cause?: unknown): LockstepError =>
    new LockstepError('ERR_PASSWORDS_REMOTE', `range API ${url}: ${why}`, { url }, { cause });
  return {
    mode,
    async countOf(hash) {
      const hex = toHexUpper(hash);
      // The prefix only (k-anonymity): the URL in a message never reveals more of the hash than the request.
      const url = `${base}${formatPrefix(prefixOf(hash))}${mode === 'ntlm' ? '?mode=ntlm' : ''}`;
      let res: Response;
      let body: string;
      try {
        res = await doFetch(url, { headers: opts.padding === false ? {} : { 'Add-Padding': 'true' } });
        body = await res.text();
      } catch (e) {
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        throw remote(url, `cannot be reached (${cause?.code ?? cause?.message ?? (e as Error).message})`, e);
      }
      if (res.status !== 200)
        throw remote(
          url,
          `answered HTTP ${res.status}${res.status === 404 ? ' (is --url the base of a range API?)' : ''}`,
        );
      if (body.trim() !== '' && !/^[0-9A-Fa-f]+:\d+\r?$/m.test(body.slice(0, 200)))
        throw remote(
          url,
          `answered 200 but not with range rows (HEX:COUNT); body begins ${quoteInput(body, 60)}`,
        );
      return countInRange(body, hex.slice(hex.length - SUFFIX_HEX[mode]));
    },
  };
}

/**
 * Whether a password appears in the breach corpus, and how often.
 *
 * @example
 * const index = RangeIndex.open('pwned-sha1.idx');
 * const { pwned, count } = await isPwned('P@ssw0rd', indexSource(index));
 */
export async function isPwned(password: string, source: BreachSource): Promise<PwnedResult> {
  const count = await source.countOf(await hashPasswordAsync(password, source.mode));
  return { pwned: count > 0, count };
}
