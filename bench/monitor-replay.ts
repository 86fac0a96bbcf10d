/**
 * Child process for bench/monitor-throughput.ts: serves a file of Jetstream frames (one per line) from
 * the test replay server on its own core and prints the URL on stdout; exits on SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { startReplayServer } from '../src/monitor/test-helpers/replay-server.js';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: monitor-replay.ts FRAMES.ndjson [SPEED]');
// SPEED: pace the replay at this many seconds of event time per wall-clock second (default: flat out).
const speed = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
const frames = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l !== '');
const server = await startReplayServer(frames, { slice: 5000, speed });
process.stdout.write(server.url + '\n');
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
