#!/usr/bin/env node
// Build step after `tsc` (npm run build): replaces a command module in dist/ by a single-file bundle
// of it and of the src/ modules it imports, so that running it loads one module instead of ~16.
// Why: Node 20's ESM loader costs ~1 ms CPU per module (resolve, read, compile, link) before any of
// the module's own code runs, and `lockstep lookalikes` is meant to start within ~100 ms of bare Node
// (bench/cli-startup.ts, bench/RESULTS.md). Packages and src/core stay imports (core/errors.ts's
// classes must be the ones cli/main.ts tests with instanceof). The unbundled tsc output runs the
// same; this only saves start-up. Cost: esbuild, ~0.3 s per build.
import { build } from 'esbuild';
import { renameSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const COMMANDS = ['lookalikes', 'passwords'];
const core = resolve(root, 'dist/core') + sep;

for (const name of COMMANDS) {
  const entry = resolve(root, `dist/cli/commands/${name}.js`);
  const tmp = `${entry}.bundle`;
  await build({
    entryPoints: [entry],
    outfile: tmp,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    plugins: [
      {
        name: 'keep-packages-and-core',
        setup(b) {
          // Packages and node: built-ins: imported at run time as before.
          b.onResolve({ filter: /^[^./]/ }, (a) => ({ path: a.path, external: true }));
          // src/core: one copy, shared with cli/main.js; a dynamic import() stays one, so what a
          // command loads only on some paths (passwords' HTTP server and fastify) is not loaded at
          // start-up. The path is rewritten for the bundle's place.
          b.onResolve({ filter: /^\./ }, (a) => {
            const target = resolve(a.resolveDir, a.path);
            if (!target.startsWith(core) && a.kind !== 'dynamic-import') return undefined;
            const rel = relative(dirname(entry), target).split(sep).join('/');
            return { path: rel.startsWith('.') ? rel : `./${rel}`, external: true };
          });
        },
      },
    ],
  });
  renameSync(tmp, entry);
}
