/**
 * The reused-buffer writers put exactly the UTF-8 of the joined strings in the file: multi-byte
 * characters at every offset around the buffer's end, and strings too long for the buffer.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../test-helpers/seeded-random.js';
import { Utf8FileSync, writeUtf8File } from './utf8-file.js';

/** ~9 MB of text over two buffers' worth, 1- to 4-byte characters, and two strings over 1.4M units. */
function chunks(): string[] {
  const rand = seededRandom(11);
  const alphabet = ['a', ',', '\r\n', 'é', '—', '😀', '\u{10FFFF}', 'ü'];
  const out: string[] = [];
  for (let i = 0; i < 60000; i++) {
    let s = '';
    const n = Math.floor(rand() * 90);
    for (let k = 0; k < n; k++) s += alphabet[Math.floor(rand() * alphabet.length)]!;
    out.push(s);
    if (i === 20000) out.push('😀'.repeat(800000));
    if (i === 40000) out.push('x'.repeat(1500000) + 'é');
  }
  out.push('');
  return out;
}

describe('utf8-file', () => {
  it('writes the UTF-8 of the joined strings, in the calling thread and synchronously', async () => {
    const parts = chunks();
    const expected = Buffer.from(parts.join(''));
    const dir = await mkdtemp(join(tmpdir(), 'lockstep-utf8-'));
    try {
      await writeUtf8File(join(dir, 'async.txt'), parts);
      const f = new Utf8FileSync(join(dir, 'sync.txt'));
      for (const s of parts) f.write(s);
      f.flush();
      f.close();
      assert.ok((await readFile(join(dir, 'async.txt'))).equals(expected));
      assert.ok((await readFile(join(dir, 'sync.txt'))).equals(expected));
      await writeUtf8File(join(dir, 'empty.txt'), []);
      assert.equal((await readFile(join(dir, 'empty.txt'))).length, 0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('never cuts a string short at the end of the buffer, whatever room is left', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lockstep-utf8-'));
    try {
      // A 24-byte buffer; ASCII leaves every room from 0 to 23 bytes before a run of n em dashes
      // (3 bytes each) or emoji (4 bytes, 2 units each).
      for (let fill = 0; fill < 24; fill++)
        for (const unit of ['—', '😀', 'é'])
          for (let n = 1; n <= 9; n++) {
            const parts = ['a'.repeat(fill % 8), 'b'.repeat(fill - (fill % 8)), unit.repeat(n), 'z'];
            const path = join(dir, 'x.txt');
            await writeUtf8File(path, parts, 24);
            const f = new Utf8FileSync(join(dir, 'y.txt'), 24);
            for (const p of parts) f.write(p);
            f.flush();
            f.close();
            const expected = Buffer.from(parts.join(''));
            assert.ok((await readFile(path)).equals(expected), `${fill} ${unit}×${n}`);
            assert.ok((await readFile(join(dir, 'y.txt'))).equals(expected), `sync ${fill} ${unit}×${n}`);
          }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails on a path it cannot create', async () => {
    await assert.rejects(writeUtf8File('/nonexistent-dir/x.txt', ['a']), /ENOENT/);
    assert.throws(() => new Utf8FileSync('/nonexistent-dir/x.txt'), /ENOENT/);
  });
});
