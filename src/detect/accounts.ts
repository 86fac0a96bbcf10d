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
} from './signals/index.js';

export function accountResults(
  columns: PostColumns,
  graph: Graph,
  networkOf: Int32Array,
  networks: Network[],
  membersOf: number[][],
): AccountResult[] {
  const activities = accountActivities(columns);
  const population = populationStats(activities);
  const automation = automationContext(activities);
  const baseline = networkBaseline(activities);
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
