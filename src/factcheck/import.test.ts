import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readFactCheckFiles, parseFactChecks, sniffFactCheckFormat } from './import.js';
import { parseCsvMapping } from './import-csv.js';

const fx = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('factcheck import', () => {
  it('reads a single ClaimReview with rating scale, claimant, dates and canonical appearances', async () => {
    const r = await readFactCheckFiles([fx('claimreview-single.json')]);
    assert.equal(r.bad.length, 0);
    const [f] = r.factChecks;
    assert.ok(f);
    assert.equal(f.url, 'https://checks.example.org/2024/hot-water-flu?utm_source=feed');
    assert.equal(f.key, 'https://checks.example.org/2024/hot-water-flu');
    assert.equal(f.claim, 'Drinking a litre of hot water every morning cures the flu');
    assert.equal(f.headline, 'No, hot water does not cure the flu');
    assert.equal(f.publisher, 'Example Checkers');
    assert.deepEqual(f.rating, { text: 'False', value: 1, best: 5, worst: 1 });
    assert.equal(f.verdict, 'false');
    assert.equal(f.claimant, 'A Wellness Blog');
    assert.equal(f.claimDate, '2024-01-28');
    assert.equal(f.reviewDate, '2024-02-03');
    assert.equal(f.language, 'en');
    assert.deepEqual(f.appearances, [
      'https://blog.example.net/hot-water-miracle',
      'https://video.example.com/watch?v=abc123',
    ]);
  });

  it('reads arrays and reports each bad item with its record number, path and reason', async () => {
    const r = await readFactCheckFiles([fx('claimreview-array.json')]);
    assert.deepEqual(
      r.factChecks.map((f) => [f.publisher, f.rating?.text, f.verdict, f.language]),
      [
        ['Vérif Exemple', 'Faux', 'false', 'fr'],
        ['Verifica Ejemplo', 'Engañoso', 'misleading', 'es'],
      ],
    );
    assert.deepEqual(r.factChecks[0]!.appearances, ['https://social.example.com/p/991']);
    assert.deepEqual(
      r.bad.map((b) => [b.record, b.path]),
      [
        [3, '$[2]'],
        [4, '$[3]'],
        [5, '$[4]'],
        [6, '$[5]'],
      ],
    );
    assert.match(r.bad[0]!.reason, /^url: /);
    assert.match(r.bad[1]!.reason, /not an http\(s\) URL/);
    assert.match(r.bad[2]!.reason, /not a ClaimReview \(@type Organization\)/);
    assert.match(r.bad[3]!.reason, /expected a JSON object, got string/);
    assert.deepEqual(r.files[0], {
      file: fx('claimreview-array.json'),
      format: 'json',
      records: 6,
      good: 2,
      bad: 4,
    });
  });

  it('takes ClaimReviews from @graph and ignores the page furniture beside them', async () => {
    const r = await readFactCheckFiles([fx('claimreview-graph.json')]);
    assert.equal(r.bad.length, 0);
    assert.equal(r.factChecks.length, 1);
    const f = r.factChecks[0]!;
    assert.equal(f.publisher, 'Faktencheck Beispiel');
    assert.deepEqual(f.rating, { text: 'Falsch', value: 2, best: 10, worst: 0 });
    assert.equal(f.verdict, 'false');
  });

  it('reads JSON lines, counting a non-JSON line and a record without claim by line number', async () => {
    const r = await readFactCheckFiles([fx('claimreview.jsonl')]);
    assert.deepEqual(
      r.factChecks.map((f) => [f.rating?.text, f.verdict]),
      [
        ['Pants on fire', 'false'],
        ['Mostly true', 'mixed'],
      ],
    );
    assert.deepEqual(
      r.bad.map((b) => [b.record, b.reason]),
      [
        [3, 'line is not JSON'],
        [4, 'claimReviewed: missing (no claim text)'],
      ],
    );
  });

  it('finds ClaimReview in an HTML page among other ld+json blocks, reporting a broken block', async () => {
    const r = await readFactCheckFiles([fx('page.html')]);
    assert.equal(r.files[0]!.format, 'html');
    assert.deepEqual(
      r.factChecks.map((f) => [f.key, f.appearances]),
      [
        [
          'https://checks.example.org/2024/tap-water-fluoride-mind-control',
          ['https://forum.example.net/t/fluoride'],
        ],
      ],
    );
    assert.equal(r.bad.length, 1);
    assert.equal(r.bad[0]!.path, 'script[3]');
    assert.match(r.bad[0]!.reason, /ld\+json block is not JSON/);
  });

  it('reads the Fact Check Tools API shape: claim fields on every review, bad reviews counted', async () => {
    const r = await readFactCheckFiles([fx('api-response.json')]);
    assert.equal(r.factChecks.length, 1);
    const f = r.factChecks[0]!;
    assert.equal(f.claim, 'Eating carrots lets you see in complete darkness');
    assert.equal(f.claimant, 'Viral post');
    assert.equal(f.claimDate, '2024-05-01T00:00:00Z');
    assert.equal(f.headline, 'Carrots do not give night vision');
    assert.equal(f.publisher, 'Example Checkers');
    assert.equal(f.reviewDate, '2024-05-03T00:00:00Z');
    assert.equal(f.language, 'en');
    assert.deepEqual(f.rating, { text: 'False' });
    assert.deepEqual(
      r.bad.map((b) => b.path),
      ['$.claims[0].claimReview[1]', '$.claims[1]'],
    );
  });

  it('reads a Data Commons DataFeed (dataFeedElement[].item[])', async () => {
    const r = await readFactCheckFiles([fx('datafeed.json')]);
    assert.deepEqual(
      r.factChecks.map((f) => [f.key, f.appearances]),
      [['https://checks.example.org/2024/election-date-moved', ['https://social.example.com/p/1234']]],
    );
    assert.deepEqual(
      r.bad.map((b) => b.path),
      ['$.dataFeedElement[1].item[0]'],
    );
  });

  it('reads CSV by common header names; bad rows named by data row', async () => {
    const r = await readFactCheckFiles([fx('factchecks.csv')]);
    assert.deepEqual(
      r.factChecks.map((f) => [f.key, f.publisher, f.verdict, f.appearances]),
      [
        [
          'https://checks.example.org/2024/salt-water-virus',
          'Example Checkers',
          'misleading',
          ['https://social.example.com/p/55', 'https://blog.example.net/salt'],
        ],
        ['https://checks.example.org/2024/parking-free', 'Example Checkers', 'true', []],
      ],
    );
    assert.deepEqual(
      r.bad.map((b) => [b.record, b.reason]),
      [
        [3, 'url: empty'],
        [4, 'appearances: "notaurl" is not an http(s) URL'],
      ],
    );
  });

  it('takes a CSV column mapping, and reports a CSV without a url column as one bad record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-fc-'));
    const file = join(dir, 'odd.csv');
    writeFileSync(file, 'link_to_check,what_was_said,score\nhttps://x.example.org/a,Some claim,2\n');
    const mapped = await readFactCheckFiles([file], {
      csvMapping: parseCsvMapping('url=link_to_check,claim=what_was_said,rating_value=score'),
    });
    assert.deepEqual(
      mapped.factChecks.map((f) => [f.key, f.claim, f.rating?.value]),
      [['https://x.example.org/a', 'Some claim', 2]],
    );
    const unmapped = await readFactCheckFiles([file]);
    assert.equal(unmapped.factChecks.length, 0);
    assert.equal(unmapped.bad.length, 1);
    assert.match(unmapped.bad[0]!.reason, /no url column .*--csv-map url=COLUMN/);
    assert.throws(() => parseCsvMapping('colour=x'), /field one of/);
  });

  it('keeps the last of records sharing a review URL and counts the repeat', async () => {
    const r = await readFactCheckFiles([fx('claimreview-single.json'), fx('claimreview-single.json')]);
    assert.equal(r.factChecks.length, 1);
    assert.equal(r.duplicates, 1);
  });

  it('recognises formats by content', () => {
    assert.equal(sniffFactCheckFormat('  <html>', 'x.txt'), 'html');
    assert.equal(sniffFactCheckFormat('{"a":1}', 'x'), 'json');
    assert.equal(sniffFactCheckFormat('{"a":1}\n{"b":2}\n', 'x'), 'jsonl');
    assert.equal(sniffFactCheckFormat('url,claim\n', 'x.csv'), 'csv');
    assert.deepEqual(parseFactChecks('', 'empty.jsonl').records, []);
  });
});
