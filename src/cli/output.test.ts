import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bufferedStdout } from './output.js';

describe('buffered standard output', () => {
  it('writes everything, in order, in chunks of about 64 KB, and nothing twice', () => {
    const chunks: string[] = [];
    const out = bufferedStdout((s) => chunks.push(s));
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'x'.repeat(i % 40)}\n`);
    for (const l of lines) out.write(l);
    assert.ok(chunks.length >= 2, 'large output is not held until the end');
    out.flush();
    out.flush();
    assert.equal(chunks.join(''), lines.join(''));
    assert.ok(chunks.slice(0, -1).every((c) => c.length >= 1 << 16 && c.length < (1 << 16) + 64));
  });
});
