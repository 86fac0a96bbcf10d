/** What `lockstep detect` tells a user who gives it the wrong file: short, printable, the real cause. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../test-helpers/run-cli.js';
import { CsvTokenizer } from '../../ingest/csv-tokenizer.js';
import { isLockstepError } from '../../core/errors.js';
import { plural } from '../../core/plural.js';

const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/; // eslint-disable-line no-control-regex

describe('detect error messages', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lockstep-messages-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  async function detect(name: string, content: string | Buffer, ...args: string[]) {
    const file = join(dir, name);
    await writeFile(file, content);
    return cli(['detect', file, ...args, '--out', join(dir, 'out')]);
  }

  it('escapes control bytes instead of sending them to the terminal', async () => {
    const r = await detect('escapes.bin', 'abc\x1b[2J\x1b[31mXYZ\x1b]0;title\x07,x\n1,2\n');
    assert.equal(r.code, 65);
    assert.match(r.err, /ERR_INGEST_UNKNOWN_FORMAT: .*unknown CSV header "abc\\x1b\[2J\\x1b\[31mXYZ/);
    assert.ok(!CONTROL.test(r.err), JSON.stringify(r.err));
  });

  it('calls a file with NUL bytes binary', async () => {
    const r = await detect(
      'image.bin',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
    );
    assert.equal(r.code, 65);
    assert.match(r.err, /binary data \(NUL bytes\), not CSV or JSON lines/);
  });

  it('cuts a huge first line to a one-line message', async () => {
    const r = await detect('long.csv', `${'a'.repeat(300_000)}\n`);
    assert.equal(r.code, 65);
    assert.ok(r.err.length < 400, `${r.err.length} characters`);
    assert.match(r.err, /…" \(262,144 characters\)/);
  });

  it('forced --format ndjson on invalid JSON says how many lines were skipped and why', async () => {
    const r = await detect(
      'bad.ndjson',
      '{"a":1\nnot json\n{bad}\n',
      '--format',
      'ndjson',
      '--map',
      'account=a,time=b',
    );
    assert.equal(r.code, 65);
    assert.match(r.err, /ERR_DETECT_NO_INPUT: no posts to analyse: read 3 rows and skipped 3/);
    assert.match(r.err, /line 1: invalid JSON/);
    assert.match(r.err, /Check --format and --map/);
  });
});

describe('a record that never ends', () => {
  const tokenize = (text: string): unknown => {
    const t = new CsvTokenizer({ file: 'f.csv', maxRecordBytes: 1000 });
    try {
      t.push(Buffer.from(text), () => undefined);
      return undefined;
    } catch (e) {
      return e;
    }
  };
  it('blames an open quote only when there is one', () => {
    const quote = tokenize(`a,b\n1,"${'x'.repeat(5000)}`);
    assert.ok(isLockstepError(quote) && /quote in it is probably never closed/.test(quote.message));
    const noQuote = tokenize(`a,b\n${'x'.repeat(5000)}`);
    assert.ok(isLockstepError(noQuote), String(noQuote));
    assert.match(noQuote.message, /f\.csv:2: .*no line break \(and no quote\)/);
    assert.doesNotMatch(noQuote.message, /never closed/);
  });
});

describe('plural', () => {
  it('says 1 line, 2 lines, 1,038 accounts', () => {
    assert.equal(plural(1, 'line'), '1 line');
    assert.equal(plural(0, 'line'), '0 lines');
    assert.equal(plural(1038, 'account'), '1,038 accounts');
    assert.equal(plural(2, 'entry', 'entries'), '2 entries');
  });
});
