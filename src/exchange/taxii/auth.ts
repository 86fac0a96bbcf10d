/**
 * Authentication of TAXII requests: HTTP Basic (user:password, scrypt-verified), and API keys sent as
 * `Authorization: Token <key>` (how the OASIS taxii2-client sends them) or `Bearer <key>`. Successful
 * Basic logins are cached for a minute under a SHA-256 of the header, so paging through a collection
 * does not pay one scrypt per page; failures are never cached. Unknown users still cost one scrypt,
 * so response time does not reveal which usernames exist.
 *
 * Concurrent requests with the same header share one verification (single flight): when the cached
 * entry expires under load, every in-flight request would otherwise start its own scrypt (16 MiB,
 * ~50 ms of a libuv pool thread each) — 200 clients queued 200 scrypts on a 2-core machine and pushed
 * requests past a 30 s client timeout (bench/exchange-load.ts; docs/EXCHANGE.md, Benchmarks).
 *
 * Revocation takes effect on the next request: a cache hit still reads the user's row (one primary-key
 * look-up) and is honoured only while the user exists with the same org and password hash, so
 * `taxii-admin remove-user`, a changed password or a restart with a new configuration end a cached
 * login at once. API keys are read from the store on every request and refused (like unknown ones)
 * once past their expiry; their last use is written at most once a minute per key.
 *
 * Credentials that no stored name can contain (a NUL byte; what PostgreSQL text rejects) are refused
 * before any look-up, so both stores answer 401 alike.
 */
import { createHash } from 'node:crypto';
import type { Store, UserRecord } from '../../store/store.js';
import type { Principal } from '../access.js';
import { hashPassword, parseApiKey, secretMatches, verifyPassword } from '../credentials.js';
import { isCleanText } from './clean-input.js';

const TTL_MS = 60_000;
const TOUCH_MS = 60_000;
const MAX_ENTRIES = 1000;

let dummyHash: Promise<string> | undefined;

export class Authenticator {
  #cache = new Map<string, { who: Principal; hash: string; until: number }>();
  #touched = new Map<string, number>();
  #inFlight = new Map<string, Promise<Principal | undefined>>();
  constructor(readonly store: Store) {}

  /** The caller, or undefined when the header is missing, malformed or wrong. */
  async authenticate(header: string | undefined): Promise<Principal | undefined> {
    if (header === undefined || header.length > 4096) return undefined;
    const sp = header.indexOf(' ');
    if (sp <= 0) return undefined;
    const scheme = header.slice(0, sp).toLowerCase();
    const value = header.slice(sp + 1).trim();
    if (scheme === 'basic') return this.#basic(header, value);
    if (scheme === 'token' || scheme === 'bearer') return this.#key(value);
    return undefined;
  }

  async #key(value: string): Promise<Principal | undefined> {
    const parsed = parseApiKey(value);
    if (!parsed) return undefined;
    const rec = await this.store.getApiKey(parsed.id);
    if (!rec || !secretMatches(parsed.secret, rec.secretHash)) return undefined;
    const now = Date.now();
    if (rec.expiresAt !== undefined && Date.parse(rec.expiresAt) <= now) return undefined;
    const user = await this.store.getUser(rec.username);
    if (!user) return undefined;
    if ((this.#touched.get(rec.id) ?? 0) + TOUCH_MS <= now) {
      if (this.#touched.size >= MAX_ENTRIES) this.#touched.clear();
      this.#touched.set(rec.id, now);
      await this.store.touchApiKey(rec.id, new Date(now).toISOString());
    }
    return { username: user.username, org: user.org };
  }

  async #basic(header: string, value: string): Promise<Principal | undefined> {
    const cacheKey = createHash('sha256').update(header).digest('hex');
    const hit = this.#cache.get(cacheKey);
    if (hit && hit.until > Date.now()) {
      const user = await this.store.getUser(hit.who.username);
      if (user?.passwordHash === hit.hash && user.org === hit.who.org) return hit.who;
      this.#cache.delete(cacheKey);
    }
    let pending = this.#inFlight.get(cacheKey);
    if (!pending) {
      pending = this.#verifyBasic(cacheKey, value).finally(() => this.#inFlight.delete(cacheKey));
      this.#inFlight.set(cacheKey, pending);
    }
    return pending;
  }

  /**
   * A username and password checked against the stored scrypt hash (the workspace's login form uses
   * this too, so both doors share one check). Unknown users cost one scrypt like known ones.
   */
  async login(username: string, password: string): Promise<Principal | undefined> {
    const user = await this.#checkPassword(username, password);
    return user ? { username: user.username, org: user.org } : undefined;
  }

  async #checkPassword(username: string, password: string): Promise<UserRecord | undefined> {
    if (!isCleanText(username) || !isCleanText(password)) return undefined;
    const user = await this.store.getUser(username);
    if (!user?.passwordHash) {
      dummyHash ??= hashPassword('lockstep-timing-equaliser');
      await verifyPassword(password, await dummyHash);
      return undefined;
    }
    return (await verifyPassword(password, user.passwordHash)) ? user : undefined;
  }

  async #verifyBasic(cacheKey: string, value: string): Promise<Principal | undefined> {
    let decoded: string;
    try {
      decoded = Buffer.from(value, 'base64').toString('utf8');
    } catch {
      return undefined;
    }
    const colon = decoded.indexOf(':');
    if (colon <= 0) return undefined;
    const username = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const user = await this.#checkPassword(username, password);
    if (!user?.passwordHash) return undefined;
    const who = { username: user.username, org: user.org };
    if (this.#cache.size >= MAX_ENTRIES) this.#cache.clear();
    this.#cache.set(cacheKey, { who, hash: user.passwordHash, until: Date.now() + TTL_MS });
    return who;
  }
}
