/**
 * The live cases list in Chromium: with the list open, a case that `lockstep monitor --db` opens (here
 * through the same service, as the monitor's author) appears without a reload, marked new; the
 * "Monitor alerts only" filter hides the analysts' own cases; leaving the page stops the refreshing.
 * Skips, saying why, without a browser or without the built front end.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { writeDetectionOutput } from '../report/write-output.js';
import { makeResult } from '../report/test-helpers/result-factory.js';
import { browserSkip, browserWorld, SHOTS } from './test-helpers/browser-world.js';
import { MONITOR_AUTHOR } from './case-schema.js';
import { Cases } from './cases/service.js';
import { addRun } from './runs.js';

const skip = browserSkip('live cases list');

describe('live cases list in Chromium', { skip }, () => {
  let runId: string;
  const w = browserWorld({
    prefix: 'lockstep-cases-live-',
    password: 'alice-pw-123',
    seed: async (store, dir) => {
      await writeDetectionOutput(makeResult({ networks: 2, size: 4 }), join(dir, 'run'));
      runId = (
        await addRun(store, join(dir, 'run'), { org: 'org-a', tlp: 'amber', inputs: false, title: 'Run' })
      ).id;
    },
  });

  it('shows a monitor alert case as it is opened, marked new, and filters to the monitor', async () => {
    const page = await w.browser.newPage({ viewport: { width: 1280, height: 700 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await w.logIn(page);
    const cases = new Cases(w.store);
    await cases.open({ org: 'org-a', username: 'alice' }, { runId, network: 'N1', title: 'Opened by hand' });
    await page.goto(`${w.base}/#/cases`);
    await page.waitForSelector('table.cases');
    assert.equal(await page.locator('table.cases tbody tr').count(), 1);
    assert.match(await page.locator('p.live').innerText(), /^Live: checked \d\d:\d\d:\d\d UTC$/);

    const { case: alert } = await cases.open(
      { org: 'org-a', username: MONITOR_AUTHOR },
      { runId, network: 'N2', title: 'Monitor alert: new network net-abc (4 accounts, co-retweet)' },
    );
    // No reload: the list re-reads itself every few seconds.
    await page.waitForSelector('table.cases tbody tr.fresh', { timeout: 20_000 });
    assert.deepEqual(await page.locator('table.cases tbody tr.fresh td:first-child a').allInnerTexts(), [
      alert.title,
    ]);
    assert.match(await page.locator('p.live').innerText(), /1 new since you opened this page/);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'cases-live.png') });

    await page.check('#monitor-only');
    assert.deepEqual(await page.locator('table.cases tbody td:first-child a').allInnerTexts(), [alert.title]);
    await page.uncheck('#monitor-only');
    assert.equal(await page.locator('table.cases tbody tr').count(), 2);

    // Leaving the list stops its refreshing: no /api/cases request from the runs page.
    await page.goto(`${w.base}/#/runs`);
    await page.waitForSelector('table.runs');
    let listed = 0;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/cases') listed++;
    });
    await page.waitForTimeout(6000);
    assert.equal(listed, 0);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
