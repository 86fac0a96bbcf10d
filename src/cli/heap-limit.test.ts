import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { getHeapStatistics } from 'node:v8';
import {
  childFlags,
  HEAP_SHARE,
  heapPlan,
  SEMI_SPACE_MB,
  semiSpacePlan,
  usableMemory,
} from './heap-limit.js';

const GB = 2 ** 30;
const MB = 2 ** 20;
const DEV = 'scripts/dev.ts';
const FIXTURE = 'src/ingest/fixtures/twitter-io.csv';

const context = (over: Partial<Parameters<typeof heapPlan>[1]> = {}) => ({
  env: {},
  execArgv: [],
  heapLimitBytes: 4144 * MB,
  memoryBytes: 24 * GB,
  ...over,
});

/** Runs the CLI from source as a user would and resolves to its exit code and signal. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', DEV, ...args], {
    env: { ...process.env, LOCKSTEP_HEAP_RAISED: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => {
    child.on('exit', (code) => {
      resolve({ code, stderr });
    });
  });
  return { child, done };
}

function heapLimitOf(dir: string): number {
  return (JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { heapLimitBytes: number })
    .heapLimitBytes;
}

describe('heap cap for commands that hold a data set', () => {
  it('raises the cap of detect, runs, factcheck and simulate to a share of memory, not of services', () => {
    const target = Math.floor((24 * GB * HEAP_SHARE) / MB);
    for (const c of ['detect', 'runs', 'factcheck', 'simulate'])
      assert.equal(heapPlan([c, 'x'], context()), target);
    for (const c of ['serve', 'monitor', 'lookalikes', '--help'])
      assert.equal(heapPlan([c], context()), undefined);
    assert.equal(heapPlan([], context()), undefined);
  });

  it('keeps a cap the user chose, runs once only, and does not respawn for little gain', () => {
    assert.equal(heapPlan(['detect'], context({ execArgv: ['--max-old-space-size=2048'] })), undefined);
    assert.equal(
      heapPlan(['detect'], context({ env: { NODE_OPTIONS: '--max-old-space-size=2048' } })),
      undefined,
    );
    assert.equal(heapPlan(['detect'], context({ env: { LOCKSTEP_HEAP_RAISED: '1' } })), undefined);
    // 0.75 × 5.5 GB = 4,224 MB: not a tenth more than V8's 4,144.
    assert.equal(heapPlan(['detect'], context({ memoryBytes: 5.5 * GB })), undefined);
    assert.equal(heapPlan(['detect'], context({ memoryBytes: 8 * GB, heapLimitBytes: 2 * GB })), 6144);
  });

  it('gives monitor, and only monitor, a larger young generation unless the user chose one', () => {
    assert.equal(semiSpacePlan(['monitor', '--jetstream', 'ws://x'], context()), SEMI_SPACE_MB);
    assert.deepEqual(childFlags(['monitor'], context()), [`--max-semi-space-size=${SEMI_SPACE_MB}`]);
    for (const c of ['detect', 'serve', 'simulate', '--help'])
      assert.equal(semiSpacePlan([c], context()), undefined);
    assert.equal(semiSpacePlan(['monitor'], context({ execArgv: ['--max-semi-space-size=8'] })), undefined);
    assert.equal(
      semiSpacePlan(['monitor'], context({ env: { NODE_OPTIONS: '--max-semi-space-size 128' } })),
      undefined,
    );
    assert.equal(semiSpacePlan(['monitor'], context({ env: { LOCKSTEP_HEAP_RAISED: '1' } })), undefined);
    assert.deepEqual(childFlags(['serve'], context()), []);
  });

  it('a monitor through the CLI runs in a child with that young generation, which dies with a kill -9 of its parent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heap-mon-'));
    const out = join(dir, 'o');
    // JSON lines on a stdin that stays open: the monitor runs until it is stopped.
    const parent = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        DEV,
        'monitor',
        '--ndjson',
        '-',
        '--map',
        'account=a,time=t',
        '--out',
        out,
        '--status',
        '0',
      ],
      { env: { ...process.env, LOCKSTEP_HEAP_RAISED: '' }, stdio: ['pipe', 'ignore', 'ignore'] },
    );
    const exited = new Promise((resolve) => parent.once('exit', resolve));
    try {
      parent.stdin.write('{"a":"x","t":1700000000}\n');
      let child: number | undefined;
      for (let i = 0; i < 300 && (child === undefined || !existsSync(join(out, 'alerts.ndjson'))); i++) {
        await new Promise((r) => setTimeout(r, 100));
        child ??= childOf(parent.pid!, `--max-semi-space-size=${SEMI_SPACE_MB}`);
      }
      assert.ok(child !== undefined, 'the monitor runs in a child with the young-generation flag');
      parent.kill('SIGKILL');
      await exited;
      for (let i = 0; i < 100 && alive(child); i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(alive(child), false, 'the child did not outlive its parent');
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('a detect run through the CLI has the raised cap in run.json, or the one the user set', async () => {
    const expected = heapPlan(['detect'], {
      env: {},
      execArgv: [],
      heapLimitBytes: getHeapStatistics().heap_size_limit,
      memoryBytes: usableMemory(),
    });
    const dir = mkdtempSync(join(tmpdir(), 'heap-'));
    const raised = cli(['detect', FIXTURE, '--out', join(dir, 'a'), '--progress', 'none']);
    assert.equal((await raised.done).code, 0);
    const limit = heapLimitOf(join(dir, 'a')) / MB;
    // V8 adds the young generation's pages to the old generation's cap.
    if (expected !== undefined) assert.ok(limit >= expected && limit < expected + 256, `${limit} MB`);
    const own = cli(['detect', FIXTURE, '--out', join(dir, 'b'), '--progress', 'none'], {
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=300`,
    });
    assert.equal((await own.done).code, 0);
    const ownLimit = heapLimitOf(join(dir, 'b')) / MB;
    assert.ok(ownLimit >= 300 && ownLimit < 400, `${ownLimit} MB`);
  });

  it('passes a termination signal on to the child and ends with its code', async (t) => {
    const ctx = {
      env: {},
      execArgv: [],
      heapLimitBytes: getHeapStatistics().heap_size_limit,
      memoryBytes: usableMemory(),
    };
    if (heapPlan(['detect'], ctx) === undefined) {
      t.skip('this machine needs no raised cap, so commands run in one process');
      return;
    }
    // `simulate` of many posts runs for a while: long enough to be stopped while the child works.
    const dir = mkdtempSync(join(tmpdir(), 'heap-sig-'));
    const run = cli(['simulate', '--posts', '3000000', '--out', join(dir, 'sim')]);
    const parent = run.child.pid!;
    let child: number | undefined;
    for (let i = 0; i < 300 && child === undefined; i++) {
      await new Promise((r) => setTimeout(r, 100));
      child = childOf(parent);
    }
    assert.ok(child !== undefined, 'the command runs in a child process');
    run.child.kill('SIGTERM');
    const { code } = await run.done;
    assert.equal(code, 128 + 15);
    assert.equal(alive(child), false, 'the child ended with its parent');
  });
});

/**
 * The pid of `parent`'s child Node started with `flag` (a raised heap cap), from /proc (Linux). Only that child: tsx
 * (`--import tsx`) may run an esbuild service as another child of the same parent, and a signal sent
 * on seeing it could reach the parent before it has started the child it forwards signals to.
 */
function childOf(parent: number, flag = '--max-old-space-size='): number | undefined {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid …: the comm may hold spaces, so read after its closing parenthesis.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parent) continue;
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (cmdline.includes(flag)) return Number(name);
    } catch {
      // The process ended while the directory was read.
    }
  }
  return undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
