/**
 * Test input shared by the chunk reader's and the one-worker reader's tests (chunk-source.test.ts,
 * worker-source.test.ts): CSV that a cut between records must not change, and CSV that must fail.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LockstepError } from '../../../core/errors.js';
import { collectActions, type CollectOptions } from '../../../detect/engine/actions.js';
import { IngestStats, readAllPosts } from '../../../ingest/index.js';

const QUT_HEAD = 'message_id,user_id,username,repost_id,reply_id,message,timestamp,urls';

/**
 * Two qut files in `dir`: CRLF with a BOM, quoted line breaks, `""` escapes, a blank line and four bad
 * rows (first three skips on physical lines 6, 8 and 11); then the first rows gzipped, no final line break.
 */
export async function writeHostileQut(dir: string): Promise<[string, string]> {
  const rows = [
    '1,a,Ann,,,"first line\r\nsecond line, with ""quotes""",1700000000,',
    '2,b,Bob,1,,"RT text",1700000005,',
    '',
    '3,c,Cy,,,too,few',
    '4,d,Di,,,"#one @two https://example.org/x?utm_source=y",1700000010,https://example.org/x',
    '5,,Ed,,,no account,1700000011,',
    '6,a,Ann,,1,"a reply\nover two lines",1700000020,',
    '7,e,Ev,,,bad time,yesterday,',
  ];
  const one = join(dir, 'one.csv');
  await writeFile(one, '\ufeff' + QUT_HEAD + '\r\n' + rows.join('\r\n') + '\r\n');
  const two = join(dir, 'two.csv.gz');
  await writeFile(two, gzipSync(QUT_HEAD + '\n' + rows.slice(0, 5).join('\n')));
  return [one, two];
}

/** Malformed files read as qut (name, text): an unclosed quote, text after a quote, a wrong header, nothing. */
const MALFORMED_QUT: readonly [string, string][] = [
  ['unclosed.csv', QUT_HEAD + '\n1,a,A,,,ok,1700000000,\n2,b,B,,,"never closed,1700000001,\n3,c,C,,,x,1,\n'],
  ['after-quote.csv', QUT_HEAD + '\n1,a,A,,,"x"y,1700000000,\n'],
  ['header.csv', 'id,who,when\n1,a,1700000000\n'],
  ['empty.csv', ''],
];

/**
 * Writes each MALFORMED_QUT file into `dir` and requires `read(path, pieceBytes)` to fail, for cuts
 * every 2 and every 1,000 bytes, with the one-thread reader's LockstepError (code, message, details).
 */
export async function assertFailsAsOneThread(
  dir: string,
  options: CollectOptions,
  read: (path: string, pieceBytes: number) => Promise<unknown>,
): Promise<void> {
  for (const [name, text] of MALFORMED_QUT) {
    const path = join(dir, name);
    await writeFile(path, text);
    const expected = await collectActions(
      readAllPosts([path], { format: 'qut' }, new IngestStats()),
      options,
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(expected instanceof LockstepError, name);
    for (const piece of [2, 1000]) {
      await assert.rejects(read(path, piece), (e: unknown) => {
        assert.ok(e instanceof LockstepError, name);
        assert.equal(e.code, expected.code);
        assert.equal(e.message, expected.message);
        assert.deepEqual(e.details, expected.details);
        return true;
      });
    }
  }
}
