/**
 * Account results: every account on a reported edge or in a network, with its per-account signals
 * (src/detect/signals) against the whole data set's population statistics, plus each network's
 * signals (creation bursts, shared handle recipes, synchronised hours against the data set's
 * baseline): a network's signals are listed with each member's own, and the flagged ones are added to
 * the network's summary.
 */
import type { AccountResult, Network } from '../core/result.js';
import type { PostColumns } from './engine/actions.js';
import { accountActivities } from './engine/activity-columns.js';
import type { Graph } from './fusion.js';
import {
  accountSignals,
  automationContext,
  automationScore,
  networkBaseline,
  networkSignals,
  populationStats,
  type AccountActivity,
  type AutomationContext,
  type NetworkBaseline,
  type PopulationStats,
} from './signals/index.js';

/** What the signals compare an account and a network with: the whole data set's, from the columns alone. */
export interface SignalContext {
  activities: AccountActivity[];
  population: PopulationStats;
  automation: AutomationContext;
  baseline: NetworkBaseline;
}

/**
 * The data set's side of the signals. It reads only the post columns, so a caller can build it before
 * the networks are known (pipeline.ts does, while it waits for co-similar's worker). O(posts + accounts).
 */
export function signalContext(columns: PostColumns): SignalContext {
  const activities = accountActivities(columns);
  return {
    activities,
    population: populationStats(activities),
    automation: automationContext(activities),
    baseline: networkBaseline(activities),
  };
}

export function accountResults(
  columns: PostColumns,
  graph: Graph,
  networkOf: Int32Array,
  networks: Network[],
  membersOf: number[][],
  context: SignalContext = signalContext(columns),
): AccountResult[] {
  const { activities, population, automation, baseline } = context;
  const networkSignalsOf = membersOf.map((m, i) => {
    const sig = networkSignals(
      m.map((a) => activities[a]!),
      { baseline },
    );
    const flagged = sig.filter((x) => x.flagged).map((x) => x.explanation);
    if (flagged.length) networks[i]!.summary += ` ${flagged.join(' ')}`;
    return sig;
  });
  const out: AccountResult[] = [];
  for (let a = 0; a < columns.accounts.size; a++) {
    if (graph.accountScore[a] === 0 && networkOf[a] === -1) continue;
    const net = networkOf[a]!;
    const activity = activities[a]!;
    out.push({
      account: columns.accounts.str(a),
      screenName: columns.screenNames.get(a),
      network: net >= 0 ? networks[net]!.id : null,
      score: graph.accountScore[a]!,
      posts: activity.posts,
      signals: [...accountSignals(activity, population), ...(net >= 0 ? networkSignalsOf[net]! : [])],
      automation: automationScore(activity, automation, net >= 0 ? networkSignalsOf[net] : undefined),
    });
  }
  out.sort((x, y) => y.score - x.score || (x.account < y.account ? -1 : 1));
  return out;
}
