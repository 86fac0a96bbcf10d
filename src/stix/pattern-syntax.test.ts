import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { stixPatternError } from './pattern-syntax.js';

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
});
