import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { md4 } from 'hash-wasm';
import { formatPrefix, hashPasswordAsync, parsePrefix, prefixOf, toHexUpper } from './hash.js';

describe('hash modes', () => {
  it('hash-wasm MD4 matches the RFC 1320 test suite', async () => {
    const vectors: [string, string][] = [
      ['', '31d6cfe0d16ae931b73c59d7e0c089c0'],
      ['a', 'bde52cb31de33e46245e05fbdbd6fb24'],
      ['abc', 'a448017aaf21d8525fc10ae87aa6729d'],
      ['message digest', 'd9130a8164549fe818874806e1c7014b'],
      ['abcdefghijklmnopqrstuvwxyz', 'd79e1c308aa5bbcdeea8ed63df412da9'],
    ];
    for (const [input, hex] of vectors) assert.equal(await md4(input), hex, input);
  });

  it('NTLM is MD4 of UTF-16LE: known NT hashes', async () => {
    const vectors: [string, string][] = [
      ['', '31D6CFE0D16AE931B73C59D7E0C089C0'],
      ['password', '8846F7EAEE8FB117AD06BDD830B7586C'],
      ['Password', 'A4F49C406510BDCAB6824EE7C30FD852'],
      ['123456', '32ED87BDB5FDC5E9CBA88547376818D4'],
    ];
    for (const [pw, hex] of vectors) assert.equal(toHexUpper(await hashPasswordAsync(pw, 'ntlm')), hex, pw);
  });

  it('NTLM of non-ASCII text hashes the UTF-16 code units, not UTF-8 bytes', async () => {
    const pw = 'pässwörd€😀';
    const viaUtf16 = (await md4(Buffer.from(pw, 'utf16le'))).toUpperCase();
    const viaUtf8 = (await md4(Buffer.from(pw, 'utf8'))).toUpperCase();
    const got = toHexUpper(await hashPasswordAsync(pw, 'ntlm'));
    assert.equal(got, viaUtf16);
    assert.notEqual(got, viaUtf8);
  });

  it('SHA-1 mode matches the well-known hash of "password" (HIBP example)', async () => {
    const h = await hashPasswordAsync('password', 'sha1');
    assert.equal(toHexUpper(h), '5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8');
    assert.equal(formatPrefix(prefixOf(h)), '5BAA6');
  });

  it('prefixes: parse any case, reject wrong length or non-hex, format with zero padding', () => {
    assert.equal(parsePrefix('21bd1'), 0x21bd1);
    assert.equal(parsePrefix('21BD1'), 0x21bd1);
    for (const bad of ['', '21BD', '21BD12', '21BG1', ' 21BD', '0x21B'])
      assert.equal(parsePrefix(bad), -1, bad);
    assert.equal(formatPrefix(0xa), '0000A');
    assert.equal(formatPrefix(0xfffff), 'FFFFF');
  });
});
