/**
 * `lockstep monitor … --db STORE --org ORG`: network alerts become the workspace's work items. On a
 * tick that raises network alerts, the window's detection is imported as a run (the same precompute as
 * `runs add`, with the window's posts as its input, so account pages show activity and examples), and
 * each alert opens a case on that run's network, in the org's case list with the monitor as its author
 * — from there an analyst triages, confirms and shares it over TAXII like any case (cases/sharing.ts).
 * A `grown` alert opens a case for the grown network and leaves a note in the network's earlier case
 * pointing to it, so the first case's trail says the network grew and where to look.
 *
 * Which case belongs to which monitor network is kept in DIR/workspace-cases.json, written after each
 * case, so a restart keeps pointing grown alerts at the right case. Ordering: alerts are written to
 * alerts.ndjson first (the record); a crash between that and the case leaves that alert without a case
 * (the restarted monitor does not re-alert it), which `monitor` says on its status line at start.
 *
 * Cost: only on ticks that alert; one precompute over the window (O(window posts + run size)).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Principal } from '../exchange/access.js';
import type { Post } from '../core/post.js';
import type { DetectionResult } from '../core/result.js';
import type { Store } from '../store/store.js';
import type { RunTlp } from '../workspace/api-schema.js';
import { MONITOR_AUTHOR } from '../workspace/case-schema.js';
import { Cases } from '../workspace/cases/service.js';
import { PostDigest, precomputeRun, resharedIds } from '../workspace/precompute.js';
import type { CurrentNetwork, NetworkAlert } from './tracker.js';

export interface WorkspaceSinkOptions {
  store: Store;
  org: string;
  tlp: RunTlp;
  /** The monitor's source, for run titles (e.g. `jetstream wss://host/subscribe`). */
  source: string;
  /** The monitor's --out folder: holds workspace-cases.json. */
  dir: string;
  now?: () => Date;
}

export interface SinkReport {
  runId: string;
  cases: { alert: string; caseId: string; status: NetworkAlert['status'] }[];
}

export { MONITOR_AUTHOR };

const FILE = 'workspace-cases.json';
const iso = (s: number): string => new Date(Math.round(s * 1000)).toISOString();

export class WorkspaceSink {
  readonly #o: WorkspaceSinkOptions;
  readonly #cases: Cases;
  readonly #who: Principal;
  /** Monitor network id → the case its first alert opened. */
  readonly #caseOf: Map<string, string>;

  constructor(o: WorkspaceSinkOptions) {
    this.#o = o;
    this.#cases = new Cases(o.store, o.now);
    this.#who = { org: o.org, username: MONITOR_AUTHOR };
    this.#caseOf = readMap(join(o.dir, FILE));
  }

  /**
   * `result`: the tick's detection over the window (start, end]; `posts`: the window's posts (read
   * once, streaming);
   * `current`: the tracker's view of the tick's networks (lasting id ↔ the run's network id).
   */
  async record(
    result: DetectionResult,
    posts: Iterable<Post>,
    window: { start: number; end: number },
    alerts: readonly NetworkAlert[],
    current: readonly CurrentNetwork[],
  ): Promise<SinkReport | undefined> {
    if (alerts.length === 0) return undefined;
    const digest = new PostDigest(new Set(result.accounts.map((a) => a.account)), resharedIds(result));
    for (const p of posts) digest.add(p);
    const title = `Monitor ${this.#o.source}: window ${iso(window.start)} – ${iso(window.end)}`;
    const write = precomputeRun(
      result,
      { org: this.#o.org, tlp: this.#o.tlp, title, addedAt: (this.#o.now?.() ?? new Date()).toISOString() },
      digest,
    );
    await this.#o.store.putRun(write);
    const runId = write.run.id;
    const runNetwork = new Map(current.map((c) => [c.id, c.run_id]));
    const report: SinkReport = { runId, cases: [] };
    for (const a of alerts) {
      const network = runNetwork.get(a.id);
      if (network === undefined) continue;
      const { case: opened } = await this.#cases.open(this.#who, {
        runId,
        network,
        title: caseTitle(a),
      });
      await this.#cases.note(this.#who, opened.id, alertNote(a));
      const earlier = this.#caseOf.get(a.id);
      if (earlier === undefined) this.#caseOf.set(a.id, opened.id);
      else
        await this.#cases
          .note(
            this.#who,
            earlier,
            `The monitor saw this network grow by ${a.added.length} account${a.added.length === 1 ? '' : 's'} ` +
              `(event time ${a.event_time}); the grown network is case ${opened.id}.`,
          )
          // The earlier case may have been closed and deleted by the team: the new case stands alone.
          .catch(() => undefined);
      report.cases.push({ alert: a.id, caseId: opened.id, status: a.status });
      writeMap(join(this.#o.dir, FILE), this.#caseOf);
    }
    return report;
  }
}

function caseTitle(a: NetworkAlert): string {
  const n = a.members.length;
  const what = a.status === 'new' ? 'new network' : `network grew by ${a.added.length}`;
  return `Monitor alert: ${what} ${a.id} (${n} account${n === 1 ? '' : 's'}, ${a.behaviours.join(', ')})`;
}

/** The alert as the case's first note: what the monitor saw and why it alerted (markdown). */
function alertNote(a: NetworkAlert): string {
  const lines = [
    `**Monitor alert** (${a.status}) for network \`${a.id}\`, detected ${a.detected_at}, ` +
      `window ${a.window.start} – ${a.window.end}.`,
    '',
    a.summary,
  ];
  if (a.status === 'grown') lines.push('', `New members: ${names(a.added)}`);
  if (a.top_objects.length > 0)
    lines.push(
      '',
      'Top objects:',
      ...a.top_objects.map((o) => `- ${o.behaviour}: \`${o.object}\` (${o.accounts} accounts)`),
    );
  if (a.watched !== undefined && a.watched.length > 0)
    lines.push(
      '',
      `Watched members: ${a.watched
        .slice(0, 100)
        .map((w) => `\`${w.account}\` (${w.lists.join(', ')})`)
        .join(', ')}`,
    );
  return lines.join('\n');
}

/** At most 100 names, so a note about a network of thousands stays readable and within a note's size. */
function names(ids: readonly string[]): string {
  const shown = ids.slice(0, 100).map((m) => `\`${m}\``);
  return ids.length > shown.length
    ? `${shown.join(', ')} and ${ids.length - shown.length} more`
    : shown.join(', ');
}

function readMap(path: string): Map<string, string> {
  if (!existsSync(path)) return new Map();
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error(`${path}: expected an object of monitor network id → case id`);
  return new Map(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function writeMap(path: string, map: ReadonlyMap<string, string>): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(Object.fromEntries(map), null, 2)}\n`);
  renameSync(tmp, path);
}
