import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalise, words } from './text.js';

/** The word tokens as the Unicode regex finds them (what words() must return on every input). */
const regexWords = (s: string): string[] => s.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu) ?? [];

describe('words', () => {
  it('returns the regex tokens on normalised ASCII (the split fast path) and on everything else', () => {
    const inputs = [
      '',
      'a',
      'vaccine causes 5g',
      'Hello, World!',
      ' leading space',
      'two  spaces',
      'trailing ',
      'snake_case and-dash',
      'café crème',
      'x\u0301y \u0301mark first',
      'नमस्ते दुनिया',
      '疫苗 导致',
      '😀 emoji',
    ];
    for (const s of inputs) {
      assert.deepEqual([...words(s)], regexWords(s), JSON.stringify(s));
      const n = normalise(s);
      assert.deepEqual([...words(n)], regexWords(n), JSON.stringify(n));
    }
  });
});
