/**
 * Start-up cost of the built CLI (`bin/lockstep.js` → dist/) against bare `node -e 0`, run side by side:
 * each round runs every command once, in a rotating order, so a load spike from other work on the
 * machine hits them all alike. Reports per command the median wall time, the median CPU time (user +
 * system of the child and all its threads) and both as the difference from bare node. CPU time comes
 * from `perf stat -e task-clock` (the kernel's per-task clock, µs resolution) when `perf` runs here,
 * else from the `cutime`/`cstime` fields of /proc/self/stat (10 ms ticks): Linux only either way.
 * Usage: npm run build && node --import tsx bench/cli-startup.ts [ROUNDS] [--compare OTHER_BIN]
 * [--target MS] (default 20 rounds). `--compare` runs every lockstep case a second time with another
 * build's bin/lockstep.js (say a copy of the tree before a change, beside its own node_modules) in
 * the same rounds, so before and after share the machine's load. `--target MS` (issue #14: 100)
 * exits 1 when a lockstep case of this build costs more than MS of CPU over bare node (the median):
 * the start-up target lives here, not in a timed unit test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '../src/detect/signals/stats.js';

const BIN = fileURLToPath(new URL('../bin/lockstep.js', import.meta.url));
const argv = process.argv.slice(2);
const at = argv.indexOf('--compare');
const OTHER = at >= 0 ? argv.splice(at, 2)[1] : undefined;
if (at >= 0 && !OTHER) throw new Error('--compare needs the path of another bin/lockstep.js');
const tat = argv.indexOf('--target');
const TARGET = tat >= 0 ? Number(argv.splice(tat, 2)[1]) : undefined;
if (TARGET !== undefined && !(TARGET > 0)) throw new Error('--target needs a number of milliseconds');
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

const PERF =
  spawnSync('perf', ['stat', '-x,', '-e', 'task-clock', 'true'], { encoding: 'utf8' }).status === 0;
const scratch = mkdtempSync(join(tmpdir(), 'lockstep-startup-'));
const perfOut = join(scratch, 'perf.csv');

/** Runs one case; returns its wall and CPU milliseconds. */
function runCase(c: { name: string; args: string[]; input?: string }): { wall: number; cpu: number } {
  const [cmd, args] = PERF
    ? ['perf', ['stat', '-x,', '-e', 'task-clock', '-o', perfOut, '--', process.execPath, ...c.args]]
    : [process.execPath, c.args];
  const c0 = PERF ? 0 : childCpu();
  const t0 = performance.now();
  const res = spawnSync(cmd, args, { input: c.input ?? '', stdio: ['pipe', 'ignore', 'pipe'] });
  const wall = performance.now() - t0;
  if (res.status !== 0) throw new Error(`${c.name} exited ${res.status}: ${res.stderr.toString()}`);
  if (!PERF) return { wall, cpu: (childCpu() - c0) * 1000 };
  // CSV line: value,unit,event,…  (task-clock in msec)
  const line = readFileSync(perfOut, 'utf8')
    .split('\n')
    .find((l) => l.includes('task-clock'));
  const cpu = Number(line?.split(',')[0]);
  if (!Number.isFinite(cpu)) throw new Error(`perf stat gave no task-clock for ${c.name}: ${line ?? ''}`);
  return { wall, cpu };
}

const rounds = Number(argv[0] ?? 20);
const wall = CASES.map(() => [] as number[]);
const cpu = CASES.map(() => [] as number[]);
const load0 = loadavg()[0]!;
for (let r = 0; r < rounds; r++) {
  for (let k = 0; k < CASES.length; k++) {
    const i = (k + r) % CASES.length;
    const m = runCase(CASES[i]!);
    wall[i]!.push(m.wall);
    cpu[i]!.push(m.cpu);
  }
}
rmSync(scratch, { recursive: true, force: true });
const base = { wall: median(wall[0]!), cpu: median(cpu[0]!) };
console.log(
  `rounds ${rounds}, load average ${load0.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}, ${process.version}, ` +
    `CPU from ${PERF ? 'perf stat task-clock' : '/proc/self/stat ticks (10 ms)'}`,
);
console.log('command | median wall ms | over bare node | median CPU ms | over bare node');
const signed = (x: number) => `${x < 0 ? '−' : '+'}${Math.abs(x).toFixed(0)}`;
CASES.forEach((c, i) => {
  const w = median(wall[i]!);
  const u = median(cpu[i]!);
  console.log(
    `${c.name} | ${w.toFixed(0)} | ${i === 0 ? '—' : signed(w - base.wall)} | ${u.toFixed(0)} | ${i === 0 ? '—' : signed(u - base.cpu)}`,
  );
});
if (TARGET !== undefined) {
  const over = CASES.slice(1)
    .map((c, k) => ({ c, extra: median(cpu[k + 1]!) - base.cpu }))
    .filter(({ c, extra }) => c.args[0] === BIN && extra > TARGET);
  for (const { c, extra } of over)
    console.log(`over target: ${c.name}: ${signed(extra)} ms CPU over bare node (target ${TARGET})`);
  console.log(over.length === 0 ? `target ≤ ${TARGET} ms CPU over bare node: met` : 'target: NOT met');
  if (over.length > 0) process.exitCode = 1;
}
