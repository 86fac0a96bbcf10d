/**
 * Page-open times of every workspace page for an imported run (issue #11: a 3M-post run's pages open
 * in ≤ 2 s). The store comes from `bench/workspace-import.ts DIR STORE` (a run of org-a); this adds a
 * user, serves the real app on a local port and, in Chromium (playwright-core driving
 * /usr/bin/chromium, headless, software WebGL), opens each page as a fresh load of its URL (the app,
 * its API calls and the drawing: what a bookmark or a reload costs; following a link inside the app
 * costs less) until the page's content is there:
 *   runs list (the table) · explorer (graph drawn, counter filled) · account page (the account with
 *   most posts) · data-set dashboard (totals chart) · cases list (the table) · a case (its title).
 * A case is opened on the run's first network first (through the explorer's button). Median of REPS
 * (default 3, LOCKSTEP_BENCH_REPS), wall time and the page's main-thread busy time (CDP TaskDuration,
 * less sensitive to other processes on a loaded machine).
 *
 *   node --import tsx bench/workspace-import.ts bench-out/sim-3M /tmp/ws3m.db
 *   node --import tsx bench/workspace-page-open.ts --store /tmp/ws3m.db
 */
import type { Page } from 'playwright-core';
import { graphViewSchema, unpackGraph } from '../src/workspace/graph-view.js';
import { mainThreadBusy, withWorkspace } from './workspace-browser.js';

const REPS = Number(process.env.LOCKSTEP_BENCH_REPS ?? 3);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * The explorer is open when its counter is filled (the graph is drawn by then). A selector, not a
 * predicate function: the app's CSP forbids the eval a string predicate needs.
 */
const EXPLORER_READY = '#visible-count:text-matches("^Showing")';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args[args.indexOf('--store') + 1];
  if (args.indexOf('--store') < 0 || file === undefined) throw new Error('give --store FILE');
  await withWorkspace(file, async ({ base, page, runId }) => {
    const busy = await mainThreadBusy(page);
    const graph = unpackGraph(
      graphViewSchema.parse(await (await page.request.get(`${base}/api/runs/${runId}/graph`)).json()),
    );
    const busiest = [...graph.nodes].sort((a, b) => b.posts - a.posts)[0]!;
    console.log(
      `run ${runId}: ${graph.run.posts} posts, ${graph.nodes.length} accounts, ${graph.edgeTotal} edges (${graph.edges.length} in the first view), ${graph.networks.length} networks`,
    );
    // A case on the first network, opened as an analyst would (the explorer's button).
    await page.goto(`${base}/app/#/runs/${runId}`);
    await page.waitForSelector(EXPLORER_READY);
    await page.locator('details.network summary').first().click();
    await page.locator('button.open-case').first().click();
    await page.waitForSelector('#case-title');
    const caseUrl = page.url().slice(page.url().indexOf('#'));

    const pages: [string, string, (p: Page) => Promise<unknown>][] = [
      ['runs list', '#/runs', (p) => p.waitForSelector('table.runs')],
      ['explorer', `#/runs/${runId}`, (p) => p.waitForSelector(EXPLORER_READY)],
      [
        'account page (most posts)',
        `#/runs/${runId}/accounts/${encodeURIComponent(busiest.id)}`,
        (p) => p.waitForSelector('#account-title'),
      ],
      ['dashboard', `#/runs/${runId}/dashboard`, (p) => p.waitForSelector('#dashboard-totals rect.bar')],
      ['cases list', '#/cases', (p) => p.waitForSelector('table.cases')],
      ['case', caseUrl, (p) => p.waitForSelector('#case-title')],
    ];
    const results = new Map<string, { wall: number[]; busy: number[] }>();
    for (let i = 0; i < REPS; i++)
      for (const [name, hash, ready] of pages) {
        await page.goto('about:blank');
        const b0 = await busy();
        const t = performance.now();
        await page.goto(`${base}/app/${hash}`);
        await ready(page);
        const r = results.get(name) ?? { wall: [], busy: [] };
        r.wall.push(performance.now() - t);
        r.busy.push((await busy()) - b0);
        results.set(name, r);
      }
    for (const [name, r] of results)
      console.log(
        `${name}: open ${median(r.wall).toFixed(0)} ms (busy ${median(r.busy).toFixed(0)} ms); runs ${r.wall.map((x) => x.toFixed(0)).join(', ')}`,
      );
  });
}

await main();
