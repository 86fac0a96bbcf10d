/**
 * Networks across detection ticks: `detect` numbers its networks per run, an operations team needs
 * one name per network for as long as it lives. A network found in a tick is the same as a tracked one
 * when they share at least half of the smaller one's members (overlap coefficient ≥ 0.5; Szymkiewicz–
 * Simpson); an unmatched network gets a new id, a hash of its first members, so a restarted monitor
 * that replays the same ticks names it the same. Alerts: `new` the first time, `grown` whenever members
 * join that no earlier alert named; a network that shrinks or persists unchanged is not re-alerted.
 *
 * The tracked set is rebuilt from DIR/alerts.ndjson on restart (the alerts are the record of what was
 * said), so a crash between writing an alert and saving the cursor cannot repeat the alert.
 * Cost per tick: O(networks × tracked × members) with hashing; memory: the alerted members.
 */
import { createHash } from 'node:crypto';
import type { Behaviour } from '../core/behaviour.js';
import type { Network } from '../core/result.js';

export interface NetworkAlert {
  kind: 'network';
  id: string;
  status: 'new' | 'grown';
  members: string[];
  /** Members no earlier alert of this network named. */
  added: string[];
  /** Wall-clock time of the detection (ISO 8601). */
  detected_at: string;
  /** Event time the detection covered up to (ISO 8601), and the window it read. */
  event_time: string;
  window: { start: string; end: string };
  behaviours: Behaviour[];
  score: number;
  p_value: number | null;
  q_value: number | null;
  summary: string;
  top_objects: { behaviour: Behaviour; object: string; accounts: number }[];
  /** Members on a watchlist, with the lists naming them (only when a watchlist is loaded). */
  watched?: { account: string; lists: string[] }[];
}

export interface CurrentNetwork {
  id: string;
  /** The id this network has in the tick's `detect` result (N1, N2 …). */
  run_id: string;
  members: string[];
  behaviours: Behaviour[];
  score: number;
  p_value: number | null;
  q_value: number | null;
  summary: string;
}

interface Tracked {
  id: string;
  alerted: Set<string>;
}

export interface TickInfo {
  detectedAt: string;
  eventTime: number;
  windowStart: number;
}

const iso = (s: number): string => new Date(Math.round(s * 1000)).toISOString();
const num = (v: number | undefined): number | null => (v === undefined || !Number.isFinite(v) ? null : v);

export function networkId(members: readonly string[]): string {
  const h = createHash('sha256');
  for (const m of [...members].sort()) h.update(m).update('\n');
  return `net-${h.digest('hex').slice(0, 12)}`;
}

export class NetworkTracker {
  private readonly tracked: Tracked[] = [];

  /** `alerted`: earlier alerts (from alerts.ndjson), oldest first. */
  constructor(alerted: readonly { id: string; members: readonly string[] }[] = []) {
    const byId = new Map<string, Tracked>();
    for (const a of alerted) {
      let t = byId.get(a.id);
      if (t === undefined) {
        t = { id: a.id, alerted: new Set() };
        byId.set(a.id, t);
        this.tracked.push(t);
      }
      for (const m of a.members) t.alerted.add(m);
    }
  }

  get size(): number {
    return this.tracked.length;
  }

  private match(members: readonly string[]): Tracked | undefined {
    let best: Tracked | undefined;
    let bestShare = 0;
    for (const t of this.tracked) {
      let shared = 0;
      for (const m of members) if (t.alerted.has(m)) shared++;
      const share = shared / Math.min(members.length, t.alerted.size);
      if (share > bestShare) {
        best = t;
        bestShare = share;
      }
    }
    return bestShare >= 0.5 ? best : undefined;
  }

  /** The tick's networks with their lasting ids, and the alerts they raise. */
  update(
    networks: readonly Network[],
    tick: TickInfo,
  ): { alerts: NetworkAlert[]; current: CurrentNetwork[] } {
    const alerts: NetworkAlert[] = [];
    const current: CurrentNetwork[] = [];
    for (const n of networks) {
      let t = this.match(n.members);
      let status: NetworkAlert['status'] = 'grown';
      if (t === undefined) {
        t = { id: networkId(n.members), alerted: new Set() };
        this.tracked.push(t);
        status = 'new';
      }
      const added = n.members.filter((m) => !t.alerted.has(m));
      const common = {
        id: t.id,
        members: n.members,
        behaviours: n.behaviours,
        score: n.score,
        p_value: num(n.pValue),
        q_value: num(n.qValue),
        summary: n.summary,
      };
      current.push({ ...common, run_id: n.id });
      if (added.length === 0) continue;
      for (const m of added) t.alerted.add(m);
      alerts.push({
        kind: 'network',
        status,
        ...common,
        added,
        detected_at: tick.detectedAt,
        event_time: iso(tick.eventTime),
        window: { start: iso(tick.windowStart), end: iso(tick.eventTime) },
        top_objects: n.topObjects
          .slice(0, 5)
          .map((o) => ({ behaviour: o.behaviour, object: o.object, accounts: o.accounts })),
      });
    }
    return { alerts, current };
  }
}
