/**
 * Alerts to a webhook: each alert is POSTed as JSON, signed, in order, with retries — without holding
 * up the monitor's loop (a queue drained by one sender; `close` waits for it up to a deadline).
 *
 * Signature (the scheme of Stripe's webhooks, "Check the webhook signatures", and of the Standard
 * Webhooks specification): header `Lockstep-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` over
 * `<t>.<body>`, keyed by the shared secret. The timestamp inside the signed text lets a receiver refuse
 * replays older than a tolerance; `Lockstep-Delivery` (the same on every retry of one alert) lets it
 * drop repeats. `verifyWebhookSignature` is the receiver's side, with a constant-time compare.
 *
 * Retries: network failures, timeouts, 408/425/429/5xx, up to `retries` times, with capped
 * exponential backoff and full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter", 2015)
 * or the server's Retry-After when longer (capped too). Other 4xx answers are not retried: the
 * receiver refused this alert (a wrong secret, a bad URL) and asking again will not change that.
 * An alert that could not be delivered is kept in DIR/webhook-failed.ndjson (out-dir.ts) and counted.
 *
 * Nothing here logs the secret, the signature or the URL's user info or query (tokens live there):
 * state lines name the URL by `displayUrl`.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { LockstepError } from '../core/errors.js';
import { displayUrl, retryAfterMs } from '../exchange/client/http.js';

export const SIGNATURE_HEADER = 'lockstep-signature';
export const DELIVERY_HEADER = 'lockstep-delivery';
/** A shorter secret is refused: 16 bytes is the least HMAC-SHA256 keys should have (RFC 2104 §3). */
export const MIN_SECRET_LENGTH = 16;
export const DEFAULT_TOLERANCE_SECONDS = 300;

const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

export interface WebhookOptions {
  url: string;
  secret: string;
  /** Retries after the first attempt (default 5). */
  retries?: number;
  backoff?: { initialMs: number; maxMs: number };
  /** Per attempt (default 10 000 ms). */
  timeoutMs?: number;
  /** Where undeliverable alerts go (the monitor writes them to DIR/webhook-failed.ndjson). */
  onFailed?: (body: string, reason: string) => void;
  /** State lines for the status output: never the secret or the URL's query. */
  onState?: (line: string) => void;
  /** Injected in tests. */
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** `t=…,v1=…` for `body` signed at unix second `t`. */
export function signWebhook(secret: string, t: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${mac}`;
}

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: string };

/**
 * The receiver's check: the header parses, its timestamp is within `toleranceSeconds` of now, and one
 * of its v1 signatures equals the HMAC of `<t>.<body>` (compared in constant time). `body` must be the
 * raw request body, byte for byte, not a re-serialised parse of it.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  body: string,
  options: { toleranceSeconds?: number; now?: number } = {},
): VerifyResult {
  if (header === undefined || header === '') return { ok: false, reason: 'no signature header' };
  let t: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    const k = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (k === 't' && /^\d{1,12}$/.test(v)) t = Number(v);
    else if (k === 'v1' && /^[0-9a-f]{64}$/.test(v)) signatures.push(v);
  }
  if (t === undefined) return { ok: false, reason: 'signature header has no t=<unix seconds>' };
  if (signatures.length === 0) return { ok: false, reason: 'signature header has no v1=<64 hex digits>' };
  const now = options.now ?? Date.now() / 1000;
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(now - t) > tolerance)
    return { ok: false, reason: `timestamp is ${Math.round(now - t)} s from now (tolerance ${tolerance} s)` };
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  // Every candidate is compared (no early exit on a match), each in constant time.
  let match = false;
  for (const s of signatures) if (timingSafeEqual(expected, Buffer.from(s, 'hex'))) match = true;
  return match ? { ok: true, timestamp: t } : { ok: false, reason: 'signature does not match' };
}

export class Webhook {
  private readonly queue: { body: string; delivery: string }[] = [];
  private running: Promise<void> | undefined;
  private readonly abort = new AbortController();
  readonly stats = { delivered: 0, failed: 0, retries: 0, pending: 0 };
  private readonly where: string;

  constructor(private readonly o: WebhookOptions) {
    let url: URL;
    try {
      url = new URL(o.url);
    } catch {
      throw new LockstepError('ERR_USAGE', 'the webhook URL is not a URL', { option: '--webhook' });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new LockstepError('ERR_USAGE', `the webhook URL must be http(s), got ${url.protocol}`, {
        option: '--webhook',
      });
    if (o.secret.length < MIN_SECRET_LENGTH)
      throw new LockstepError(
        'ERR_USAGE',
        `the webhook secret must have at least ${MIN_SECRET_LENGTH} characters`,
        { option: '--webhook-secret-env' },
      );
    this.where = displayUrl(o.url);
  }

  /** Queues one alert; returns at once. */
  send(alert: unknown): void {
    this.queue.push({ body: JSON.stringify(alert), delivery: randomUUID() });
    this.stats.pending = this.queue.length;
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
  }

  /** Waits for the queue to empty, at most `deadlineMs`; what is left then is kept as failed. */
  async close(deadlineMs = 10_000): Promise<void> {
    if (this.running) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((r) => {
        timer = setTimeout(r, deadlineMs);
      });
      await Promise.race([this.running, deadline]);
      clearTimeout(timer);
    }
    this.abort.abort();
    await this.running;
    for (const item of this.queue.splice(0)) this.fail(item.body, 'the monitor stopped before delivery');
    this.stats.pending = 0;
  }

  /** A method, not a property read: the loop's narrowing must not assume it stays false across awaits. */
  private closed(): boolean {
    return this.abort.signal.aborted;
  }

  private fail(body: string, reason: string): void {
    this.stats.failed++;
    this.o.onState?.(`webhook ${this.where}: alert not delivered (${reason})`);
    this.o.onFailed?.(body, reason);
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.closed()) {
      const item = this.queue[0]!;
      const error = await this.deliver(item.body, item.delivery);
      if (this.closed() && error !== undefined) return; // close() keeps it as failed
      this.queue.shift();
      this.stats.pending = this.queue.length;
      if (error === undefined) this.stats.delivered++;
      else this.fail(item.body, error);
    }
  }

  /** One alert with its retries; undefined when delivered, else why not. */
  private async deliver(body: string, delivery: string): Promise<string | undefined> {
    const doFetch = this.o.fetch ?? fetch;
    const now = this.o.now ?? Date.now;
    const random = this.o.random ?? Math.random;
    const { initialMs, maxMs } = this.o.backoff ?? { initialMs: 500, maxMs: 30_000 };
    const retries = this.o.retries ?? 5;
    let last = '';
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) {
        this.stats.retries++;
        const jitter = Math.round(random() * Math.min(maxMs, initialMs * 2 ** (attempt - 1)));
        const after = /^HTTP 429|^HTTP 503/.test(last) ? this.retryAfter : undefined;
        const delay = Math.min(maxMs, Math.max(jitter, after ?? 0));
        this.o.onState?.(
          `webhook ${this.where}: ${last}; retry ${attempt} in ${(delay / 1000).toFixed(1)} s`,
        );
        await (this.o.sleep ?? this.sleepUnlessClosed)(delay);
        if (this.abort.signal.aborted) return 'the monitor stopped';
      }
      const t = Math.floor(now() / 1000);
      try {
        const res = await doFetch(this.o.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [SIGNATURE_HEADER]: signWebhook(this.o.secret, t, body),
            [DELIVERY_HEADER]: delivery,
          },
          body,
          signal: AbortSignal.any([AbortSignal.timeout(this.o.timeoutMs ?? 10_000), this.abort.signal]),
          redirect: 'error',
        });
        // The answer's body is not read past this point: drop it so the connection is reused.
        await res.body?.cancel().catch(() => undefined);
        if (res.ok) return undefined;
        last = `HTTP ${res.status}`;
        this.retryAfter = retryAfterMs(res.headers.get('retry-after'));
        if (!RETRYABLE.has(res.status)) return `${last}, not retried`;
      } catch (e) {
        last = e instanceof Error && e.name === 'TimeoutError' ? 'timed out' : 'connection failed';
      }
    }
    return `${last} after ${retries} retries`;
  }

  private retryAfter: number | undefined;

  private readonly sleepUnlessClosed = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      const signal = this.abort.signal;
      signal.addEventListener('abort', done, { once: true });
      function done(): void {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        resolve();
      }
    });
}
