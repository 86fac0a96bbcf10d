/**
 * A password policy in the spirit of NIST SP 800-63B revision 4 (2025), §3.1.1.2 "Password Verifiers":
 * - minimum 15 characters when the password is the only factor, 8 when it is used with MFA
 *   ("SHALL require passwords that are used as a single-factor authentication mechanism to be a
 *   minimum of 15 characters … MAY allow passwords that are only used as part of multi-factor
 *   authentication processes to be shorter but SHALL require them to be a minimum of eight");
 * - a maximum of at least 64 characters (SHOULD permit ≥ 64), never truncating;
 * - no composition rules (SHALL NOT impose them), so none are offered here;
 * - compare against a blocklist of breached, commonly used and expected values, including
 *   context-specific words such as the service name and the username;
 * - Unicode is normalised with NFKC and each code point counts as one character.
 * Our context check matches a context word anywhere inside the password (words of 4+ characters),
 * which is stricter than a whole-password blocklist match; the docs say so.
 *
 * Returns every problem at once (so a form can show them together) and never the password itself.
 */
import { LockstepError } from '../../core/errors.js';
import type { BreachSource } from './pwned.js';
import { isPwned } from './pwned.js';

export type PolicyProblemCode = 'too-short' | 'too-long' | 'breached' | 'common' | 'context' | 'sequence';

export interface PolicyProblem {
  readonly code: PolicyProblemCode;
  readonly message: string;
}

export interface PolicyOptions {
  /** The password is one factor of MFA (minimum 8 instead of 15). */
  readonly mfa?: boolean;
  /** Override the minimum (never below 8). */
  readonly minLength?: number;
  /** Maximum accepted length, ≥ 64 (default 64). */
  readonly maxLength?: number;
  /** Service name, username, e-mail and similar words the password must not contain. */
  readonly context?: readonly string[];
  /** Commonly used values to refuse, compared case-insensitively after NFKC. */
  readonly blocklist?: ReadonlySet<string>;
  /** Breach corpus to check against (local index or range API). */
  readonly breaches?: BreachSource;
}

export interface PolicyResult {
  readonly ok: boolean;
  readonly problems: readonly PolicyProblem[];
  /** Length in code points after NFKC. */
  readonly length: number;
  /** Breach count (0 when not found or no source was given). */
  readonly breachCount: number;
  /** The NFKC form to hash and store (the caller's secret; never logged here). */
  readonly normalized: string;
}

const MIN_CONTEXT_WORD = 4;

/** Context words: each given value and its parts (split on non-alphanumerics, e.g. an e-mail). */
export function contextWords(values: readonly string[]): string[] {
  const words = new Set<string>();
  for (const v of values) {
    const n = v.normalize('NFKC').toLowerCase().trim();
    if (Array.from(n).length >= MIN_CONTEXT_WORD) words.add(n);
    for (const part of n.split(/[^\p{L}\p{N}]+/u))
      if (Array.from(part).length >= MIN_CONTEXT_WORD) words.add(part);
  }
  return Array.from(words);
}

/** True for one repeated character or a run of consecutive code points up or down ("abcd", "4321"). */
export function isTrivialSequence(text: string): boolean {
  const cps = Array.from(text).map((c) => c.codePointAt(0)!);
  if (cps.length < 2) return true;
  const step = cps[1]! - cps[0]!;
  if (Math.abs(step) > 1) return false;
  for (let i = 2; i < cps.length; i++) if (cps[i]! - cps[i - 1]! !== step) return false;
  return true;
}

export async function checkPassword(password: string, opts: PolicyOptions = {}): Promise<PolicyResult> {
  const maxLength = opts.maxLength ?? 64;
  if (maxLength < 64)
    throw new LockstepError('ERR_USAGE', `maxLength must be at least 64 (SP 800-63B), got ${maxLength}`);
  const minLength = opts.minLength ?? (opts.mfa ? 8 : 15);
  if (minLength < 8)
    throw new LockstepError('ERR_USAGE', `minLength must be at least 8 (SP 800-63B), got ${minLength}`);

  const normalized = password.normalize('NFKC');
  const length = Array.from(normalized).length;
  const lower = normalized.toLowerCase();
  const problems: PolicyProblem[] = [];

  if (length < minLength) {
    problems.push({
      code: 'too-short',
      message: `at least ${minLength} characters are required (has ${length})`,
    });
  }
  if (length > maxLength) {
    problems.push({
      code: 'too-long',
      message: `at most ${maxLength} characters are accepted (has ${length})`,
    });
  }
  if (opts.blocklist?.has(lower) || opts.blocklist?.has(normalized)) {
    problems.push({ code: 'common', message: 'this is a commonly used password' });
  }
  if (length > 0 && isTrivialSequence(normalized)) {
    problems.push({
      code: 'sequence',
      message: 'a repeated character or a simple sequence is too easy to guess',
    });
  }
  const hits = contextWords(opts.context ?? []).filter((w) => lower.includes(w));
  if (hits.length > 0) {
    problems.push({
      code: 'context',
      message: 'contains the service name, the username or a word derived from them',
    });
  }
  let breachCount = 0;
  if (opts.breaches && length > 0) {
    breachCount = (await isPwned(normalized, opts.breaches)).count;
    if (normalized !== password)
      breachCount = Math.max(breachCount, (await isPwned(password, opts.breaches)).count);
    if (breachCount > 0) {
      problems.push({ code: 'breached', message: `appears in known data breaches (${breachCount} times)` });
    }
  }
  return { ok: problems.length === 0, problems, length, breachCount, normalized };
}
