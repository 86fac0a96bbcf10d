#!/usr/bin/env node
// The published entry point runs the compiled CLI; `npm ci` builds it through the `prepare` script.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  process.stderr.write('lockstep: not built yet; run `npm run build` (npm ci does it for you)\n');
  process.exit(70);
}
const argv = process.argv.slice(2);
// Commands that hold a whole data set re-run in a child with a heap cap fitted to the machine.
const { runWithRaisedHeap } = await import(new URL('../dist/cli/heap-limit.js', import.meta.url).href);
const childCode = await runWithRaisedHeap(fileURLToPath(import.meta.url), argv);
if (childCode !== undefined) process.exitCode = childCode;
else {
  const { run, endQuietlyOnClosedPipe } = await import(compiled.href);
  endQuietlyOnClosedPipe();
  process.exitCode = await run(argv);
}
