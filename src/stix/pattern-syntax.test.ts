import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Token } from './pattern-syntax.js';
import { MAX_PATTERN_NESTING, RULES, stixPatternError, tokenize } from './pattern-syntax.js';

// Patterns in the shape of the STIX 2.1 specification's examples (§9.9) and of MISP/OpenCTI exports.
const VALID = [
  "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
  "[url:value = 'https://example.com/index.html' OR url:value = 'https://example.com/x']",
  "[user-account:account_type = 'twitter' AND user-account:user_id = '1234567890']",
  "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$' AND email-message:body_multipart[*].body_raw_ref.name LIKE 'pdf%']",
  "[ipv4-addr:value ISSUBSET '198.51.100.0/24'] FOLLOWEDBY [domain-name:value = 'example.com'] WITHIN 600 SECONDS",
  "([file:name = 'a.exe'] AND [file:size > 1024]) REPEATS 5 TIMES",
  "[network-traffic:dst_port IN (80, 443, 8080) AND network-traffic:protocols[0] NOT = 'udp']",
  "[x509-certificate:issuer = 'CN=Example'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00.000Z'",
  "[artifact:payload_bin = b'dGVzdA==' OR artifact:hashes.MD5 = h'0a1b']",
  "[process:extensions.'windows-process-ext'.aslr_enabled = true]",
  '[file:size >= -1.5] /* comment */',
  "[file:name NOT = 'x' AND (file:size < 10 OR EXISTS file:parent_directory_ref)]",
];

const INVALID: [string, RegExp][] = [
  ["[user-account:user_id = '42'", /expected "\]"/],
  ["user-account:user_id = '42'", /expected "\[" or "\("/],
  ["[user-account:user_id = 42']", /unexpected character|expected/],
  ["[user-account:user_id '42']", /comparison operator/],
  ["[file:hashes.SHA-256 = 'x']", /hyphen; quote it/],
  ['[file:size > true]', /orderable literal/],
  ["[url:value = 'a'] WITHIN -5 SECONDS", /positive/],
  ["[url:value = 'a'] AND", /"\[" or "\("/],
  ["[url:value = 'it's']", /expected/],
  ["[File:name = 'x']", /not a STIX object type name/],
  ['', /"\[" or "\("/],
  // The grammar puts NOT after the object path (`path NOT = v`); only EXISTS may follow a leading NOT.
  ['[network-traffic:dst_port = 80 AND NOT network-traffic:src_port = 1]', /EXISTS after a leading NOT/],
];

describe('STIX pattern syntax', () => {
  it('accepts spec-shaped patterns', () => {
    for (const p of VALID) assert.equal(stixPatternError(p), undefined, p);
  });

  it('rejects malformed patterns with the expected token and column', () => {
    for (const [p, re] of INVALID) {
      const e = stixPatternError(p);
      assert.ok(e, `should reject: ${p}`);
      assert.match(e, re, p);
      assert.match(e, /\(column \d+\)$/);
    }
  });
  it('bounds the nesting of parentheses instead of overflowing the stack (issue 10)', () => {
    const nested = (n: number, inner: string) => `${'('.repeat(n)}${inner}${')'.repeat(n)}`;
    const limit = MAX_PATTERN_NESTING;
    assert.equal(stixPatternError(nested(limit - 1, "[file:name = 'a']")), undefined);
    assert.equal(stixPatternError(`[${nested(limit - 1, "file:name = 'a'")}]`), undefined);
    for (const n of [limit + 1, 10_000, 100_000]) {
      for (const p of [nested(n, "[file:name = 'a']"), `[${nested(n, "file:name = 'a'")}]`]) {
        const e = stixPatternError(p);
        assert.match(e ?? '', new RegExp(`nested deeper than ${limit} levels`), `${n} levels`);
      }
    }
  });
});

/** Longest match over every rule at each position (what the tokenizer did before it looked at the first character). */
function tokenizeTryingEveryRule(src: string): Token[] | 'error' {
  const out: Token[] = [];
  const skip = /(?:\s+|\/\*[\s\S]*?\*\/|\/\/[^\r\n]*)+/y;
  let i = 0;
  while (i < src.length) {
    skip.lastIndex = i;
    if (skip.exec(src)) {
      i = skip.lastIndex;
      if (i >= src.length) break;
    }
    let best: Token | undefined;
    for (const [kind, re] of RULES) {
      re.lastIndex = i;
      const m = re.exec(src);
      if (m && (!best || m[0].length > best.text.length)) best = { kind, text: m[0], pos: i };
    }
    if (!best) return 'error';
    out.push(best);
    i += best.text.length;
  }
  return out;
}

describe('STIX pattern tokenizer', () => {
  it('finds the same tokens as trying every lexer rule at every position', () => {
    // Fragments that start where rules overlap (t'/h'/b' against identifiers, signs and dots against
    // numbers and punctuation), glued in seeded random order.
    const parts = [
      "t'2016-06-01T00:00:00Z'",
      "h'0a1b'",
      "b'dGVzdA=='",
      "'it\\'s'",
      't',
      'h',
      'b',
      "'",
      '-1.5',
      '+2',
      '.5',
      '.',
      '0',
      '12',
      'x_y-z',
      'AND',
      'true',
      '==',
      '!=',
      '<>',
      '<=',
      '>',
      ':',
      ',',
      '(',
      ')',
      '[',
      ']',
      '*',
      ' ',
      '/* c */',
      '// c',
      '#',
      'é',
    ];
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let n = 0; n < 5000; n++) {
      let src = '';
      const len = 1 + Math.floor(random() * 8);
      for (let k = 0; k < len; k++) src += parts[Math.floor(random() * parts.length)]!;
      const expected = tokenizeTryingEveryRule(src);
      let got: Token[] | 'error';
      try {
        got = tokenize(src)
          .slice(0, -1)
          .map((t) => ({ ...t, kind: t.kind === 'kw' || t.kind === 'bool' ? 'ident' : t.kind }));
      } catch {
        got = 'error';
      }
      assert.deepEqual(got, expected, src);
    }
  });
});
