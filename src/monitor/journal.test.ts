import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal } from './journal.js';

describe('Journal', () => {
  it('reads back every appended line, in segments by event time, across flushes and chunk boundaries', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    try {
      const j = new Journal(dir, 60);
      const lines: { pos: number; raw: string }[] = [];
      // Multi-byte text, a raw newline (whitespace between JSON tokens), and lines longer than a chunk.
      const texts = ['{"t":"é 東京 🗳"}', '{"a":1,\n"b":2}', `{"long":"${'x'.repeat((1 << 20) + 17)}"}`];
      for (let i = 0; i < 3000; i++) {
        const raw = i % 1000 === 999 ? texts[2]! : texts[i % 2]!;
        j.append(i / 10, i + 1, raw);
        lines.push({ pos: i + 1, raw: raw.replace(/\n/g, ' ') });
        if (i === 1500) j.flush();
      }
      assert.ok(j.bytes() > 3 << 20, 'buffered lines count in bytes()');
      j.flush();
      assert.deepEqual(
        readdirSync(join(dir, 'journal')).sort(),
        ['0.ndjson', '120.ndjson', '180.ndjson', '240.ndjson', '60.ndjson'].sort(),
      );
      assert.deepEqual([...new Journal(dir, 60).read()], lines);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("copies a frame's bytes as received, and reads back the same lines as from its string", () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    try {
      const j = new Journal(dir, 60);
      // Multi-byte text; bytes that are not UTF-8 (decoded to U+FFFD); a raw newline (the string's
      // path); positions of every length, and ones that are not integers.
      const frames = [
        Buffer.from('{"t":"é 東京 🗳"}'),
        Buffer.from([0x7b, 0x22, 0x78, 0x22, 0x3a, 0x22, 0xff, 0xc3, 0x22, 0x7d]),
        Buffer.from('{"a":1,\r\n"b":2}'),
      ];
      const positions = [0, 7, 1_700_000_000_123_456, 2 ** 53 - 1, 2.5, -3];
      const lines: { pos: number; raw: string }[] = [];
      for (const [i, pos] of positions.entries()) {
        const bytes = frames[i % frames.length]!;
        const raw = bytes.toString('utf8');
        j.append(1, pos, raw, bytes);
        lines.push({ pos, raw: raw.replace(/[\r\n]/g, ' ') });
      }
      j.flush();
      const file = readFileSync(join(dir, 'journal', '0.ndjson'));
      assert.ok(file.includes(Buffer.from([0x22, 0xff, 0xc3, 0x22])), 'the bytes as received, not U+FFFD');
      assert.ok(file.toString('latin1').startsWith('0\t{'), 'the position as String() spells it');
      assert.ok(file.toString('latin1').includes('\n1700000000123456\t'));
      assert.deepEqual([...new Journal(dir, 60).read()], lines);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('cuts off a line torn by a crash when read again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    try {
      const j = new Journal(dir, 60);
      j.append(1, 1, '{"a":1}');
      j.flush();
      const file = join(dir, 'journal', '0.ndjson');
      appendFileSync(file, '2\t{"b":');
      assert.deepEqual([...j.read()], [{ pos: 1, raw: '{"a":1}' }]);
      assert.equal(readFileSync(file, 'utf8'), '1\t{"a":1}\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
