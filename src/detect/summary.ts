/** The plain-words summary sentence of a network, generated only from its evidence. */
import type { Network, Semantics } from '../core/result.js';

const day = (t: number): string => new Date(t * 1000).toISOString().slice(0, 10);

export function summarise(
  n: Network,
  observedWeight: number,
  sharedObjects: number,
  semantics: Semantics,
): string {
  const span = n.timeline.length
    ? ` between ${day(n.timeline[0]!.start)} and ${day(n.timeline[n.timeline.length - 1]!.end)}`
    : '';
  const what = n.behaviours.length ? n.behaviours.join(', ') : 'shared actions';
  const base = `${n.members.length} accounts acted together on ${sharedObjects} shared objects (${what})${span}, in ${n.timeline.length} bursts.`;
  if (semantics === 'coortweet')
    return `${base} CooRTweet-parity edge weight within the network: ${n.score}.`;
  const exp = n.expected ?? 0;
  const ratio = exp > 0 ? `${(observedWeight / exp).toFixed(exp < 1e-3 ? 0 : 1)}×` : 'far above';
  return `${base} Their weighted co-activity (${observedWeight.toFixed(1)}) is ${ratio} what chance predicts (${exp.toPrecision(2)}); q ${formatQ(n.qValue ?? 1)}.`;
}

/** A q-value for prose: doubles underflow to 0 far below any meaningful level, so say "< 1e-300". */
function formatQ(q: number): string {
  return q < 1e-300 ? '< 1e-300' : `= ${q.toPrecision(2)}`;
}
