import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser } from './sse.js';

describe('SSE parser', () => {
  it('parses messages split anywhere, with comments, multi-line data and every line ending', () => {
    const stream =
      ':thump\n\nevent: update\ndata: {"a":1}\n\r\nevent:delete\r\ndata:42\r\rdata: x\ndata: y\n\nevent: ignored-no-data\n\n';
    const expected = [
      { event: 'update', data: '{"a":1}' },
      { event: 'delete', data: '42' },
      { event: 'message', data: 'x\ny' },
    ];
    // Every split point, including between the CR and LF of a CRLF.
    for (let cut = 0; cut <= stream.length; cut++) {
      const p = new SseParser();
      const got = [...p.push(stream.slice(0, cut)), ...p.push(stream.slice(cut))];
      assert.deepEqual(got, expected, `split at ${cut}`);
    }
    const p = new SseParser();
    const oneByOne = Array.from({ length: stream.length }, (_, i) => p.push(stream.charAt(i))).flat();
    assert.deepEqual(oneByOne, expected);
  });

  it('holds an unfinished message until its blank line', () => {
    const p = new SseParser();
    assert.deepEqual(p.push('event: update\ndata: 1\n'), []);
    assert.deepEqual(p.push('\n'), [{ event: 'update', data: '1' }]);
  });
});
