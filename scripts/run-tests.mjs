#!/usr/bin/env node
// Runs every `*.test.ts` beside the code with Node's own test runner (TypeScript through tsx).
// Node 20 has no glob support in `--test`, so the files are listed here. Extra arguments filter by
// path substring: `npm run test:only -- ingest store`.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = ['src', 'bench', 'scripts'];
const filters = process.argv.slice(2);

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name === 'fixtures') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.test.ts')) out.push(p);
  }
}

const files = [];
for (const r of roots) walk(r, files);
files.sort();
const selected = filters.length ? files.filter((f) => filters.some((s) => f.includes(s))) : files;
if (selected.length === 0) {
  console.error('run-tests: no test files matched');
  process.exit(1);
}
const reporter = 'spec';
const res = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    `--test-reporter=${reporter}`,
    '--test-timeout=600000',
    ...selected,
  ],
  { stdio: 'inherit' },
);
process.exit(res.status ?? 1);
