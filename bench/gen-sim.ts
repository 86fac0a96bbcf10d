// One-off: writes bench/data/sim-<posts>-1 (named by bench/data.ts) for the scaling table. Usage: node --import tsx bench/gen-sim.ts POSTS
// Past ~30M posts the population and the pending posts outgrow V8's default heap (~4 GB): at 100M the
// generator sat at that cap collecting garbage, 3.4× the CPU per post of 10M (bench/RESULTS.md, session 15),
// so it re-runs itself with a 16 GB cap and 64 MB semi-spaces, as `lockstep simulate` runs in a child.
import { spawnSync } from 'node:child_process';
import { getHeapStatistics } from 'node:v8';
import { simulatedInput } from './data.js';

const posts = Number(process.argv[2]);
const LARGE = 20_000_000;
if (posts >= LARGE && getHeapStatistics().heap_size_limit < 8 * 2 ** 30) {
  const flags = ['--max-old-space-size=16384', '--max-semi-space-size=64'];
  const child = spawnSync(process.execPath, [...flags, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  process.exit(child.status ?? 1);
}
console.log(await simulatedInput(posts, 1));
