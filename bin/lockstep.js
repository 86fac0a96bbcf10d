#!/usr/bin/env node
// The published entry point runs the compiled CLI; `npm ci` builds it through the `prepare` script.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  process.stderr.write('lockstep: not built yet; run `npm run build` (npm ci does it for you)\n');
  process.exit(70);
}
const { run, endQuietlyOnClosedPipe } = await import(compiled.href);
endQuietlyOnClosedPipe();
process.exitCode = await run(process.argv.slice(2));
