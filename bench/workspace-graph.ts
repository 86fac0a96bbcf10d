/**
 * The explorer's graph render and interaction (issue #11: "interactive at 10,000 nodes / 100,000
 * edges"), in Chromium (playwright-core driving /usr/bin/chromium, headless, software WebGL), at 1280×860:
 * - first draw: navigation → graph drawn and the counter filled, and the page's main-thread busy time
 *   during it (CDP TaskDuration);
 * - pan: a 20-step mouse drag across the canvas; zoom: five wheel notches (sigma animates each); both
 *   report the frame intervals the page reached while they ran (requestAnimationFrame timestamps:
 *   a frame that takes 200 ms to draw is a 200 ms interval), median and worst;
 * - hover: the pointer moved onto a node → two animation frames (sigma's picking read-back and the
 *   hover label drawn);
 * - filter: a behaviour unchecked → two frames (the redraw painted); search: a query typed → two
 *   frames (its first call also fetches the networks' details);
 * - click: a node clicked on the canvas → its account page shown;
 * then "Load all edges" (every edge of the run in the page) and the same interactions again.
 * Median of REPS (LOCKSTEP_BENCH_REPS, default 3) fresh opens; the all-edges round once per open.
 *
 *   node --import tsx bench/workspace-graph.ts --synthetic 476 21   # 9,996 accounts, 99,960 edges
 *   node --import tsx bench/workspace-graph.ts --run DIR            # a `lockstep detect --out` folder
 *   LOCKSTEP_WEB_ROOT=../base/web/dist node --import tsx bench/workspace-graph.ts …  # another front end
 *
 * The run is imported into a fresh SQLite store by this tree's code (so a base tree measures its own
 * stored pages); `--run` imports without the input posts (the graph pages do not use them).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import {
  importBenchRun,
  mainThreadBusy,
  START_FRAMES,
  STOP_FRAMES,
  TWO_FRAMES,
  withWorkspace,
} from './workspace-browser.js';

const REPS = Number(process.env.LOCKSTEP_BENCH_REPS ?? 3);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// Page-side code as strings: the bench's tsconfig has no DOM types (evaluate runs over CDP, so the
// app's CSP does not stop it).
/**
 * Uncheck the first behaviour (or check it again), then two frames. `js`: the click's synchronous part
 * (the change handler: our recount, sigma's reducers and its render issuing the WebGL calls); the rest
 * of `ms` is the wait for the frame to be drawn (the software GPU) and shown.
 */
const FILTER = `(async () => {
  const box = document.querySelector('input[data-behaviour]');
  const t0 = performance.now();
  box.click();
  const js = performance.now() - t0;
  await ${TWO_FRAMES};
  return { ms: performance.now() - t0, js };
})()`;
/** Type a query (or clear it), then wait for the counter's redraw and two frames. */
const search = (q: string): string => `(async () => {
  const input = document.getElementById('search');
  const t0 = performance.now();
  input.value = ${JSON.stringify(q)};
  input.dispatchEvent(new Event('input'));
  // The first query fetches the networks' details before it redraws: wait for the recount.
  const list = document.getElementById('search-results');
  for (let i = 0; i < 2000 && ${JSON.stringify(q)} !== '' && list.childElementCount === 0; i++)
    await new Promise((r) => setTimeout(r, 5));
  await ${TWO_FRAMES};
  return { ms: performance.now() - t0, found: list.childElementCount > 0 };
})()`;
/** Where the first of `ids` drawn well inside the canvas is (the explorer's test hook, graph → container pixels). */
const nodeAt = (ids: string[]): string => `(() => {
  const g = document.getElementById('graph');
  const r = g.getBoundingClientRect();
  for (const id of ${JSON.stringify(ids)}) {
    const p = g.nodeViewport(id);
    if (p && p.x > 40 && p.y > 40 && p.x < r.width - 40 && p.y < r.height - 40) return { x: r.left + p.x, y: r.top + p.y };
  }
  return null;
})()`;

interface Round {
  pan: number[];
  zoom: number[];
  hover: number;
  filter: number;
  /** The filter's synchronous JavaScript (ms). */
  filterJs: number;
  search: number;
  click: number;
}

/** Frame intervals (ms) the page reached while `act` ran. */
async function frames(page: Page, act: () => Promise<void>): Promise<number[]> {
  await page.evaluate(START_FRAMES);
  await act();
  const ts = await page.evaluate<number[]>(STOP_FRAMES);
  return ts.slice(1).map((t, i) => t - ts[i]!);
}

/** One round of interactions on an open explorer; ends on the account page of a clicked node. */
async function interact(page: Page, ids: string[]): Promise<Round> {
  const box = (await page.locator('#graph').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const pan = await frames(page, async () => {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + 200, cy + 100, { steps: 20 });
    await page.mouse.up();
    await page.evaluate(TWO_FRAMES);
  });
  const zoom = await frames(page, async () => {
    for (let i = 0; i < 5; i++) {
      await page.mouse.wheel(0, i < 3 ? -200 : 200);
      await page.waitForTimeout(60);
    }
    // sigma's zoom animation (250 ms) and the full redraw after it.
    await page.waitForTimeout(400);
    await page.evaluate(TWO_FRAMES);
  });
  const filterOff = await page.evaluate<{ ms: number; js: number }>(FILTER);
  await page.evaluate(FILTER);
  const found = await page.evaluate<{ ms: number; found: boolean }>(search(ids[0]!));
  await page.evaluate(search(''));
  let at = await page.evaluate<{ x: number; y: number } | null>(nodeAt(ids));
  at ??= { x: cx, y: cy };
  await page.mouse.move(at.x - 40, at.y - 40);
  await page.evaluate(TWO_FRAMES);
  let t = performance.now();
  await page.mouse.move(at.x, at.y);
  await page.evaluate(TWO_FRAMES);
  const hover = performance.now() - t;
  t = performance.now();
  await page.mouse.click(at.x, at.y);
  await page.waitForSelector('#account-title');
  const click = performance.now() - t;
  if (!found.found) console.log('  (the search listed no result)');
  return { pan, zoom, hover, filter: filterOff.ms, filterJs: filterOff.js, search: found.ms, click };
}

const EXPLORER_READY = '#visible-count:text-matches("^Showing")';

/** LOCKSTEP_WEB_ROOT: another tree's built front end (its web/dist) served by this tree's app, e.g. a base. */
const WEB = process.env.LOCKSTEP_WEB_ROOT;

async function measure(file: string): Promise<void> {
  await withWorkspace(
    file,
    async ({ base, page, runId }) => {
      const busy = await mainThreadBusy(page);
      // Candidate nodes to hover and click (the first 200 of the page), and the search query (the first id).
      const view = (await (await page.request.get(`${base}/api/runs/${runId}/graph`)).json()) as {
        nodes: { id: string[] };
      };
      const ids = view.nodes.id.slice(0, 200);
      const opens: number[] = [];
      const openBusy: number[] = [];
      const loads: number[] = [];
      const first: Round[] = [];
      const all: Round[] = [];
      for (let i = 0; i < REPS; i++) {
        await page.goto('about:blank');
        const b0 = await busy();
        let t = performance.now();
        await page.goto(`${base}/app/#/runs/${runId}`);
        await page.waitForSelector(EXPLORER_READY);
        opens.push(performance.now() - t);
        openBusy.push((await busy()) - b0);
        first.push(await interact(page, ids));
        await page.goBack();
        await page.waitForSelector(EXPLORER_READY);
        if ((await page.$('#load-all:not([hidden])')) === null) continue;
        t = performance.now();
        await page.click('#load-all');
        await page.waitForSelector('#edges-loaded:text-matches("^All")');
        await page.evaluate(TWO_FRAMES);
        loads.push(performance.now() - t);
        all.push(await interact(page, ids));
      }
      const f = (x: number): string => x.toFixed(0);
      const line = (name: string, rounds: Round[]): void => {
        if (rounds.length === 0) return;
        const pan = rounds.flatMap((r) => r.pan);
        const zoom = rounds.flatMap((r) => r.zoom);
        console.log(
          `${name}: pan frames median ${f(median(pan))} ms, worst ${f(Math.max(...pan))} ms (${pan.length} frames); ` +
            `zoom frames median ${f(median(zoom))} ms, worst ${f(Math.max(...zoom))} ms (${zoom.length}); ` +
            `hover ${f(median(rounds.map((r) => r.hover)))} ms; filter ${f(median(rounds.map((r) => r.filter)))} ms ` +
            `(of which JS ${f(median(rounds.map((r) => r.filterJs)))} ms); ` +
            `search ${f(median(rounds.map((r) => r.search)))} ms; click → account page ${f(median(rounds.map((r) => r.click)))} ms`,
        );
        console.log(
          `  (runs: filter ${rounds.map((r) => f(r.filter)).join(', ')}; search ${rounds.map((r) => f(r.search)).join(', ')}; hover ${rounds.map((r) => f(r.hover)).join(', ')})`,
        );
      };
      console.log(
        `first draw: ${f(median(opens))} ms (runs ${opens.map(f).join(', ')}); main thread busy ${f(median(openBusy))} ms`,
      );
      line('first view', first);
      if (loads.length > 0)
        console.log(`"Load all edges": ${f(median(loads))} ms (runs ${loads.map(f).join(', ')})`);
      line('every edge loaded', all);
    },
    WEB,
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-bench-graph-'));
  const file = join(dir, 'store.db');
  try {
    const store = await openSqliteStore({ file });
    try {
      await store.putOrg({ id: 'org-a', name: 'Bench org', redRecipients: [] });
      const t0 = performance.now();
      console.log((await importBenchRun(store, args)).what);
      console.log(`import took ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } finally {
      await store.close();
    }
    await measure(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
