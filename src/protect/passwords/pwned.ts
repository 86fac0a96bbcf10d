/**
 * `isPwned(password)` for login and registration flows, against a local index or any range API
 * (ours or a Pwned Passwords-compatible one).
 *
 * The remote source sends only the 5-hex prefix, asks for padding and ignores count-0 rows, as HIBP
 * asks clients to. Nothing here logs or returns the password or its full hash.
 */
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

export interface HttpSourceOptions {
  /** Base URL the prefix is appended to, e.g. `http://127.0.0.1:8787/range/`. */
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
  return {
    mode,
    async countOf(hash) {
      const hex = toHexUpper(hash);
      const url = `${opts.url}${formatPrefix(prefixOf(hash))}${mode === 'ntlm' ? '?mode=ntlm' : ''}`;
      const res = await doFetch(url, { headers: opts.padding === false ? {} : { 'Add-Padding': 'true' } });
      if (res.status !== 200) throw new Error(`range API answered HTTP ${res.status}`);
      return countInRange(await res.text(), hex.slice(hex.length - SUFFIX_HEX[mode]));
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
