import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync, truncateSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { dictionary } from '@zxcvbn-ts/language-common';
import { LockstepError } from '../../core/errors.js';
import { buildIndex } from './build-index.js';
import { RangeIndex } from './range-index.js';
import { parsePrefix } from './hash.js';
import {
  FIXTURE,
  fixturePairs,
  hashCounts,
  referenceRanges,
  tempDir,
  writeHashFile,
  writeRangeDir,
} from './test-corpus.js';

/** Every prefix holding a hash plus a few empty ones must render exactly the reference body. */
function assertAllRanges(idxPath: string, counts: ReadonlyMap<string, number>): void {
  const idx = RangeIndex.open(idxPath);
  try {
    const expected = referenceRanges(counts);
    for (const p of ['00000', 'FFFFF', '12345']) if (!expected.has(p)) expected.set(p, '');
    for (const [p, body] of expected) {
      assert.equal(idx.rangeSync(parsePrefix(p)).toString('latin1'), body, `prefix ${p}`);
    }
    assert.equal(idx.stats().hashes, counts.size);
  } finally {
    idx.close();
  }
}

describe('buildIndex', () => {
  const dir = tempDir();
  // A larger corpus generated at test time: the whole zxcvbn-ts common list, ranks turned into counts.
  const big: [string, number][] = dictionary['passwords-common'].map((p, i) => [p, Math.ceil(1e6 / (i + 1))]);
  let bigSha1: Map<string, number>;
  let bigNtlm: Map<string, number>;
  before(async () => {
    bigSha1 = await hashCounts(big, 'sha1');
    bigNtlm = await hashCounts(big, 'ntlm');
  });

  it('indexes the committed password-list fixture (TAB counts) with exact counts', async () => {
    const out = join(dir, 'fixture.idx');
    const r = await buildIndex({ inputs: [FIXTURE.pathname], out });
    const counts = await hashCounts(fixturePairs(), 'sha1');
    assert.equal(r.mode, 'sha1');
    assert.equal(r.path, 'external-sort');
    assert.equal(r.linesSkipped, 0);
    assertAllRanges(out, counts);
  });

  it('a sorted downloader single file takes the one-pass path; the result equals the reference', async () => {
    const src = join(dir, 'pwnedpasswords.txt');
    writeHashFile(src, bigSha1, { eol: '\r\n' });
    const out = join(dir, 'single.idx');
    const r = await buildIndex({ inputs: [src], out });
    assert.equal(r.path, 'sorted');
    assert.equal(r.hashes, bigSha1.size);
    assert.ok(r.bytesPerHash > 18 && r.bytesPerHash < 300, `bytes/hash ${r.bytesPerHash}`);
    assertAllRanges(out, bigSha1);
  });

  it('range files (ABCDE.txt), LF or CRLF, and an unsorted lowercase file give byte-identical indexes', async () => {
    const some = new Map([...bigSha1].slice(0, 3000));
    const single = join(dir, 'a.txt');
    writeHashFile(single, some);
    const rangesCrlf = join(dir, 'ranges-crlf');
    writeRangeDir(rangesCrlf, some);
    const rangesLf = join(dir, 'ranges-lf');
    writeRangeDir(rangesLf, some, '\n');
    const shuffled = join(dir, 'shuffled.txt');
    writeHashFile(shuffled, some, { shuffle: true, lower: true });
    const outs = ['a', 'crlf', 'lf', 'shuffled'].map((n) => join(dir, `${n}.idx`));
    await buildIndex({ inputs: [single], out: outs[0]! });
    const rc = await buildIndex({ inputs: [rangesCrlf], out: outs[1]! });
    await buildIndex({ inputs: [rangesLf], out: outs[2]! });
    const rs = await buildIndex({ inputs: [shuffled], out: outs[3]!, partitionBits: 4 });
    assert.equal(rc.path, 'sorted');
    assert.equal(rs.path, 'external-sort', 'out-of-order input must fall back to the external sort');
    const bytes = outs.map((o) => readFileSync(o));
    for (let i = 1; i < bytes.length; i++) assert.ok(bytes[0]!.equals(bytes[i]!), `index ${outs[i]} differs`);
  });

  it('merges duplicate hashes across files by summing counts', async () => {
    const a = join(dir, 'dup-a.tsv');
    const b = join(dir, 'dup-b.tsv');
    writeFileSync(a, 'hunter2\t5\nhunter2\ncorrect horse\t7\n');
    writeFileSync(b, 'hunter2\t10\n');
    const out = join(dir, 'dup.idx');
    const r = await buildIndex({ inputs: [a, b], out });
    assert.equal(r.hashes, 2);
    assertAllRanges(
      out,
      await hashCounts(
        [
          ['hunter2', 16],
          ['correct horse', 7],
        ],
        'sha1',
      ),
    );
  });

  it('NTLM: 32-hex hash files are detected; password lists hash with --mode ntlm; both agree', async () => {
    const src = join(dir, 'ntlm.txt');
    writeHashFile(src, bigNtlm);
    const fromHashes = join(dir, 'ntlm-h.idx');
    const r = await buildIndex({ inputs: [src], out: fromHashes });
    assert.equal(r.mode, 'ntlm');
    assertAllRanges(fromHashes, bigNtlm);
    const list = join(dir, 'ntlm-list.tsv');
    writeFileSync(list, big.map(([p, c]) => `${p}\t${c}`).join('\n'));
    const fromList = join(dir, 'ntlm-l.idx');
    await buildIndex({ inputs: [list], out: fromList, mode: 'ntlm' });
    assert.ok(readFileSync(fromHashes).equals(readFileSync(fromList)));
  });

  it('bad lines are skipped and counted with file, line and reason; good lines still count', async () => {
    const good = 'A'.repeat(40);
    const good2 = 'b'.repeat(40);
    const lines = [
      `${good}:3`, // 1 ok
      `${'C'.repeat(39)}:2`, // 2 truncated hash
      `${'D'.repeat(38)}ZZ:2`, // 3 non-hex
      'E'.repeat(40), // 4 no count
      `${'E'.repeat(40)}:x1`, // 5 bad count
      `${'F'.repeat(40)}:0`, // 6 padding row
      '', // 7 empty
      `${'1'.repeat(32)}:4`, // 8 NTLM hash in a SHA-1 file
      `${'2'.repeat(40)}:1\r\r`, // 9 stray CR
      `${good2}:9\r`, // 10 ok (CRLF)
      `${'3'.repeat(40)}:`, // 11 empty count
      `${'4'.repeat(40)}:5`, // 12 ok, no final newline
    ];
    const src = join(dir, 'bad.txt');
    writeFileSync(src, lines.join('\n'));
    const out = join(dir, 'bad.idx');
    const r = await buildIndex({ inputs: [src], out });
    assert.equal(r.hashes, 3);
    assert.equal(r.linesSkipped, 9);
    assert.deepEqual(
      r.skipExamples.map((e) => [e.line, e.reason]),
      [
        [2, 'bad-length'],
        [3, 'not-hex'],
        [4, 'bad-length'],
        [5, 'bad-count'],
        [6, 'zero-count'],
        [7, 'empty-line'],
        [8, 'wrong-mode'],
        [9, 'stray-cr'],
        [11, 'bad-count'],
      ],
    );
    assert.ok(r.skipExamples.every((e) => e.file === src));
    assertAllRanges(
      out,
      new Map([
        [good, 3],
        [good2.toUpperCase(), 9],
        ['4'.repeat(40), 5],
      ]),
    );
  });

  it('refuses to mix SHA-1 and NTLM in one index, naming the file', async () => {
    const a = join(dir, 'mix-a.txt');
    const b = join(dir, 'mix-b.txt');
    writeFileSync(a, `${'A'.repeat(40)}:1\n`);
    writeFileSync(b, `${'B'.repeat(32)}:1\n`);
    await assert.rejects(buildIndex({ inputs: [a, b], out: join(dir, 'mix.idx') }), (e: unknown) => {
      assert.ok(e instanceof LockstepError);
      assert.equal(e.code, 'ERR_PASSWORDS_BAD_CORPUS');
      assert.match(e.message, /mix-b\.txt/);
      return true;
    });
    await assert.rejects(buildIndex({ inputs: [a], out: join(dir, 'mix2.idx'), mode: 'ntlm' }), /ntlm/);
  });

  it('rejects a directory without range files and a missing input', async () => {
    const empty = join(dir, 'no-ranges');
    mkdirSync(empty);
    writeFileSync(join(empty, 'notes.md'), 'x');
    await assert.rejects(buildIndex({ inputs: [empty], out: join(dir, 'x.idx') }), {
      code: 'ERR_PASSWORDS_BAD_CORPUS',
    });
    await assert.rejects(buildIndex({ inputs: [join(dir, 'missing.txt')], out: join(dir, 'x.idx') }), {
      code: 'ERR_IO',
    });
  });

  it('a range file whose name is not a prefix is refused; one with a truncated row is counted', async () => {
    const rd = join(dir, 'rd');
    mkdirSync(rd);
    writeFileSync(join(rd, '00000.txt'), `${'A'.repeat(35)}:2\r\n${'B'.repeat(34)}:1\r\n${'C'.repeat(35)}:4`);
    const r = await buildIndex({ inputs: [rd], out: join(dir, 'rd.idx') });
    assert.equal(r.hashes, 2);
    assert.deepEqual(
      r.skipExamples.map((e) => [e.line, e.reason]),
      [[2, 'bad-length']],
    );
    const named = join(dir, 'ranges.txt');
    writeFileSync(named, `${'A'.repeat(35)}:2\r\n`);
    await assert.rejects(buildIndex({ inputs: [named], out: join(dir, 'n.idx'), format: 'range' }), {
      code: 'ERR_PASSWORDS_BAD_CORPUS',
    });
  });

  it('opening a truncated or foreign file fails with ERR_PASSWORDS_BAD_INDEX', () => {
    const src = join(dir, 'fixture.idx');
    const cut = join(dir, 'cut.idx');
    copyFileSync(src, cut);
    truncateSync(cut, 1000);
    assert.throws(() => RangeIndex.open(cut), { code: 'ERR_PASSWORDS_BAD_INDEX' });
    const foreign = join(dir, 'foreign.idx');
    writeFileSync(foreign, Buffer.alloc(200, 7));
    assert.throws(() => RangeIndex.open(foreign), { code: 'ERR_PASSWORDS_BAD_INDEX' });
  });
});
