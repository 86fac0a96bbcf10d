/**
 * Work of the stages after counting that is ready before co-similar is. co-similar's near-duplicate
 * grouping runs in a worker beside the other behaviours' counting (pipeline.ts) and takes longer (at 3M
 * and 10M posts by seconds), so the main thread would wait for it: it builds here what the chance and
 * signals stages need and does not depend on co-similar — the other behaviours' chance models with
 * their indices (ChanceModel.prepare) and the data set's side of the signals (accounts.ts
 * signalContext). Exactly the objects those stages would build, so results do not change; only where
 * the time is spent. Cost: what those stages would spend on it anyway; memory held a few seconds
 * longer (the eligible indices, ≈ 36 bytes per eligible action, and 8 bytes per post of activity times).
 */
import type { PostColumns } from './engine/actions.js';
import type { BehaviourPass } from './engine/lockstep.js';
import { ChanceModel } from './engine/null-model.js';
import { signalContext, type SignalContext } from './accounts.js';
import type { BehaviourEdges } from './fusion.js';
import type { Reference, ResolvedOptions } from './options.js';

/** Work of the later stages that is ready before co-similar is (prepareAhead). */
export interface Ahead {
  models: Map<BehaviourPass, ChanceModel>;
  signals?: SignalContext;
}

/**
 * The models of the behaviours counted so far and the signal context. Skipped: the signals when the
 * caller may not want them (a monitor's tick without networks computes none), and the models in
 * CooRTweet mode (no chance model) and on the SQL engines (DuckDB's pairs change when it settles).
 */
export function prepareAhead(
  perBehaviour: BehaviourEdges[],
  columns: PostColumns,
  opts: ResolvedOptions,
  reference: Reference,
  networksOnly: boolean,
): Ahead {
  opts.onProgress('preparing chance models and signals', 0);
  const models = new Map<BehaviourPass, ChanceModel>();
  if (opts.semantics === 'lockstep' && opts.engine === 'memory')
    for (const { pass } of perBehaviour) {
      if (pass === undefined) continue;
      const model = new ChanceModel(pass, columns, reference === 'archive');
      model.prepare();
      models.set(pass, model);
    }
  return { models, ...(networksOnly ? {} : { signals: signalContext(columns) }) };
}
