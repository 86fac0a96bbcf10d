/**
 * The explorer's picture at rest, to compare two front ends byte for byte (`cmp`): screenshots of the
 * graph element in the first view, with a node hovered (sigma's hover layer, found through the
 * picking buffer), and with every edge loaded; for a synthetic run or an imported detect folder.
 *
 *   LOCKSTEP_WEB_ROOT=/tmp/base-dist node --import tsx bench/workspace-screenshots.ts OUT_DIR --synthetic 476 21
 *   cmp OUT_A/first-view.png OUT_B/first-view.png
 *
 * Same set-up as bench/workspace-graph.ts (bench/workspace-browser.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { TWO_FRAMES, withBenchStore, withWorkspace } from './workspace-browser.js';

const EXPLORER_READY = '#visible-count:text-matches("^Showing")';
/** The first node the graph holds that sigma draws, and where (the explorer's test hook). */
const A_NODE = `(() => {
  const g = document.getElementById('graph');
  for (const id of g.accountEdges().flatMap((e) => [e[0], e[1]])) {
    const p = g.nodeViewport(id);
    if (p) return p;
  }
  return null;
})()`;

async function shot(page: Page, file: string): Promise<void> {
  await page.evaluate(TWO_FRAMES);
  // sigma draws on the next animation frame after a change; two more and a pause let the compositor settle.
  await page.waitForTimeout(300);
  await page.evaluate(TWO_FRAMES);
  await page.locator('#graph').screenshot({ path: file });
  console.log(file);
}

const [out, ...args] = process.argv.slice(2);
if (!out) throw new Error('usage: workspace-screenshots.ts OUT_DIR (--synthetic N SIZE | --run DIR …)');
mkdirSync(out, { recursive: true });
await withBenchStore('lockstep-bench-shots-', args, (file) =>
  withWorkspace(
    file,
    async ({ base, page, runId }) => {
      await page.goto(`${base}/app/#/runs/${runId}`);
      await page.waitForSelector(EXPLORER_READY);
      await shot(page, join(out, 'first-view.png'));
      const box = (await page.locator('#graph').boundingBox())!;
      const p = await page.evaluate<{ x: number; y: number } | null>(A_NODE);
      if (p) {
        await page.mouse.move(box.x + p.x, box.y + p.y);
        await shot(page, join(out, 'hovered.png'));
        await page.mouse.move(0, 0);
      }
      if ((await page.$('#load-all:not([hidden])')) !== null) {
        await page.click('#load-all');
        await page.waitForSelector('#edges-loaded:text-matches("^All")');
        await shot(page, join(out, 'every-edge.png'));
      }
    },
    process.env.LOCKSTEP_WEB_ROOT,
  ),
);
