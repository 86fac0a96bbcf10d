// Runs the CLI straight from the TypeScript sources (for development: `npm run dev -- detect …`).
import { fileURLToPath } from 'node:url';
import { runWithRaisedHeap } from '../src/cli/heap-limit.js';

const argv = process.argv.slice(2);
const childCode = await runWithRaisedHeap(fileURLToPath(import.meta.url), argv);
if (childCode !== undefined) process.exitCode = childCode;
else {
  const { endQuietlyOnClosedPipe, run } = await import('../src/cli/main.js');
  endQuietlyOnClosedPipe();
  process.exitCode = await run(argv);
}
