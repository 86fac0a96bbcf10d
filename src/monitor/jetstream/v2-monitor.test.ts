import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMonitor } from '../monitor.js';
import { testStream, toV2Frames } from '../test-helpers/jetstream-events.js';
import { readMonitorOutputs } from '../test-helpers/out-files.js';
import { startReplayServer } from '../test-helpers/replay-server.js';
import { jetstreamSource } from './client.js';

const planted = testStream();
// Every boundary detected (no folding), so that two runs are comparable tick for tick.
const OPTIONS = {
  windowSeconds: 3600,
  everySeconds: 600,
  detectShare: 1,
  untilIdleSeconds: 4,
  detect: { window: 60 },
};

async function monitorOver(frames: string[], version: 1 | 2, out: string, cutAfter?: number): Promise<void> {
  const server = await startReplayServer(frames, { version, cutAfter });
  try {
    await runMonitor({
      out,
      source: jetstreamSource({ url: server.url, backoff: { initialMs: 5, maxMs: 20 } }),
      ...OPTIONS,
    });
  } finally {
    await server.close();
  }
}

describe('monitor over Jetstream v2', () => {
  it('alerts exactly as over v1 for the same events, across a dropped connection, with seq as its cursor', async () => {
    const v1 = mkdtempSync(join(tmpdir(), 'monitor-v1-'));
    const v2 = mkdtempSync(join(tmpdir(), 'monitor-v2-'));
    await monitorOver(planted.frames, 1, v1);
    await monitorOver(toV2Frames(planted.frames), 2, v2, 1200);
    const a = readMonitorOutputs(v1);
    const b = readMonitorOutputs(v2);
    assert.ok(a.alerts.length > 0, 'the planted groups were alerted');
    assert.deepEqual(b.alerts, a.alerts);
    assert.deepEqual(b.networks, a.networks);
    assert.equal(b.posts, a.posts);
    assert.equal(b.cursorPos, planted.frames.length, 'the cursor is the last seq');
  });

  it('refuses to resume a v1 state folder against a v2 endpoint (time_us and seq positions differ)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'monitor-mixed-'));
    const few = planted.frames.slice(0, 50);
    await monitorOver(few, 1, dir);
    await assert.rejects(monitorOver(toV2Frames(few), 2, dir), /holds the state of a jetstream monitor/);
  });
});
