/**
 * Start-up cost of the built CLI (`bin/lockstep.js` → dist/) against bare `node -e 0`, run side by side:
 * each round runs every command once, in a rotating order, so a load spike from other work on the
 * machine hits them all alike. Reports per command the median wall time, the median CPU time (user +
 * system of the child, from the `cutime`/`cstime` fields of /proc/self/stat, 10 ms ticks: Linux only)
 * and both as the difference from bare node.
 * Usage: npm run build && node --import tsx bench/cli-startup.ts [ROUNDS] [--compare OTHER_BIN]
 * (default 20 rounds). `--compare` runs every lockstep case a second time with another build's
 * bin/lockstep.js (say a copy of the tree before a change, beside its own node_modules) in the same
 * rounds, so before and after share the machine's load.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { median } from '../src/detect/signals/stats.js';

const BIN = fileURLToPath(new URL('../bin/lockstep.js', import.meta.url));
const argv = process.argv.slice(2);
const at = argv.indexOf('--compare');
const OTHER = at >= 0 ? argv.splice(at, 2)[1] : undefined;
if (at >= 0 && !OTHER) throw new Error('--compare needs the path of another bin/lockstep.js');
const OWN_CASES: { name: string; args: string[]; input?: string }[] = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'lockstep --version', args: [BIN, '--version'] },
  { name: 'lockstep --help', args: [BIN, '--help'] },
  // One cheap fuzzer: the command's own start-up without generating ~2,000 names.
  {
    name: 'lockstep lookalikes --fuzzers addition example.com',
    args: [BIN, 'lookalikes', '--fuzzers', 'addition', 'example.com'],
  },
  { name: 'lockstep lookalikes example.com', args: [BIN, 'lookalikes', 'example.com'] },
  {
    name: 'lockstep passwords check',
    args: [BIN, 'passwords', 'check'],
    input: 'correct horse battery staple\n',
  },
];
const CASES = OTHER
  ? [
      ...OWN_CASES,
      ...OWN_CASES.filter((c) => c.args[0] === BIN).map((c) => ({
        ...c,
        name: `${c.name} [compare]`,
        args: [OTHER, ...c.args.slice(1)],
      })),
    ]
  : OWN_CASES;

/** CPU seconds (user + system) of this process's waited-for children so far. */
function childCpu(): number {
  // Fields after the command name: … 16 cutime 17 cstime (1-based over the whole line).
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) / 100;
}

const rounds = Number(argv[0] ?? 20);
const wall = CASES.map(() => [] as number[]);
const cpu = CASES.map(() => [] as number[]);
const load0 = loadavg()[0]!;
for (let r = 0; r < rounds; r++) {
  for (let k = 0; k < CASES.length; k++) {
    const i = (k + r) % CASES.length;
    const c = CASES[i]!;
    const c0 = childCpu();
    const t0 = performance.now();
    const res = spawnSync(process.execPath, c.args, {
      input: c.input ?? '',
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    wall[i]!.push(performance.now() - t0);
    cpu[i]!.push((childCpu() - c0) * 1000);
    if (res.status !== 0) throw new Error(`${c.name} exited ${res.status}: ${res.stderr.toString()}`);
  }
}
const base = { wall: median(wall[0]!), cpu: median(cpu[0]!) };
console.log(
  `rounds ${rounds}, load average ${load0.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}, ${process.version}`,
);
console.log('command | median wall ms | over bare node | median CPU ms | over bare node');
CASES.forEach((c, i) => {
  const w = median(wall[i]!);
  const u = median(cpu[i]!);
  console.log(
    `${c.name} | ${w.toFixed(0)} | ${i === 0 ? '—' : `+${(w - base.wall).toFixed(0)}`} | ${u.toFixed(0)} | ${i === 0 ? '—' : `+${(u - base.cpu).toFixed(0)}`}`,
  );
});
