/**
 * Browser sessions of the workspace. Logging in checks the same scrypt users as TAXII (the exchange's
 * Authenticator.login); the session cookie carries a 256-bit random secret of which the store keeps
 * only the SHA-256 (as for API keys: a stolen database opens no session). Each session has its own
 * CSRF token (synchronizer-token pattern, OWASP CSRF cheat sheet): state-changing requests must echo
 * it in `X-CSRF-Token`, compared in constant time.
 *
 * Revocation is immediate: every request re-reads the user, and a session whose user was removed or
 * moved to another org is refused (and deleted). Sessions expire after {@link SESSION_TTL_MS}.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { secretHash } from '../exchange/credentials.js';
import type { Principal } from '../exchange/access.js';
import type { Store } from '../store/store.js';

export const SESSION_COOKIE = 'lockstep_session';
export const SESSION_TTL_MS = 8 * 3600 * 1000;
/** A cookie value is 43 base64url characters (32 random bytes); anything else is not looked up. */
const COOKIE_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export interface ActiveSession {
  who: Principal;
  csrf: string;
  idHash: string;
}

export class Sessions {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts a session for an authenticated principal; returns the cookie value and the CSRF token. */
  async start(who: Principal): Promise<{ cookie: string; csrf: string }> {
    const cookie = randomBytes(32).toString('base64url');
    const csrf = randomBytes(32).toString('base64url');
    const t = this.now();
    await this.store.putSession({
      idHash: secretHash(cookie),
      username: who.username,
      org: who.org,
      csrf,
      createdAt: new Date(t).toISOString(),
      expiresAt: new Date(t + SESSION_TTL_MS).toISOString(),
    });
    return { cookie, csrf };
  }

  /** The live session a cookie value names, or undefined (unknown, expired, user gone or moved). */
  async resolve(cookie: string | undefined): Promise<ActiveSession | undefined> {
    if (cookie === undefined || !COOKIE_FORMAT.test(cookie)) return undefined;
    const idHash = secretHash(cookie);
    const s = await this.store.getSession(idHash);
    if (!s) return undefined;
    const nowIso = new Date(this.now()).toISOString();
    const user = await this.store.getUser(s.username);
    if (s.expiresAt <= nowIso || user?.org !== s.org) {
      await this.store.deleteSession(idHash, nowIso);
      return undefined;
    }
    return { who: { username: s.username, org: s.org }, csrf: s.csrf, idHash };
  }

  async end(session: ActiveSession): Promise<void> {
    await this.store.deleteSession(session.idHash, new Date(this.now()).toISOString());
  }
}

/** Constant-time check of a presented CSRF token against the session's. */
export function csrfMatches(presented: unknown, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
