import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamSource } from '../../monitor/jetstream/client.js';
import { runMonitor } from '../../monitor/monitor.js';
import { testStream } from '../../monitor/test-helpers/jetstream-events.js';
import { readMonitorOutputs } from '../../monitor/test-helpers/out-files.js';
import { startReplayServer } from '../../monitor/test-helpers/replay-server.js';
import { cli } from '../test-helpers/run-cli.js';
import { openStore } from '../../store/open.js';

const stream = testStream();
// --detect-share 1: every boundary detected, so the killed run ticks where the reference run does.
const ARGS = [
  '--window',
  '3600',
  '--every',
  '600',
  '--detect-share',
  '1',
  '--co-window',
  '60',
  '--status',
  '0',
];

function child(args: string[]): { proc: ChildProcess; done: Promise<number | null> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts', 'monitor', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<number | null>((resolve) => {
    proc.on('exit', (code) => {
      if (code !== 0 && code !== null) process.stderr.write(err);
      resolve(code);
    });
  });
  return { proc, done };
}

const cursorEvents = (dir: string): number =>
  existsSync(join(dir, 'cursor.json'))
    ? (JSON.parse(readFileSync(join(dir, 'cursor.json'), 'utf8')) as { events: number }).events
    : 0;

async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const outputs = readMonitorOutputs;

describe('lockstep monitor', () => {
  it('checks its arguments', async () => {
    const none = await cli(['monitor', '--out', mkdtempSync(join(tmpdir(), 'm-'))]);
    assert.equal(none.code, 64);
    assert.match(none.err, /exactly one source/);
    const http = await cli(['monitor', '--jetstream', 'http://x/subscribe', '--out', 'x']);
    assert.match(http.err, /ws:\/\/ or wss:\/\//);
    const nomap = await cli(['monitor', '--ndjson', '-', '--out', 'x']);
    assert.match(nomap.err, /--map/);
    const notoken = await cli(['monitor', '--mastodon', 'wss://m.example', '--out', 'x']);
    assert.equal(notoken.code, 64);
    assert.match(notoken.err, /--token-env NAME/);
    const unset = await cli([
      'monitor',
      '--mastodon',
      'wss://m.example',
      '--token-env',
      'LOCKSTEP_UNSET_TOKEN_X',
      '--out',
      'x',
    ]);
    assert.match(unset.err, /LOCKSTEP_UNSET_TOKEN_X is not set/);
    const ftp = await cli(['monitor', '--mastodon', 'ftp://m.example', '--token-env', 'X', '--out', 'x']);
    assert.match(ftp.err, /--mastodon needs a ws:\/\/ or wss:\/\/ or http:\/\/ or https:\/\/ URL/);
    const stray = await cli([
      'monitor',
      '--ndjson',
      '-',
      '--map',
      'account=a,time=t',
      '--stream',
      'public',
      '--out',
      'x',
    ]);
    assert.match(stray.err, /--stream go with --mastodon/);
    const backfill = await cli(['monitor', '--ndjson', '-', '--backfill', '600', '--out', 'x']);
    assert.equal(backfill.code, 64);
    assert.match(backfill.err, /--backfill goes with --jetstream or --mastodon/);
    const badBackfill = await cli([
      'monitor',
      '--jetstream',
      'ws://x/subscribe',
      '--backfill',
      '0',
      '--out',
      'x',
    ]);
    assert.equal(badBackfill.code, 64);
    assert.match(badBackfill.err, /--backfill/);
    const badCache = await cli([
      'monitor',
      '--jetstream',
      'ws://x/subscribe',
      '--object-cache',
      '0',
      '--out',
      'x',
    ]);
    assert.equal(badCache.code, 64);
    assert.match(badCache.err, /--object-cache/);
  });

  it('--db STORE --org ORG: checked before the stream opens; alerts become cases in the workspace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'm-db-'));
    const nd = ['monitor', '--ndjson', '-', '--map', 'account=a,time=t', '--out', join(dir, 'o')];
    const stray = await cli([...nd, '--org', 'org-a']);
    assert.equal(stray.code, 64);
    assert.match(stray.err, /--org goes with --db STORE/);
    const db = join(dir, 'ws.sqlite');
    const noOrg = await cli([...nd, '--db', db]);
    assert.match(noOrg.err, /--db needs --org ORG/);
    const badTlp = await cli([...nd, '--db', db, '--org', 'org-a', '--tlp', 'purple']);
    assert.match(badTlp.err, /--tlp must be one of/);
    const unknown = await cli([...nd, '--db', db, '--org', 'org-a']);
    assert.equal(unknown.code, 64);
    assert.match(unknown.err, /--org org-a: no such organisation in the store/);

    const store = await openStore(db);
    await store.putOrg({ id: 'org-a', name: 'Desk A', redRecipients: [] });
    await store.close();
    const server = await startReplayServer(stream.frames);
    let r: Awaited<ReturnType<typeof cli>>;
    try {
      r = await cli([
        'monitor',
        '--jetstream',
        server.url,
        '--out',
        join(dir, 'live'),
        '--until-idle',
        '2',
        ...ARGS,
        '--db',
        db,
        '--org',
        'org-a',
        '--tlp',
        'green',
      ]);
    } finally {
      await server.close();
    }
    assert.equal(r.code, 0, r.err);
    // Without a watchlist every alert is a network alert (new or grown).
    const alerts = outputs(join(dir, 'live')).alerts;
    assert.ok(alerts.length >= 1);
    assert.match(r.out, new RegExp(`${alerts.length} cases? opened in the workspace`));
    const check = await openStore(db);
    try {
      const cases = await check.listCases('org-a');
      assert.equal(cases.length, alerts.length);
      assert.ok(cases.every((c) => c.tlp === 'green' && c.status === 'new'));
      const [run] = await check.listRuns(undefined);
      assert.match(run!.title, /^Monitor jetstream /);
    } finally {
      await check.close();
    }
  });

  it('killed with SIGKILL mid-stream and restarted: no lost events, no repeated alerts', async () => {
    const reference = mkdtempSync(join(tmpdir(), 'm-ref-'));
    const server0 = await startReplayServer(stream.frames);
    try {
      await runMonitor({
        out: reference,
        source: jetstreamSource({ url: server0.url }),
        windowSeconds: 3600,
        everySeconds: 600,
        detectShare: 1,
        untilIdleSeconds: 2,
        detect: { window: 60 },
      });
    } finally {
      await server0.close();
    }
    const server = await startReplayServer(stream.frames, { slice: 20, delayMs: 25 });
    const dir = mkdtempSync(join(tmpdir(), 'm-kill-'));
    const args = ['--jetstream', server.url, '--out', dir, '--until-idle', '2', ...ARGS];
    try {
      const first = child(args);
      // The planted groups are first alerted at ~80 % of the stream: kill just after that.
      const alerts = join(dir, 'alerts.ndjson');
      await until(() => existsSync(alerts) && readFileSync(alerts, 'utf8') !== '', 60_000);
      first.proc.kill('SIGKILL');
      assert.equal(await first.done, null, 'killed, not finished');
      assert.ok(cursorEvents(dir) < stream.frames.length, 'killed mid-stream');
      const second = child(args);
      assert.equal(await second.done, 0);
    } finally {
      await server.close();
    }
    const a = outputs(reference);
    const b = outputs(dir);
    assert.deepEqual(b.alerts, a.alerts);
    assert.equal(b.posts, a.posts);
    assert.deepEqual(b.networks, a.networks);
    const resumed = new URL(server.requests[1]!, 'ws://h');
    assert.ok(Number(resumed.searchParams.get('cursor')) > 1_700_000_000 * 1e6, 'resumed from a cursor');
  });

  it('--db: killed with SIGKILL as its first alert is written, restarted: every alert has one case', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'm-kill-db-'));
    const db = join(dir, 'ws.sqlite');
    const store = await openStore(db);
    await store.putOrg({ id: 'org-a', name: 'Desk A', redRecipients: [] });
    await store.close();
    const server = await startReplayServer(stream.frames, { slice: 20, delayMs: 25 });
    const out = join(dir, 'o');
    const args = [
      '--jetstream',
      server.url,
      '--out',
      out,
      '--until-idle',
      '2',
      '--db',
      db,
      '--org',
      'org-a',
      ...ARGS,
    ];
    try {
      const first = child(args);
      // Killed as soon as an alert line exists: usually before its case (the window's import runs first).
      const alerts = join(out, 'alerts.ndjson');
      await until(() => existsSync(alerts) && readFileSync(alerts, 'utf8') !== '', 60_000);
      first.proc.kill('SIGKILL');
      assert.equal(await first.done, null, 'killed, not finished');
      assert.equal(await child(args).done, 0);
    } finally {
      await server.close();
    }
    const written = readFileSync(join(out, 'alerts.ndjson'), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { kind: string; id: string; members: string[] })
      .filter((a) => a.kind === 'network');
    assert.ok(written.length >= 2, `${written.length} network alerts`);
    const check = await openStore(db);
    try {
      const cases = await check.listCases('org-a');
      assert.equal(cases.length, written.length, 'one case per alert, none lost, none twice');
      for (const a of written)
        assert.ok(
          cases.some((c) => c.title.includes(a.id) && c.accounts.length === a.members.length),
          `a case for ${a.id}`,
        );
    } finally {
      await check.close();
    }
  });

  it('stops gracefully on SIGTERM with its cursor saved', async () => {
    const server = await startReplayServer(stream.frames, { slice: 20, delayMs: 50 });
    const dir = mkdtempSync(join(tmpdir(), 'm-term-'));
    try {
      const run = child(['--jetstream', server.url, '--out', dir, ...ARGS]);
      await until(() => cursorEvents(dir) > 100, 60_000);
      run.proc.kill('SIGTERM');
      assert.equal(await run.done, 0);
      assert.ok(cursorEvents(dir) > 100);
    } finally {
      await server.close();
    }
  });
});
