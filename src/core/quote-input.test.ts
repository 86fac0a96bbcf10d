import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { quoteInput } from './quote-input.js';

describe('quoteInput', () => {
  it('quotes plain text as it is', () => {
    assert.equal(quoteInput('2024-03-04'), '"2024-03-04"');
    assert.equal(quoteInput('Grüße 👋'), '"Grüße 👋"');
  });

  it('escapes control characters, so no escape sequence reaches the terminal', () => {
    const q = quoteInput('\x1b[31mred\x1b[0m\x00\x7f\r\n\t"\\');
    assert.equal(q, '"\\x1b[31mred\\x1b[0m\\x00\\x7f\\r\\n\\t\\"\\\\"');
    assert.ok(!q.split('').some((c) => c < ' ' || c === '\x7f'), q);
  });

  it('escapes invisible format characters and lone surrogates', () => {
    assert.equal(quoteInput('a\u202eb\u200bc'), '"a\\u202eb\\u200bc"');
    assert.equal(quoteInput('x\ud800y'), '"x\\ud800y"');
  });

  it('cuts long input to max characters and says how long it was', () => {
    const q = quoteInput('a'.repeat(5 * 1024 * 1024));
    assert.equal(q, `"${'a'.repeat(120)}…" (5,242,880 characters)`);
    assert.ok(q.length < 160);
    assert.equal(quoteInput('abcdef', 3), '"abc…" (6 characters)');
  });

  it('never cuts an emoji in half', () => {
    const q = quoteInput(`${'a'.repeat(119)}👋b`);
    assert.equal(q, `"${'a'.repeat(119)}…" (122 characters)`);
  });
});
