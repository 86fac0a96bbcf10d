/**
 * `lockstep monitor … --db STORE --org ORG`: network alerts become the workspace's work items. On a
 * tick that raises network alerts, the window's detection is imported as a run (the same precompute as
 * `runs add`, with the window's posts as its input, so account pages show activity and examples), and
 * each alert opens a case on that run's network, in the org's case list with the monitor as its author
 * — from there an analyst triages, confirms and shares it over TAXII like any case (cases/sharing.ts).
 * A `grown` alert opens a case for the grown network and leaves a note in the network's earlier case
 * pointing to it, so the first case's trail says the network grew and where to look.
 *
 * Which case belongs to which monitor network, and which alerts have their case, is kept in
 * DIR/workspace-cases.json (workspace-pending.ts), written after each case, so a restart keeps pointing
 * grown alerts at the right case. Alerts are written to alerts.ndjson first (the record); an alert whose
 * case did not open — the process died in between, or the store refused — stays pending and is opened
 * by `catchUp` from the journal's copy of its window: at start, and on later ticks while the store
 * refuses. Its detection is that window's again (the same posts give the same networks), so the case is
 * the one the alerting tick would have opened.
 *
 * Cost: only on ticks that alert; one precompute over the window (O(window posts + run size)); a
 * pending alert costs one detection over its window when caught up.
 */
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
import { PENDING_LIMIT_SECONDS, PendingAlerts } from './workspace-pending.js';

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

/** A monitor network's lasting id and its id in the tick's run: all `record` needs of the tracker. */
type RunNetworkOf = Pick<CurrentNetwork, 'id' | 'run_id'>;

/** A window's detection again, from the journal, with its posts (undefined: nothing detectable). */
export type DetectAgain = (
  start: number,
  end: number,
) => Promise<{ result: DetectionResult; posts: Iterable<Post> } | undefined>;

const FILE = 'workspace-cases.json';
const iso = (s: number): string => new Date(Math.round(s * 1000)).toISOString();

export class WorkspaceSink {
  readonly #o: WorkspaceSinkOptions;
  readonly #cases: Cases;
  readonly #who: Principal;
  readonly #state: PendingAlerts;

  constructor(o: WorkspaceSinkOptions) {
    this.#o = o;
    this.#cases = new Cases(o.store, o.now);
    this.#who = { org: o.org, username: MONITOR_AUTHOR };
    this.#state = new PendingAlerts(join(o.dir, FILE));
  }

  /** At start: the network alerts alerts.ndjson holds; returns what could not be read back. */
  adopt(stored: readonly unknown[]): string[] {
    return this.#state.adopt(stored);
  }

  /** Alerts just written to alerts.ndjson (before `record`): pending until their case opens. */
  raised(alerts: readonly NetworkAlert[]): void {
    this.#state.raised(alerts);
  }

  /** Alerts without a case yet. */
  get pending(): number {
    return this.#state.size;
  }

  /** Start (unix s) of the oldest pending alert's window: the journal must keep what follows it. */
  get pendingFrom(): number | undefined {
    return this.#state.oldestStart;
  }

  /**
   * Opens the cases of the oldest pending window's alerts, from that window's detection again.
   * An alert older than PENDING_LIMIT_SECONDS before `eventTime`, or whose network that detection
   * does not show with the same members (its window left the journal), is given up and said in `warn`.
   * A refusing store throws and leaves the alerts pending. Returns the cases opened.
   */
  async catchUp(detect: DetectAgain, eventTime: number, warn: (line: string) => void): Promise<number> {
    const group = this.#state.oldestGroup();
    if (group === undefined) return 0;
    const giveUp = (a: NetworkAlert, why: string): void => {
      this.#state.done(a);
      warn(`monitor: workspace: no case for alert ${a.id} of ${a.event_time}: ${why}`);
    };
    if (group.end < eventTime - PENDING_LIMIT_SECONDS) {
      for (const a of group.alerts) giveUp(a, `older than ${PENDING_LIMIT_SECONDS / 3600} h of event time`);
      this.#state.save();
      return 0;
    }
    const found = await detect(group.start, group.end);
    const byMembers = new Map((found?.result.networks ?? []).map((n) => [memberKey(n.members), n]));
    const matched: NetworkAlert[] = [];
    const current: RunNetworkOf[] = [];
    for (const a of group.alerts) {
      const n = byMembers.get(memberKey(a.members));
      if (n === undefined) {
        giveUp(a, 'its window, detected again from the journal, no longer shows the network');
        continue;
      }
      matched.push(a);
      current.push({ id: a.id, run_id: n.id });
    }
    this.#state.save();
    if (found === undefined || matched.length === 0) return 0;
    const r = await this.record(found.result, found.posts, group, matched, current);
    return r?.cases.length ?? 0;
  }

  /**
   * `result`: the tick's detection over the window (start, end]; `posts`: the window's posts (read
   * once, streaming);
   * `current`: the tick's networks as the tracker names them (lasting id ↔ the run's network id).
   */
  async record(
    result: DetectionResult,
    posts: Iterable<Post>,
    window: { start: number; end: number },
    alerts: readonly NetworkAlert[],
    current: readonly RunNetworkOf[],
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
      const earlier = this.#state.caseOf.get(a.id);
      if (earlier === undefined) this.#state.caseOf.set(a.id, opened.id);
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
      this.#state.done(a);
      this.#state.save();
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

/** Members as one comparable key: a pending alert's network is the detection's with the same members. */
const memberKey = (members: readonly string[]): string => [...members].sort().join('\n');
