import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter, detach } from './lines.js';

/** Splits `chunks` (strings are UTF-8 encoded first) and returns `number:text` per line. */
function split(chunks: (string | Buffer)[]): string[] {
  const out: string[] = [];
  const s = new LineSplitter((text, n) => out.push(`${n}:${text}`));
  for (const c of chunks) s.push(typeof c === 'string' ? Buffer.from(c, 'utf8') : c);
  s.end();
  return out;
}

/** What node:readline would give: breaks at CRLF, LF and lone CR, no empty last line. */
function reference(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l, i) => `${i + 1}:${l}`);
}

describe('LineSplitter', () => {
  it('counts CRLF, LF and lone CR as one break each, also split between chunks', () => {
    assert.deepEqual(split(['a.com\r', '\nb.com\rc.c', 'om\n\nd.com']), [
      '1:a.com',
      '2:b.com',
      '3:c.com',
      '4:',
      '5:d.com',
    ]);
    assert.deepEqual(split(['x\r', '\r', '\n', 'y']), ['1:x', '2:', '3:y']);
  });

  it('gives every cut of a mixed text the same lines as splitting it whole', () => {
    const text = 'plain.com\r\nmünchen.de\n日本.jp\r\r\nxn--fcebook-8va.com\n\n{"a":"ü"}\rlast';
    const bytes = Buffer.from(text, 'utf8');
    const want = reference(text);
    for (let a = 0; a <= bytes.length; a++) {
      for (let b = a; b <= bytes.length; b += 3) {
        const got = split([bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)]);
        assert.deepEqual(got, want, `cut at ${a}, ${b}`);
      }
    }
  });

  it('joins a line that spans many chunks, and keeps UTF-8 cut inside a character whole', () => {
    const long = `${'ü'.repeat(5000)}.com`;
    const bytes = Buffer.from(`${long}\nnext.com\n`, 'utf8');
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.subarray(i, i + 7)); // 7: odd, cuts 'ü'
    assert.deepEqual(split(chunks), [`1:${long}`, '2:next.com']);
  });

  it('decodes the non-ASCII lines of a chunk as UTF-8 and the ASCII ones alike', () => {
    assert.deepEqual(split(['a.com\nbücher.de\nb.com\n']), ['1:a.com', '2:bücher.de', '3:b.com']);
  });

  it('does not reuse a chunk the caller changes afterwards', () => {
    const chunk = Buffer.from('first.co');
    const out: string[] = [];
    const s = new LineSplitter((t) => out.push(t));
    s.push(chunk);
    chunk.fill(0x78); // a stream may hand out the same memory again
    s.push(Buffer.from('m\n'));
    assert.deepEqual(out, ['first.com']);
  });

  it('detach copies a string equal to the original', () => {
    const text = Buffer.from('some-long-domain-name.example.com\n').toString('latin1');
    const cut = text.slice(0, 33);
    assert.equal(detach(cut), cut);
    assert.equal(detach('fàcebook.com'), 'fàcebook.com');
  });
});
