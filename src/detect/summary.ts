/**
 * The plain-words summary sentence of a network, generated only from its evidence. In lockstep mode it
 * quotes exactly the observed and expected co-actions its chance test used (network-chance.ts), so the
 * ratio a reader sees and the q-value that decided the report cannot disagree, and it says how the
 * members differ from everyone else who acted on the same objects.
 */
import type { Network } from '../core/result.js';
import type { ResolvedOptions } from './options.js';

const day = (t: number): string => new Date(t * 1000).toISOString().slice(0, 10);

const int = (x: number): string => Math.round(x).toLocaleString('en-US');

export function summarise(
  n: Network,
  sharedObjects: number,
  opts: Pick<ResolvedOptions, 'semantics' | 'effectFloor'>,
  archive = false,
): string {
  const span = n.timeline.length
    ? ` between ${day(n.timeline[0]!.start)} and ${day(n.timeline[n.timeline.length - 1]!.end)}`
    : '';
  const what = n.behaviours.length ? n.behaviours.join(', ') : 'shared actions';
  const base = `${n.members.length} accounts acted together on ${sharedObjects} shared objects (${what})${span}, in ${n.timeline.length} bursts.`;
  if (opts.semantics === 'coortweet')
    return `${base} CooRTweet-parity edge weight within the network: ${n.score}.`;
  const parts = [base];
  if (n.observed !== undefined && n.expected !== undefined) {
    const where = n.chanceBehaviour ?? 'their strongest behaviour';
    parts.push(
      n.chanceTest === 'lag'
        ? `In ${where} the members act at a steady lag: ${int(n.observed)} of their co-actions fall at each pair's own lag, ${ratio(n.observed, n.expected)} the ${n.expected.toPrecision(2)} expected ${archive ? 'if lags were spread evenly over the window (an archive: no outside accounts to compare with)' : "from how far apart any two accounts' actions on one object usually are"} (reported from ${opts.effectFloor}×); q ${formatQ(n.qValue ?? 1)}.`
        : `In ${where} the members' ${int(n.observed)} co-actions are ${ratio(n.observed, n.expected)} the ${n.expected.toPrecision(2)} that chance predicts for them (${archive ? 'the larger of the crowd and shared-interest nulls — an archive: no outside accounts to compare with' : 'the largest of the crowd, shared-interest, time-local and object-timeline nulls'}; reported from ${opts.effectFloor}×); q ${formatQ(n.qValue ?? 1)}.`,
    );
  }
  const c = n.contrast;
  if (c && c.sharedObjects > 0 && c.outsiders > 0)
    parts.push(
      `Each member acted on ${c.memberMean.toFixed(1)} of these ${int(c.sharedObjects)} objects on average; the ${int(c.outsiders)} other accounts that acted on them reached ${c.outsiderMean.toFixed(1)} each.`,
    );
  else if (c && c.sharedObjects > 0)
    parts.push(`No account outside the network acted on any of these ${int(c.sharedObjects)} objects.`);
  for (const a of n.amplified ?? [])
    parts.push(
      `They amplify ${a.account}: it wrote ${int(a.objects)} of the ${int(a.sharedObjects)} posts the members shared in ${a.behaviour}, and no larger audience shares them.`,
    );
  for (const a of n.audience ?? [])
    parts.push(
      `Their ${a.behaviour} is not counted as evidence: ${int(a.outsiders)} accounts outside the network acted on at least ${int(Math.ceil(a.memberReach / opts.effectFloor))} of its ${int(a.sharedObjects)} shared objects there, within ${opts.effectFloor}× of its median member's ${int(a.memberReach)} — the members are part of a larger audience of those objects.`,
    );
  return parts.join(' ');
}

function ratio(observed: number, expected: number): string {
  if (expected <= 0) return 'far above';
  const r = observed / expected;
  return `${r >= 100 ? int(r) : r.toFixed(1)}×`;
}

/** A q-value for prose: doubles underflow to 0 far below any meaningful level, so say "< 1e-300". */
function formatQ(q: number): string {
  return q < 1e-300 ? '< 1e-300' : `= ${q.toPrecision(2)}`;
}
