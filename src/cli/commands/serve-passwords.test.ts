import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIndex } from '../../protect/passwords/index.js';
import { fixturePairs, hashCounts, referenceRanges, tempDir } from '../../protect/passwords/test-corpus.js';

const DEV = fileURLToPath(new URL('../../../scripts/dev.ts', import.meta.url));

describe('lockstep serve --passwords-index', () => {
  const dir = tempDir();
  const index = join(dir, 'sha1.idx');
  before(async () => {
    const corpus = join(dir, 'corpus.tsv');
    writeFileSync(
      corpus,
      fixturePairs()
        .map(([p, c]) => `${p}\t${c}`)
        .join('\n') + '\n',
    );
    await buildIndex({ inputs: [corpus], out: index });
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the range API URL and serves /range beside TAXII on one real port', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', DEV, 'serve', '--demo', '--port', '0', '--passwords-index', index],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const base = await new Promise<string>((resolve, reject) => {
        let stdout = '';
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          const m = /passwords range API: (http:\/\/127\.0\.0\.1:\d+)\/range\/\{prefix\} \(sha1\)/.exec(
            stdout,
          );
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => {
          reject(new Error(`serve exited (${code}): ${stderr}`));
        });
      });
      const [prefix, body] = [...referenceRanges(await hashCounts(fixturePairs(), 'sha1'))][0]!;
      const res = await fetch(`${base}/range/${prefix}`);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), body);
      assert.equal((await fetch(`${base}/taxii2/`)).status, 401, 'TAXII still wants credentials');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
