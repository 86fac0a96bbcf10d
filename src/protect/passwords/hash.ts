/**
 * The two hash modes of the Pwned Passwords corpus and their hex/binary forms.
 *
 * - `sha1`: SHA-1 of the UTF-8 bytes (40 hex, 20 bytes; range suffix 35 hex).
 * - `ntlm`: MD4 of the UTF-16LE code units (32 hex, 16 bytes; range suffix 27 hex), the Windows NT hash.
 *   OpenSSL 3 dropped MD4 from its default provider, so `node:crypto` cannot compute it; hash-wasm's
 *   WebAssembly MD4 does (checked against the RFC 1320 vectors and known NT hashes in hash.test.ts).
 *
 * The password is hashed exactly as given (the corpus is built from raw breach strings, not normalised
 * ones); `policy.ts` decides whether to check a normalised form as well.
 */
import { createHash } from 'node:crypto';
import type { IHasher } from 'hash-wasm';

export type HashMode = 'sha1' | 'ntlm';

export const HASH_BYTES: Readonly<Record<HashMode, number>> = { sha1: 20, ntlm: 16 };
export const HASH_HEX: Readonly<Record<HashMode, number>> = { sha1: 40, ntlm: 32 };
/** Length of the suffix a range row carries: the full hex hash minus the 5-character prefix. */
export const SUFFIX_HEX: Readonly<Record<HashMode, number>> = { sha1: 35, ntlm: 27 };

export const PREFIX_HEX = 5;
/** 16^5 prefixes, 00000 … FFFFF. */
export const PREFIX_COUNT = 1 << 20;

let md4: IHasher | undefined;

/**
 * Loads the WebAssembly MD4 once; call before the synchronous `hashPassword(…, 'ntlm')`. hash-wasm is
 * imported here, not at the top, so SHA-1 users (`passwords check`) do not pay its ~70 ms load.
 */
export async function initNtlm(): Promise<void> {
  md4 ??= await (await import('hash-wasm')).createMD4();
}

/** SHA-1 (UTF-8) or NT hash (MD4 of UTF-16LE) of a password, as 20 or 16 raw bytes. */
export function hashPassword(password: string | Uint8Array, mode: HashMode): Buffer {
  if (mode === 'sha1') return createHash('sha1').update(password).digest();
  if (!md4) throw new Error('hashPassword(ntlm): call `await initNtlm()` first');
  const text = typeof password === 'string' ? password : Buffer.from(password).toString('utf8');
  md4.init();
  md4.update(Buffer.from(text, 'utf16le'));
  return Buffer.from(md4.digest('binary'));
}

/** Async convenience that loads MD4 when needed. */
export async function hashPasswordAsync(password: string, mode: HashMode): Promise<Buffer> {
  if (mode === 'ntlm') await initNtlm();
  return hashPassword(password, mode);
}

export function toHexUpper(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase();
}

/** The 20-bit prefix number (0 … 0xFFFFF) of a binary hash. */
export function prefixOf(hash: Uint8Array): number {
  return (hash[0]! << 12) | (hash[1]! << 4) | (hash[2]! >> 4);
}

const PREFIX_RE = /^[0-9A-Fa-f]{5}$/;

/** Parses a 5-hex prefix (any case) to its number, or returns -1. */
export function parsePrefix(text: string): number {
  return PREFIX_RE.test(text) ? parseInt(text, 16) : -1;
}

export function formatPrefix(prefix: number): string {
  return prefix.toString(16).toUpperCase().padStart(PREFIX_HEX, '0');
}
