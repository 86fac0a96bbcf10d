/**
 * Keyed account identifiers for privacy-preserving matching inside a trust group.
 *
 * Every member holds the group key K (≥ 32 random bytes, shared out of band). An account is shared
 * as HMAC-SHA256(K, canonical(platform, field, value)) (RFC 2104): a partner holding K computes the
 * same value for its own accounts and looks it up, so hits match and nothing is learnt about accounts
 * the partner does not already know — a non-member cannot test guesses (without K, the value is a
 * PRF output), and a member learns only whether accounts *it* has are in the indicator set. Members
 * can still test guesses of their own (that is what matching is); the key is a group secret, not a
 * protection between members. Rotating K (new key id) cuts off a member who left.
 *
 * Canonical form (version 1), JSON text of ["lockstep-account-v1", platform, field, value]:
 * - platform: NFC, trimmed, lower case (STIX account-type-ov spelling, e.g. "twitter");
 * - field: "user_id" (stable id, case kept: some platforms' ids are case-sensitive) or
 *   "account_login" (handle: NFC, trimmed, lower case, leading "@" dropped — handles are
 *   case-insensitive where Lockstep reads them).
 * JSON text makes the encoding injective (no separator can be forged inside a value).
 *
 * Lookups compare HMAC outputs through a hash map, not with a constant-time compare: the partner who
 * sends the values learns the result (a sighting or not) anyway, and the values are MACs under a key
 * it holds, so timing reveals nothing beyond the intended answer. Cost: one HMAC per local account and
 * field (~1 µs each), one map lookup per indicator.
 */
import { createHash, createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { LockstepError } from '../../core/errors.js';

export const KEYED_PROPERTY = 'x_lockstep_keyed_account';
export const KEYED_ALGORITHM = 'HMAC-SHA256';
export const MIN_KEY_BYTES = 32;

export type AccountField = 'user_id' | 'account_login';

export interface GroupKey {
  /** The key bytes; never logged, never in messages. */
  readonly bytes: Buffer;
  /** Public fingerprint: first 16 hex digits of SHA-256("lockstep-key-id" ‖ K). */
  readonly id: string;
}

export function canonicalAccount(platform: string, field: AccountField, value: string): string {
  const p = platform.normalize('NFC').trim().toLowerCase();
  let v = value.normalize('NFC').trim();
  if (field === 'account_login') v = v.replace(/^@/, '').toLowerCase();
  return JSON.stringify(['lockstep-account-v1', p, field, v]);
}

export function keyedValue(key: GroupKey, platform: string, field: AccountField, value: string): string {
  return createHmac('sha256', key.bytes)
    .update(canonicalAccount(platform, field, value), 'utf8')
    .digest('hex');
}

/**
 * A key from text: 64+ hex digits, or base64 / base64url of 32+ bytes. Raw text is refused, since a
 * memorable passphrase would let anyone who guesses it test accounts.
 */
export function parseGroupKey(text: string, source: string): GroupKey {
  const t = text.trim();
  let bytes: Buffer | undefined;
  if (/^[0-9a-fA-F]+$/.test(t) && t.length % 2 === 0) bytes = Buffer.from(t, 'hex');
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(t))
    bytes = Buffer.from(t, t.includes('-') || t.includes('_') ? 'base64url' : 'base64');
  if (!bytes || bytes.length < MIN_KEY_BYTES)
    throw new LockstepError(
      'ERR_MATCH_KEY',
      `the group key from ${source} must be at least ${MIN_KEY_BYTES} random bytes, written as hex or base64 (e.g. \`openssl rand -hex 32\`)`,
      { source },
    );
  const id = createHash('sha256').update('lockstep-key-id').update(bytes).digest('hex').slice(0, 16);
  return { bytes, id };
}

/** Reads the key from a file, else from the named environment variable (default LOCKSTEP_GROUP_KEY). */
export async function loadGroupKey(
  file: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  variable = 'LOCKSTEP_GROUP_KEY',
): Promise<GroupKey> {
  if (file !== undefined) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw new LockstepError(
        'ERR_MATCH_KEY',
        `cannot read the group key file ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
        { file },
        { cause: e },
      );
    }
    return parseGroupKey(text, file);
  }
  const v = env[variable];
  if (v === undefined || v.trim() === '')
    throw new LockstepError('ERR_MATCH_KEY', `no group key: give --key-file FILE or set ${variable}`);
  return parseGroupKey(v, `$${variable}`);
}
