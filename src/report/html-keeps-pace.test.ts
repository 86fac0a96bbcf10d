/**
 * report.html against issue #11 item 7 ("the static report keeps pace"): the filter finds a network by
 * what its accounts shared, each timeline has a time axis with labelled ticks, the other output files
 * are linked, a run without networks shows no 1970-01-01 span, and table cells break long URLs at
 * their punctuation, never a word in the middle.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { breakable } from './html-escape.js';
import { renderReport } from './html.js';
import { makeResult } from './test-helpers/result-factory.js';
import { OUTPUT_FILES, writeDetectionOutput } from './write-output.js';

const unescape = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('report.html keeps pace (#11 item 7)', () => {
  it("finds a network by its shared objects: the card's search text holds each object and label", () => {
    const r = makeResult();
    const html = renderReport(r);
    for (const n of r.networks) {
      const m = new RegExp(`data-net="${n.id}"[^>]*data-search="([^"]*)"`).exec(html);
      assert.ok(m, n.id);
      const search = unescape(m[1]!);
      for (const o of n.topObjects) {
        assert.ok(search.includes(o.object.toLowerCase()), `${n.id}: ${o.object}`);
        if (o.label !== undefined) assert.ok(search.includes(o.label.toLowerCase()), `${n.id}: ${o.label}`);
      }
    }
    assert.match(html, /placeholder="Filter by account, network, behaviour or shared object/);
  });

  it('draws each timeline with a baseline, five ticks and their UTC labels', () => {
    const r = makeResult({ networks: 1 });
    const html = renderReport(r);
    const card = html.slice(html.indexOf('<h4>Timeline of bursts</h4>'));
    const svg = /<svg class="timeline"[\s\S]*?<\/svg>/.exec(card)![0];
    assert.equal(svg.match(/class="axis"/g)?.length, 6, 'baseline and five ticks');
    const labels = /<div class="axis-labels">([\s\S]*?)<\/div>/.exec(card)![1]!;
    const times = [...labels.matchAll(/<span>(\d{4}-\d\d-\d\d \d\d:\d\d)<\/span>/g)].map((x) => x[1]!);
    assert.equal(times.length, 5);
    assert.deepEqual([...times].sort(), times, 'in time order');
    assert.notEqual(times[0], times[4]);
  });

  it('links every other output file, and each link points at a file detect wrote', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lockstep-pace-'));
    try {
      await writeDetectionOutput(makeResult(), dir);
      const html = await readFile(join(dir, 'report.html'), 'utf8');
      const links = [...html.matchAll(/<a href="([^"#]+)" download>/g)].map((m) => m[1]!);
      assert.deepEqual([...links].sort(), OUTPUT_FILES.filter((f) => f !== 'report.html').sort());
      for (const f of links) assert.ok(existsSync(join(dir, f)), f);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says there was no co-activity instead of a 1970-01-01 span when nothing was found', () => {
    const html = renderReport({ ...makeResult(), edges: [], networks: [], accounts: [] });
    assert.doesNotMatch(html, /1970/);
    assert.match(html, /time span of co-activity<\/dt><dd>none \(no co-activity was found\)<\/dd>/);
  });

  it('breaks long URLs at their punctuation and leaves words whole', () => {
    assert.equal(breakable('a short headline'), 'a short headline');
    assert.equal(
      breakable('see https://news.example/a/b?x=1&y=<2> now'),
      'see https:/<wbr>/<wbr>news.<wbr>example/<wbr>a/<wbr>b?<wbr>x=<wbr>1&amp;<wbr>y=<wbr>&lt;2&gt; now',
    );
    // An unbroken 30-letter word has no separator: it is not cut.
    assert.equal(breakable('x'.repeat(30)), 'x'.repeat(30));
    const r = makeResult({ networks: 1 });
    const html = renderReport(r);
    assert.doesNotMatch(html, /break-all/);
    assert.match(html, /<td class="obj">Headline, with &quot;quotes&quot;/);
    // Without a label the cell shows the URL itself, with its break points.
    delete r.networks[0]!.topObjects[0]!.label;
    assert.match(renderReport(r), /<td class="obj">https:\/<wbr>\/<wbr>example\.<wbr>test\/<wbr>a\?<wbr>/);
  });
});
