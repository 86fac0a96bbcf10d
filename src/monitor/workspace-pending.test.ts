/**
 * Pending alerts (alerts without their workspace case): which alerts a folder adopts as done, the first
 * state format, and what `catchUp` gives up (too old, or a window that no longer shows the network).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeResult } from '../report/test-helpers/result-factory.js';
import type { Store } from '../store/store.js';
import { networkAlert } from './test-helpers/network-alert.js';
import type { NetworkAlert } from './tracker.js';
import { alertKey, PENDING_LIMIT_SECONDS, PendingAlerts } from './workspace-pending.js';
import { WorkspaceSink } from './workspace-sink.js';

const tmp = mkdtempSync(join(tmpdir(), 'lockstep-pending-'));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const alert = (id: string, end: string, members?: string[]): NetworkAlert =>
  networkAlert(id, { end, members });

const T1 = '2024-03-04T10:00:00.000Z';
const T2 = '2024-03-04T10:10:00.000Z';

describe('pending workspace alerts', () => {
  it('adopts the alerts of a folder used before the workspace as done, and pends new ones', () => {
    const path = join(mkdtempSync(join(tmp, 'adopt-')), 'workspace-cases.json');
    const first = new PendingAlerts(path);
    assert.deepEqual(first.adopt([alert('net-1', T1)]), []);
    assert.equal(first.size, 0, 'an alert from before --db opens no case later');
    // Raised but its case never opened (the process died): pending after a restart.
    first.raised([alert('net-2', T2)]);
    first.save();
    const restarted = new PendingAlerts(path);
    restarted.adopt([alert('net-1', T1), alert('net-2', T2)]);
    assert.equal(restarted.size, 1);
    assert.equal(restarted.oldestGroup()?.alerts[0]?.id, 'net-2');
    assert.equal(restarted.oldestStart, Date.parse(T2) / 1000 - 3600);
  });

  it('reads the first format (network → case) and treats its alerts as done', () => {
    const path = join(mkdtempSync(join(tmp, 'v1-')), 'workspace-cases.json');
    writeFileSync(path, JSON.stringify({ 'net-1': 'case-1' }));
    const p = new PendingAlerts(path);
    p.adopt([alert('net-1', T1)]);
    assert.equal(p.size, 0);
    assert.equal(p.caseOf.get('net-1'), 'case-1');
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { version: number; done: string[] };
    assert.equal(saved.version, 2);
    assert.deepEqual(saved.done, [alertKey(alert('net-1', T1))]);
  });

  it('says which stored alert it cannot read back, and refuses a state file it does not know', () => {
    const dir = mkdtempSync(join(tmp, 'bad-'));
    const path = join(dir, 'workspace-cases.json');
    const problems = new PendingAlerts(path).adopt([{ ...alert('net-1', T1), window: null }]);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /network alert 1: window/);
    writeFileSync(path, JSON.stringify({ version: 3 }));
    assert.throws(() => new PendingAlerts(path), /workspace-cases\.json: expected \{"version":2/);
    writeFileSync(path, '{');
    assert.throws(() => new PendingAlerts(path), /workspace-cases\.json: not JSON/);
  });

  it('catchUp gives up an alert too old or whose network its window no longer shows, and says so', async () => {
    const dir = mkdtempSync(join(tmp, 'give-up-'));
    // Only org lookups would reach the store; nothing may be written for a given-up alert.
    const store = new Proxy({} as Store, {
      get: (_t, name) => () => Promise.reject(new Error(`unexpected store call ${String(name)}`)),
    });
    const sink = new WorkspaceSink({ store, org: 'org-x', tlp: 'amber', source: 'test', dir });
    sink.adopt([]);
    sink.raised([alert('net-old', T1), alert('net-gone', T2, ['x', 'y'])]);
    const warnings: string[] = [];
    const now = Date.parse(T1) / 1000 + PENDING_LIMIT_SECONDS + 1;
    let detections = 0;
    const result = makeResult({ networks: 1, size: 4 });
    const detect = (): Promise<{ result: typeof result; posts: [] }> => {
      detections++;
      return Promise.resolve({ result, posts: [] });
    };
    assert.equal(await sink.catchUp(detect, now, (l) => warnings.push(l)), 0);
    assert.equal(detections, 0, 'too old: not detected again');
    assert.match(warnings[0]!, /no case for alert net-old of .*older than 24 h/);
    assert.equal(await sink.catchUp(detect, now, (l) => warnings.push(l)), 0);
    assert.equal(detections, 1);
    assert.match(warnings[1]!, /no case for alert net-gone .*no longer shows the network/);
    assert.equal(sink.pending, 0);
    assert.equal(await sink.catchUp(detect, now, (l) => warnings.push(l)), 0, 'nothing left');
  });
});
