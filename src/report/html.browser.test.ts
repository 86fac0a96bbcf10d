import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { makeResult } from './test-helpers/result-factory.js';
import { writeDetectionOutput } from './write-output.js';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
];

// Debian's chromium (CI installs it); LOCKSTEP_CHROMIUM names another binary. Without one the browser
// tests skip, saying so, rather than fail: a fresh clone's `npm test` must pass without a browser.
const CHROMIUM = process.env.LOCKSTEP_CHROMIUM ?? '/usr/bin/chromium';
const skip = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is missing (apt-get install -y chromium, or set LOCKSTEP_CHROMIUM): browser test of report.html not run`;
if (skip) console.log(`# SKIP report.html in Chromium: ${skip}`);

describe('report.html in Chromium', { skip }, () => {
  let browser: Browser;
  let dir: string;
  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    dir = await mkdtemp(join(tmpdir(), 'lockstep-html-'));
  });
  after(async () => {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('renders the picture and every network without a single outside request', async () => {
    const r = makeResult({ networks: 6, size: 7 });
    await writeDetectionOutput(r, dir);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const url = pathToFileURL(join(dir, 'report.html')).href;
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (req) => requests.push(req.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(url);
    await page.waitForSelector('body[data-ready="1"]');
    assert.deepEqual(requests, [url], 'only the page itself is loaded');
    assert.deepEqual(errors, []);

    const nodes = await page.locator('#picture circle.node').count();
    assert.equal(
      nodes,
      r.networks.reduce((s, n) => s + n.members.length, 0),
    );
    const box = await page.locator('#picture').boundingBox();
    assert.ok(box && box.width > 500 && box.height > 300, 'the picture has a size');
    // Nodes are spread out by the layout, not piled on one point.
    const xs = await page
      .locator('#picture circle.node')
      .evaluateAll((els: { getAttribute(name: string): string | null }[]) =>
        els.map((e) => Number(e.getAttribute('cx'))),
      );
    assert.ok(Math.max(...xs) - Math.min(...xs) > 200);

    assert.equal(await page.locator('section.network').count(), 6);
    assert.equal(await page.locator('section.network .timeline rect').count(), 12);
    // The payload in the example text is shown as text, never run.
    assert.match(await page.locator('#N1 .examples .text').innerText(), /<script>alert\(1\)<\/script>/);

    await page.fill('#filter', 'acct-1-');
    assert.equal(await page.locator('section.network:visible').count(), 1);
    assert.equal(await page.locator('#shown').innerText(), '1');
    await page.screenshot({ path: join(tmpdir(), 'lockstep-report-test.png'), fullPage: false });
    await page.close();
  });
});
