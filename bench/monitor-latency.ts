/**
 * `node --import tsx bench/monitor-latency.ts [--floors 3,2,1] [--warmup S]` plus the accuracy bench's
 * stream options (--events, --surge, --span, --window, --every, --groups, …): where the monitor's
 * alert latency comes from, without the stream's transport. The accuracy bench's frames
 * (bench/monitor-accuracy-stream.ts) are pushed in event order into the window's columns, and at
 * **every** boundary of `--every` seconds the tick's detection runs (WindowActions.prepare +
 * detectPrepared, exactly the monitor's tick) once per effect floor. Per planted group and floor it
 * prints the first tick that names at least half of the group, the group's latest burst before it,
 * and the deciding test's observed/expected there; then the group's ratio at the first tick after
 * each of its bursts (the last floor, so the ratio is visible while a higher floor still hides the
 * group). Network alerts naming a surge account are counted per floor (the target is none).
 * `--warmup S`: S seconds of organic activity first, so the window is full when the groups act.
 */
import { parseArgs } from 'node:util';
import type { Network } from '../src/core/result.js';
import { detectPrepared, WindowActions } from '../src/detect/index.js';
import { decodeJetstreamFrame } from '../src/monitor/jetstream/decode.js';
import { ACCURACY_ARGS, ACCURACY_START, accuracyOptions, accuracyStream } from './monitor-accuracy-stream.js';
import { burstStarts } from './monitor-bench-run.js';

const { values } = parseArgs({
  options: { ...ACCURACY_ARGS, floors: { type: 'string', default: '3,1' } },
});
const W = Number(values.window);
const every = Number(values.every);
const floors = values.floors.split(',').map(Number);
const { frames, planted } = accuracyStream(accuracyOptions(values));
const starts = burstStarts(frames, (f) => f.includes('did:plc:campaign'));
const window = WindowActions.forDetect({ window: 60 });
const rel = (t: number): string => (t - ACCURACY_START).toFixed(0);

interface Seen {
  T: number;
  n: Network;
}
const first = floors.map(() => new Map<number, Seen>());
const ratios = new Map<number, { T: number; ratio: string; named: number }[]>();
const surgeAlerts = floors.map(() => 0);
const groupOf = (n: Network): number[] =>
  planted.flatMap((g, k) => (n.members.filter((m) => g.includes(m)).length * 2 >= g.length ? [k] : []));
const ratio = (n: Network): string =>
  n.observed === undefined || n.expected === undefined
    ? '—'
    : `${n.chanceTest ?? ''} ${n.observed.toFixed(0)}/${n.expected.toFixed(2)} = ${(n.observed / n.expected).toFixed(2)}`;

let next = NaN;
const tick = async (T: number): Promise<void> => {
  window.expire(T - W);
  const prepared = window.prepare(T - W, T);
  if (prepared.columns.count === 0) return;
  for (const [i, effectFloor] of floors.entries()) {
    const r = await detectPrepared(window.prepare(T - W, T), { window: 60, effectFloor });
    for (const n of r.networks) {
      if (n.members.some((m) => m.includes(':surge'))) surgeAlerts[i]!++;
      for (const g of groupOf(n)) {
        if (!first[i]!.has(g)) first[i]!.set(g, { T, n });
        // The group's ratio at the first tick after each burst, at the lowest floor.
        if (i === floors.length - 1) {
          const bursts = starts.get(`did:plc:group${g}`) ?? [];
          const b = bursts.filter((s) => s <= T).at(-1);
          const list = ratios.get(g) ?? [];
          if (b !== undefined && T - b <= every + 5 && !list.some((x) => x.T === T))
            list.push({ T, ratio: ratio(n), named: n.members.length });
          ratios.set(g, list);
        }
      }
    }
  }
};
for (const f of frames) {
  const d = decodeJetstreamFrame(f);
  if (!d.ok || d.event.kind !== 'post') continue;
  const p = d.event.post;
  if (Number.isNaN(next)) next = Math.ceil(p.time / every) * every;
  while (p.time > next) {
    await tick(next);
    next += every;
  }
  window.push(p);
}
await tick(next);

for (const [k] of planted.entries()) {
  const bursts = starts.get(`did:plc:group${k}`) ?? [];
  process.stdout.write(`group${k}: bursts ${bursts.map(rel).join(' ')}\n`);
  for (const [i, floor] of floors.entries()) {
    const s = first[i]!.get(k);
    const b = s && bursts.filter((x) => x <= s.T).at(-1);
    process.stdout.write(
      `  floor ${floor}: first named at ${s ? rel(s.T) : '—'}` +
        (s && b !== undefined ? ` (${(s.T - b).toFixed(0)} s after burst ${rel(b)}; ${ratio(s.n)})` : '') +
        '\n',
    );
  }
  for (const x of ratios.get(k) ?? [])
    process.stdout.write(
      `  tick ${rel(x.T)} after a burst, floor ${floors.at(-1)}: ${x.ratio}, ${x.named} named\n`,
    );
}
process.stdout.write(
  `surge network alerts per floor: ${floors.map((f, i) => `${f}: ${surgeAlerts[i]}`).join(', ')}\n`,
);
