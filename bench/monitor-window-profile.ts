/**
 * The monitor window's encoding alone, for a CPU profile, and the profile read back by function:
 *
 *   node --max-semi-space-size=64 --cpu-prof --cpu-prof-dir DIR --import tsx bench/monitor-window-profile.ts [--events N] [--rounds R]
 *   node --import tsx bench/monitor-window-profile.ts --read DIR/FILE.cpuprofile [--top K]
 *
 * The first decodes the throughput bench's frames once (benchStream), then pushes every post into a
 * fresh WindowActions per round (as bench/monitor-parts.ts's window part) and prints CPU µs per event
 * per round. The second prints, of the samples under `WindowActions.push`, each function's share of
 * self samples and, for the string tables' `id`, its callers: by sample count, not time, since a
 * loaded machine stretches some samples' time deltas (a descheduled process). Made for issue #12's
 * window cost (bench/RESULTS.md, "h-mon … session 16").
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Profile, ProfileNode } from './cpu-profile.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '6' },
    read: { type: 'string' },
    top: { type: 'string', default: '15' },
  },
});

if (values.read === undefined) await encodeRounds();
else readProfile(JSON.parse(readFileSync(values.read, 'utf8')) as Profile);

async function encodeRounds(): Promise<void> {
  const { decodeJetstreamBytes } = await import('../src/monitor/jetstream/client.js');
  const { WindowActions } = await import('../src/detect/incremental/window-actions.js');
  const { benchStream } = await import('./monitor-bench-run.js');
  const items = benchStream(Number(values.events)).frames.map((f) => decodeJetstreamBytes(Buffer.from(f)));
  const cpu = (): number => {
    const u = process.cpuUsage();
    return u.user + u.system;
  };
  for (let r = 0; r < Number(values.rounds); r++) {
    const window = WindowActions.forDetect({ window: 60 });
    const start = cpu();
    for (const item of items) if (item.bad === undefined) for (const p of item.posts) window.push(p);
    window.count(0, 0); // encodes the last partial batch
    process.stdout.write(`round ${r + 1}: ${((cpu() - start) / items.length).toFixed(2)} µs/event\n`);
  }
}

function readProfile(p: Profile): void {
  const byId = new Map<number, ProfileNode>(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const idCallers = new Map<string, number>();
  let under = 0;
  for (const sample of p.samples) {
    const chain: string[] = [];
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id))
      chain.push(byId.get(id)!.callFrame.functionName || '(anonymous)');
    if (!chain.includes('push') || !chain.includes('encodePending')) continue;
    under++;
    self.set(chain[0]!, (self.get(chain[0]!) ?? 0) + 1);
    if (chain[0] === 'id') idCallers.set(chain[1]!, (idCallers.get(chain[1]!) ?? 0) + 1);
  }
  const share = (n: number): string => `${((100 * n) / under).toFixed(1).padStart(5)} %`;
  process.stdout.write(`${under} samples under WindowActions.push\n`);
  for (const [name, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top)))
    process.stdout.write(`${share(n)}  ${name}\n`);
  process.stdout.write('id (a string table look-up) by caller:\n');
  for (const [name, n] of [...idCallers].sort((a, b) => b[1] - a[1]))
    process.stdout.write(`${share(n)}  ${name}\n`);
}
