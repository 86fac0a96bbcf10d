/**
 * `node --import tsx bench/monitor-receive.ts [--events N] [--rounds R]`: the WebSocket part of the
 * monitor's ingest, alone. The throughput bench's frames are served by the local Jetstream replay
 * (bench/monitor-replay.ts, a child process) to a bare `ws` client that only turns each frame into a
 * string, as the Jetstream client does before decoding. Prints, per round, the client's CPU time per
 * frame (process.cpuUsage, so a loaded machine does not inflate it) and the wall time to receive all.
 * With bench/monitor-ingest.ts (decode, de-duplication, journal, window) it prices a whole event.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { benchStream } from './monitor-bench-run.js';

const { values } = parseArgs({
  options: { events: { type: 'string', default: '200000' }, rounds: { type: 'string', default: '3' } },
});
const { frames } = benchStream(Number(values.events));
const dir = mkdtempSync(join(tmpdir(), 'monitor-receive-'));
const file = join(dir, 'frames.ndjson');
writeFileSync(file, frames.join('\n') + '\n');
const server = spawn(process.execPath, ['--import', 'tsx', 'bench/monitor-replay.ts', file], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
try {
  const url = await new Promise<string>((resolve) => {
    createInterface({ input: server.stdout }).once('line', resolve);
  });
  for (let r = 0; r < Number(values.rounds); r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let n = 0;
    let chars = 0;
    await new Promise<void>((resolve) => {
      const ws = new WebSocket(`${url}?compress=false`, { perMessageDeflate: false });
      ws.on('message', (data) => {
        chars += (data as Buffer).toString('utf8').length;
        if (++n === frames.length) {
          ws.terminate();
          resolve();
        }
      });
    });
    const c = process.cpuUsage(c0);
    process.stdout.write(
      `round ${r + 1}: ${n} frames (${Math.round(chars / n)} chars each), ` +
        `${((c.user + c.system) / n).toFixed(2)} µs CPU per frame, ${((performance.now() - t0) / 1000).toFixed(1)} s wall\n`,
    );
  }
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
