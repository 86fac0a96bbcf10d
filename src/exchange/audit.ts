/**
 * The audit trail of the TAXII server: every write, every denied request and every admin change, kept
 * in the store (`audit_log`) and read with `lockstep taxii-admin audit`. Request records are buffered
 * and written in one batch per second (or per 500 records), so a burst of refused requests costs one
 * INSERT rather than one per request; `flush` runs on server close. Administrative changes are written
 * at once by `record(…, { now: true })`. A failing write is counted and reported by the next batch as
 * an `audit-dropped` record; at most 10,000 records wait, beyond that they are counted as dropped too.
 */
import { userInfo } from 'node:os';
import type { AuditEntry, Store } from '../store/store.js';

const MAX_PENDING = 10_000;
const BATCH = 500;

const UNFIT_TEXT =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u001f\u007f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text fit for any store and any log line: control characters and lone surrogates become U+FFFD. */
export function cleanText(s: string, max = 512): string {
  return s.slice(0, max).replace(UNFIT_TEXT, '\uFFFD');
}

/** Who runs `taxii-admin`: the operating-system account, since the CLI has no login of its own. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}

export class AuditTrail {
  #pending: AuditEntry[] = [];
  #dropped = 0;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(
    readonly store: Store,
    private readonly flushMs = 1000,
  ) {}

  record(e: AuditEntry): void {
    if (this.#pending.length >= MAX_PENDING) {
      this.#dropped++;
      return;
    }
    this.#pending.push(e);
    if (this.#pending.length >= BATCH) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), this.flushMs).unref();
  }

  /** Writes what is pending; resolves when it (and any earlier batch) is in the store. */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#pending.splice(0);
    if (this.#dropped > 0) {
      batch.push({
        at: new Date().toISOString(),
        actor: null,
        org: null,
        action: 'audit-dropped',
        outcome: 'failed',
        detail: { records: this.#dropped },
      });
      this.#dropped = 0;
    }
    this.#writing = this.#writing.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.store.appendAudit(batch);
      } catch {
        this.#dropped += batch.length;
      }
    });
    return this.#writing;
  }
}
