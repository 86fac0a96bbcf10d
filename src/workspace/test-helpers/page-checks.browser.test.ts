/**
 * The page checks (page-checks.ts) catch what they are for, on hand-made pages in Chromium: text
 * below AA contrast (and not large text at 3:1, nor a disabled button), a page wider than its
 * viewport, a Tab stop without a focus outline.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browserSkip, launchChromium } from './browser-world.js';
import { contrastProblems, horizontalOverflow, tabTo } from './page-checks.js';

const skip = browserSkip('page checks');

describe('page checks in Chromium', { skip }, () => {
  let browser: Browser;
  let page: Page;
  before(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  });
  after(async () => {
    await browser.close();
  });

  it('finds low-contrast text, spares large text at 3:1 and disabled controls', async () => {
    await page.setContent(`<body style="background:#fff;font-size:15px">
      <p>fine #1f2328</p>
      <p style="color:#999">grey 2.85:1</p>
      <div style="background:#24292f"><span style="color:#57606a">dark on dark</span></div>
      <h1 style="font-size:32px;color:#888">large 3.54:1</h1>
      <button disabled style="color:#bbb;background:#fff">off</button>
      <svg><text x="5" y="15" style="fill:#aaa">svg grey</text></svg>
    </body>`);
    const found = await contrastProblems(page);
    assert.equal(found.length, 3, found.join('\n'));
    assert.match(found[0]!, /^p "grey 2\.85:1": 2\.85:1 < 4\.5:1/);
    assert.match(found[1]!, /^span "dark on dark"/);
    assert.match(found[2]!, /^text "svg grey"/);
  });

  it('measures sideways scrolling', async () => {
    await page.setContent('<body style="margin:0"><div style="width:1400px">wide</div></body>');
    assert.ok((await horizontalOverflow(page)) > 0);
    await page.setContent('<body style="margin:0"><div>narrow</div></body>');
    assert.equal(await horizontalOverflow(page), 0);
  });

  it('tabs to an element, and fails on a stop without a focus outline', async () => {
    await page.setContent('<a href="#a">a</a> <button id="b">b</button>');
    assert.equal(await tabTo(page, '#b'), 2);
    await page.setContent('<a href="#a" style="outline:none">a</a> <button id="b">b</button>');
    await assert.rejects(tabTo(page, '#b'), /shows no outline/);
    await page.setContent('<button>only</button>');
    await assert.rejects(tabTo(page, '#nowhere', 3), /not reached with 3 presses/);
  });
});
