/**
 * The TAXII client's HTTP layer: one `request` over Node's `fetch` that adds authentication (Basic,
 * `Token` as the OASIS taxii2-client sends it, or `Bearer`), the TAXII 2.1 Accept/Content-Type, a
 * per-attempt timeout, and bounded retries with exponential backoff on 429 and transient 5xx answers
 * and on network failures, honouring `Retry-After` (RFC 9110 §10.2.3) up to a cap.
 *
 * Every failure becomes a LockstepError from the exchange section of the catalog, naming the URL
 * (without query string or user info) and, for an error answer, the remote TAXII error body's title
 * and description. Credentials never appear in messages or details.
 *
 * Backoff is deterministic (base × 2^attempt, capped), without random jitter: one CLI process talks to
 * a partner at a time, so there is no herd to spread, and runs stay reproducible.
 *
 * @example
 * const http = new TaxiiHttp({ auth: { kind: 'basic', user: 'alice', password } });
 * const res = await http.request({ url: 'https://taxii.example/taxii2/' });
 */
import { LockstepError } from '../../core/errors.js';
import type { ErrorCode } from '../../core/errors.js';

export const TAXII_MEDIA = 'application/taxii+json;version=2.1';

export type TaxiiAuth =
  | { kind: 'none' }
  | { kind: 'basic'; user: string; password: string }
  | { kind: 'token'; token: string; scheme?: 'Token' | 'Bearer' };

export interface HttpOptions {
  auth?: TaxiiAuth;
  /** Per attempt, milliseconds (default 30 000). */
  timeoutMs?: number;
  /** Retries after the first attempt on 429/5xx/network failure (default 4). */
  retries?: number;
  /** First backoff delay, doubled per retry (default 500 ms). */
  backoffMs?: number;
  /** Cap for one delay, including a server's Retry-After (default 30 000 ms). */
  maxBackoffMs?: number;
  userAgent?: string;
  /** Injected in tests. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  query?: Readonly<Record<string, string | undefined>>;
  /** JSON body (sent as TAXII 2.1). */
  body?: unknown;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty body (DELETE). */
  body: unknown;
  url: string;
}

/** 408 and 425 are retryable by RFC 9110 too; 501 and 505 never get better by waiting. */
const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

/** The URL as it may appear in a message: no user info, no query (filters may carry ids). */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

export function authHeader(auth: TaxiiAuth | undefined): string | undefined {
  if (!auth || auth.kind === 'none') return undefined;
  if (auth.kind === 'basic')
    return `Basic ${Buffer.from(`${auth.user}:${auth.password}`, 'utf8').toString('base64')}`;
  return `${auth.scheme ?? 'Token'} ${auth.token}`;
}

/** Seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

function isTaxiiJson(contentType: string | null): boolean {
  if (contentType === null) return false;
  const [type, ...params] = contentType.split(';').map((s) => s.trim().toLowerCase());
  if (type !== 'application/taxii+json') return false;
  const version = params
    .find((p) => p.startsWith('version='))
    ?.slice(8)
    .replace(/"/g, '');
  return version === undefined || version === '2.1';
}

function remoteErrorCode(status: number): ErrorCode {
  if (status === 401) return 'ERR_TAXII_UNAUTHORIZED';
  if (status === 403) return 'ERR_TAXII_FORBIDDEN';
  if (status === 404) return 'ERR_TAXII_NOT_FOUND';
  return 'ERR_TAXII_REMOTE_ERROR';
}

function describeRemoteError(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const b = body as Record<string, unknown>;
  const parts = [b.title, b.description].filter((x): x is string => typeof x === 'string');
  return parts.length ? `: ${parts.join(' — ').slice(0, 500)}` : '';
}

const defaultSleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

export class TaxiiHttp {
  readonly #auth: string | undefined;
  readonly #opts: Required<Omit<HttpOptions, 'auth'>>;
  /** Requests sent, retries included (for reports and tests). */
  sent = 0;

  constructor(opts: HttpOptions = {}) {
    this.#auth = authHeader(opts.auth);
    this.#opts = {
      timeoutMs: opts.timeoutMs ?? 30_000,
      retries: opts.retries ?? 4,
      backoffMs: opts.backoffMs ?? 500,
      maxBackoffMs: opts.maxBackoffMs ?? 30_000,
      userAgent: opts.userAgent ?? 'lockstep-taxii-client',
      fetch: opts.fetch ?? globalThis.fetch,
      sleep: opts.sleep ?? defaultSleep,
    };
  }

  /** Sends one request; answers 2xx with TAXII JSON, or throws a coded LockstepError. */
  async request(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.url);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const method = req.method ?? 'GET';
    const headers: Record<string, string> = { accept: TAXII_MEDIA, 'user-agent': this.#opts.userAgent };
    if (this.#auth) headers.authorization = this.#auth;
    let payload: string | undefined;
    if (req.body !== undefined) {
      headers['content-type'] = TAXII_MEDIA;
      payload = JSON.stringify(req.body);
    }
    const shown = displayUrl(url.toString());
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= this.#opts.retries;
      const delay = Math.min(this.#opts.backoffMs * 2 ** attempt, this.#opts.maxBackoffMs);
      let res: Response;
      this.sent++;
      try {
        res = await this.#opts.fetch(url, {
          method,
          headers,
          ...(payload !== undefined ? { body: payload } : {}),
          signal: AbortSignal.timeout(this.#opts.timeoutMs),
          redirect: 'follow',
        });
      } catch (e) {
        if (!last) {
          await this.#opts.sleep(delay);
          continue;
        }
        const why =
          (e as Error).name === 'TimeoutError'
            ? `no answer within ${this.#opts.timeoutMs} ms`
            : (e as Error).message;
        throw new LockstepError(
          'ERR_TAXII_REMOTE_UNREACHABLE',
          `${method} ${shown}: ${why} (after ${attempt + 1} attempts)`,
          { url: shown, attempts: attempt + 1 },
          { cause: e },
        );
      }
      if (RETRYABLE.has(res.status) && !last) {
        await res.body?.cancel();
        const after = retryAfterMs(res.headers.get('retry-after'));
        await this.#opts.sleep(Math.min(after ?? delay, this.#opts.maxBackoffMs));
        continue;
      }
      return this.#finish(method, shown, res, attempt + 1);
    }
  }

  async #finish(method: string, shown: string, res: Response, attempts: number): Promise<HttpResponse> {
    const text = await res.text();
    let body: unknown;
    let parsed = true;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        parsed = false;
      }
    }
    if (res.status >= 400) {
      const code = remoteErrorCode(res.status);
      throw new LockstepError(
        code,
        `${method} ${shown}: remote answered ${res.status}${describeRemoteError(body)}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}`,
        { url: shown, status: res.status, ...(parsed && body !== undefined ? { remote: body } : {}) },
      );
    }
    if (!parsed)
      throw new LockstepError('ERR_TAXII_REMOTE_BAD_RESPONSE', `${method} ${shown}: the answer is not JSON`, {
        url: shown,
        status: res.status,
      });
    if (body !== undefined && !isTaxiiJson(res.headers.get('content-type')))
      throw new LockstepError(
        'ERR_TAXII_REMOTE_BAD_RESPONSE',
        `${method} ${shown}: expected ${TAXII_MEDIA}, got ${res.headers.get('content-type') ?? 'no Content-Type'}`,
        { url: shown, status: res.status },
      );
    return { status: res.status, headers: res.headers, body, url: res.url || shown };
  }
}
