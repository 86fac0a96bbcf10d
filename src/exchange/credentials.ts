/**
 * Passwords and API keys. Passwords: scrypt (node:crypto) with a 16-byte per-user salt, stored as
 * `scrypt$N$r$p$salt$hash` so parameters can grow without breaking old hashes. API keys look like
 * `lsk_<id>_<secret>`: the id finds the row, the SHA-256 of the secret is stored (a 256-bit random
 * secret needs no slow hash) and compared with `timingSafeEqual`. Nothing here ever logs a secret.
 */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import type { ScryptOptions } from 'node:crypto';

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(password, salt, keylen, opts, (err, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
}

/** N = 2^14, r = 8, p = 1: OWASP's scrypt floor, 16 MiB per hash, ~50 ms on one core. */
const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

export async function hashPassword(password: string, salt: Buffer = randomBytes(16)): Promise<string> {
  const key = await scrypt(password, salt, KEYLEN, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![n, r, p].every((x) => Number.isInteger(x) && x > 0) || n > 1 << 20) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (expected.length === 0) return false;
  const key = await scrypt(password, salt, expected.length, {
    N: n,
    r,
    p,
    maxmem: 256 * 1024 * 1024,
  });
  return timingSafeEqual(key, expected);
}

export interface NewApiKey {
  /** The full key to hand to the user once; never stored. */
  key: string;
  id: string;
  secretHash: string;
}

const KEY_FORMAT = /^lsk_([a-f0-9]{16})_([A-Za-z0-9_-]{43})$/;

export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function newApiKey(): NewApiKey {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `lsk_${id}_${secret}`, id, secretHash: secretHash(secret) };
}

/** Splits a presented key into id and secret; undefined when it is not shaped like a Lockstep key. */
export function parseApiKey(key: string): { id: string; secret: string } | undefined {
  const m = KEY_FORMAT.exec(key);
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

/** Constant-time comparison of a presented secret with a stored hex SHA-256. */
export function secretMatches(secret: string, storedHex: string): boolean {
  const a = Buffer.from(secretHash(secret), 'hex');
  const b = Buffer.from(storedHex, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
