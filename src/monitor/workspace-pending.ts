/**
 * Which network alerts have their workspace case, kept in DIR/workspace-cases.json beside the map of
 * monitor network → first case. alerts.ndjson is written first (it is the record an operations team
 * tails); a case opens after. An alert the process died before (kill -9) or the store refused (down,
 * full) is *pending*: it has no case yet, and the monitor opens it later from the journal, which still
 * holds the alert's window because pruning waits for the oldest pending window (tick.ts).
 *
 * An alert is named by its network id and event time (a network alerts at most once per tick).
 * A folder first used without `--db` (or by a version that kept no alert list) has alerts that predate
 * the workspace: they are adopted as done, never opened in bulk later.
 *
 * Memory and file size: one key per network alert (alerts are rare: a few per tick at most).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { BEHAVIOURS } from '../core/behaviour.js';
import type { NetworkAlert } from './tracker.js';

/** How far back (event time) a pending alert is still opened; older ones are given up with a warning. */
export const PENDING_LIMIT_SECONDS = 24 * 3600;

const StoredAlert = z
  .object({
    kind: z.literal('network'),
    id: z.string(),
    status: z.enum(['new', 'grown']),
    members: z.array(z.string()).min(1),
    added: z.array(z.string()),
    detected_at: z.string(),
    event_time: z.iso.datetime(),
    window: z.object({ start: z.iso.datetime(), end: z.iso.datetime() }),
    behaviours: z.array(z.enum(BEHAVIOURS)),
    score: z.number(),
    p_value: z.number().nullable(),
    q_value: z.number().nullable(),
    summary: z.string(),
    top_objects: z.array(
      z.object({ behaviour: z.enum(BEHAVIOURS), object: z.string(), accounts: z.number() }),
    ),
    watched: z.array(z.object({ account: z.string(), lists: z.array(z.string()) })).optional(),
  })
  .loose();

const StateV2 = z.object({
  version: z.literal(2),
  cases: z.record(z.string(), z.string()),
  done: z.array(z.string()),
});

export const alertKey = (a: { id: string; event_time: string }): string => `${a.id}@${a.event_time}`;

/** Seconds since the epoch of an ISO time the tracker wrote. */
export const seconds = (iso: string): number => Date.parse(iso) / 1000;

export class PendingAlerts {
  /** Monitor network id → the case its first alert opened. */
  readonly caseOf: Map<string, string>;
  readonly #done: Set<string>;
  readonly #pending = new Map<string, NetworkAlert>();
  /** False when the file did not exist or kept no alert list: earlier alerts predate the workspace. */
  readonly #tracked: boolean;

  constructor(private readonly path: string) {
    const read = readState(path);
    this.caseOf = read.cases;
    this.#done = read.done ?? new Set();
    this.#tracked = read.done !== undefined;
  }

  /**
   * Every alert alerts.ndjson holds (network alerts, oldest first, as written): those without a case
   * become pending. Returns what could not be read back as an alert (their line numbers' reasons).
   */
  adopt(stored: readonly unknown[]): string[] {
    const problems: string[] = [];
    for (const [i, raw] of stored.entries()) {
      const r = StoredAlert.safeParse(raw);
      if (!r.success) {
        const issue = r.error.issues[0];
        problems.push(
          `network alert ${i + 1}: ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`,
        );
        continue;
      }
      const key = alertKey(r.data);
      if (!this.#tracked) this.#done.add(key);
      else if (!this.#done.has(key)) this.#pending.set(key, r.data);
    }
    this.save();
    return problems;
  }

  /** Alerts just written to alerts.ndjson: pending until their case opens. */
  raised(alerts: readonly NetworkAlert[]): void {
    for (const a of alerts) this.#pending.set(alertKey(a), a);
  }

  /** The alert has its case (or was given up): never opened again. */
  done(a: NetworkAlert): void {
    const key = alertKey(a);
    this.#pending.delete(key);
    this.#done.add(key);
  }

  get size(): number {
    return this.#pending.size;
  }

  /** Start (unix s) of the oldest pending alert's window: the journal keeps everything after it. */
  get oldestStart(): number | undefined {
    let min: number | undefined;
    for (const a of this.#pending.values()) {
      const s = seconds(a.window.start);
      if (min === undefined || s < min) min = s;
    }
    return min;
  }

  /** The pending alerts of the oldest pending window (one tick's alerts), oldest first. */
  oldestGroup(): { start: number; end: number; alerts: NetworkAlert[] } | undefined {
    const start = this.oldestStart;
    if (start === undefined) return undefined;
    const alerts = [...this.#pending.values()].filter((a) => seconds(a.window.start) === start);
    const end = Math.min(...alerts.map((a) => seconds(a.window.end)));
    return { start, end, alerts: alerts.filter((a) => seconds(a.window.end) === end) };
  }

  save(): void {
    const tmp = `${this.path}.tmp`;
    const state: z.infer<typeof StateV2> = {
      version: 2,
      cases: Object.fromEntries(this.caseOf),
      done: [...this.#done],
    };
    writeFileSync(tmp, `${JSON.stringify(state, null, 1)}\n`);
    renameSync(tmp, this.path);
  }
}

function readState(path: string): { cases: Map<string, string>; done?: Set<string> } {
  if (!existsSync(path)) return { cases: new Map() };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: not JSON (${(e as Error).message})`, { cause: e });
  }
  const v2 = StateV2.safeParse(parsed);
  if (v2.success) return { cases: new Map(Object.entries(v2.data.cases)), done: new Set(v2.data.done) };
  // The first format: a bare object of monitor network id → case id, no alert list.
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || 'version' in parsed)
    throw new Error(`${path}: expected {"version":2,"cases":{…},"done":[…]}`);
  return {
    cases: new Map(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string')),
  };
}
