/**
 * The workspace's quality bar in Chromium (issue #11): keyboard only — log in, open the run, search
 * and open an account, open a network's card and a case on it, move the case to triage — with a
 * visible focus outline at every Tab stop; every page's text at WCAG AA contrast; no page scrolling
 * sideways at 1280 px. Skips, saying why, without a browser or without the built front end.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { addDemoRun, browserSkip, browserWorld } from './test-helpers/browser-world.js';
import { contrastProblems, horizontalOverflow, tabTo } from './test-helpers/page-checks.js';

const skip = browserSkip('accessibility');

describe('workspace accessibility in Chromium', { skip }, () => {
  let demoRun: string;
  const w = browserWorld({
    prefix: 'lockstep-ws-a11y-',
    seed: async (store, dir) => {
      demoRun = await addDemoRun(store, dir);
    },
  });

  /** Contrast and width on the page as it is now; `name` says which page failed. */
  const checkPage = async (page: Page, name: string): Promise<void> => {
    assert.deepEqual(await contrastProblems(page), [], `${name}: text below WCAG AA contrast`);
    assert.equal(await horizontalOverflow(page), 0, `${name}: scrolls sideways at 1280 px`);
  };

  it('works from the keyboard alone, with AA contrast and no sideways scrolling at 1280 px', async () => {
    const page = await w.browser.newPage({ viewport: { width: 1280, height: 860 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${w.base}/app/#/login`);
    await page.waitForSelector('form.login');
    await checkPage(page, 'login');
    await tabTo(page, '#username');
    await page.keyboard.type('alice');
    await tabTo(page, '#password');
    await page.keyboard.type('alice-password');
    await page.keyboard.press('Enter');
    await page.waitForSelector('table.runs');
    await checkPage(page, 'runs list');

    await tabTo(page, `a[href="#/runs/${demoRun}"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#visible-count:text-matches("^Showing")');
    await checkPage(page, 'explorer');
    await tabTo(page, '#search');
    await page.keyboard.type('N1');
    await page.waitForSelector('#search-results li a');
    await tabTo(page, '#search-results li a');
    const name = await page.evaluate<string>('document.activeElement.textContent.trim()');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#account-title');
    assert.equal((await page.locator('#account-title').innerText()).trim(), name);
    await checkPage(page, 'account page');

    await page.goBack();
    await page.waitForSelector('#visible-count:text-matches("^Showing")');
    await tabTo(page, 'details.network summary');
    await page.keyboard.press('Enter');
    await page.waitForSelector('details.network[open] ul.objects li');
    await checkPage(page, 'explorer with a network card open');
    await tabTo(page, 'details.network[open] button.open-case');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#case-title');
    await checkPage(page, 'case');
    await tabTo(page, '#case-status');
    // A closed <select> takes its next option from the arrow key (new → triage).
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.locator('#case-status').inputValue(), 'triage');
    await tabTo(page, '#case-save');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#trail tr:has-text("moved it from new to triage")');

    for (const [hash, ready, what] of [
      ['#/cases', 'table.cases', 'cases list'],
      [`#/runs/${demoRun}/dashboard`, '#dashboard-totals rect.bar', 'dashboard'],
      ['#/contacts', '#directory', 'points of contact'],
      ['#/inbox', 'main h1', 'shared with us'],
    ] as const) {
      await page.goto(`${w.base}/app/${hash}`);
      await page.waitForSelector(ready);
      await checkPage(page, what);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });
});
