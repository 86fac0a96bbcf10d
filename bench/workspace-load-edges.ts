/**
 * "Load all edges" in the explorer and the frame drawn at rest after it (issue #11: interactive at
 * 10,000 nodes / 100,000 edges), for a synthetic run or an imported detect folder. Per fresh open
 * (`--opens`, default 3):
 * - "Load all edges" from the click to the frame after the counter says all are loaded: wall time
 *   and the CPU time of the browser's processes (all, the renderers', the GPU process's; see
 *   browser-cpu.ts), and the counter's text (base and new must agree);
 * - `--rest K` (default 4) frames at rest with every edge loaded: a 2-px drag (edges and picking
 *   skipped while it moves, explorer-sigma.ts) then the full frame when the camera stops — the
 *   browser's CPU time per nudge, and the slowest frame interval after the release;
 * - with `--profile`, a V8 CPU profile of the load (self time per function);
 * - with `--shot FILE.png`, a screenshot of the graph after the first load (the picture must stay right).
 *
 *   node --import tsx bench/workspace-load-edges.ts --synthetic 476 21 [--opens 3] [--rest 4] [--profile] [--shot F]
 *   LOCKSTEP_WEB_ROOT=/tmp/base-dist node --import tsx bench/workspace-load-edges.ts …   # another front end
 *
 * Same set-up as bench/workspace-graph.ts (bench/workspace-browser.ts).
 */
import type { Page } from 'playwright-core';
import { browserCpu, cpuSince, quantile, selfTimes, type BrowserCpu } from './browser-cpu.js';
import type { Profile } from './cpu-profile.js';
import { START_FRAMES, STOP_FRAMES, TWO_FRAMES, withBenchStore, withWorkspace } from './workspace-browser.js';

const EXPLORER_READY = '#visible-count:text-matches("^Showing")';
const cpuText = (c: BrowserCpu): string =>
  `${c.all.toFixed(0)} ms (renderer ${c.renderer.toFixed(0)}, GPU process ${c.gpu.toFixed(0)})`;

/** A 2-px drag in the graph's middle, then its frame at rest: browser CPU and the slowest frame after the release. */
async function nudge(page: Page): Promise<{ cpu: BrowserCpu; rest: number }> {
  const box = (await page.locator('#graph').boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.evaluate(TWO_FRAMES);
  const c0 = browserCpu();
  await page.evaluate(START_FRAMES);
  await page.mouse.down();
  await page.mouse.move(x + 2, y + 1, { steps: 2 });
  await page.mouse.up();
  const up = await page.evaluate<number>('performance.now()');
  // sigma's inertia (its default 250 ms), then the frame at rest.
  await page.waitForTimeout(400);
  await page.evaluate(TWO_FRAMES);
  const ts = await page.evaluate<number[]>(STOP_FRAMES);
  const cpu = cpuSince(c0, browserCpu());
  let rest = 0;
  for (let i = 1; i < ts.length; i++) if (ts[i]! > up) rest = Math.max(rest, ts[i]! - ts[i - 1]!);
  return { cpu, rest };
}

async function measure(
  file: string,
  o: { opens: number; rest: number; profile: boolean; shot: string | undefined },
): Promise<void> {
  await withWorkspace(
    file,
    async ({ base, page, runId }) => {
      const loads: { wall: number; cpu: BrowserCpu }[] = [];
      const rests: { cpu: BrowserCpu; rest: number }[] = [];
      for (let i = 0; i < o.opens; i++) {
        await page.goto('about:blank');
        await page.goto(`${base}/app/#/runs/${runId}`);
        await page.waitForSelector(EXPLORER_READY);
        await page.evaluate(TWO_FRAMES);
        const cdp = await page.context().newCDPSession(page);
        if (o.profile) {
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
          await cdp.send('Profiler.start');
        }
        const t = performance.now();
        const c0 = browserCpu();
        await page.click('#load-all');
        await page.waitForSelector('#edges-loaded:text-matches("^All")');
        await page.evaluate(TWO_FRAMES);
        const cpu = cpuSince(c0, browserCpu());
        const wall = performance.now() - t;
        loads.push({ wall, cpu });
        const counter = await page.textContent('#visible-count');
        console.log(
          `open ${i + 1}: "Load all edges" ${wall.toFixed(0)} ms, browser CPU ${cpuText(cpu)}; ${counter}`,
        );
        if (o.profile) {
          const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
          console.log('  self time by function:');
          for (const l of selfTimes(profile, 15)) console.log(l);
        }
        await cdp.detach();
        if (o.shot !== undefined && i === 0) await page.locator('#graph').screenshot({ path: o.shot });
        for (let k = 0; k < o.rest; k++) {
          const r = await nudge(page);
          rests.push(r);
          console.log(
            `  at rest ${k + 1}: browser CPU ${cpuText(r.cpu)}, slowest frame after release ${r.rest.toFixed(0)} ms`,
          );
        }
      }
      const med = (xs: number[]): string => quantile(xs, 0.5).toFixed(0);
      console.log(
        `"Load all edges": wall median ${med(loads.map((l) => l.wall))} ms; browser CPU median ${med(loads.map((l) => l.cpu.all))} ms ` +
          `(renderer ${med(loads.map((l) => l.cpu.renderer))}, GPU process ${med(loads.map((l) => l.cpu.gpu))})`,
      );
      if (rests.length > 0)
        console.log(
          `frame at rest (nudge): browser CPU median ${med(rests.map((r) => r.cpu.all))} ms (renderer ${med(rests.map((r) => r.cpu.renderer))}, ` +
            `GPU process ${med(rests.map((r) => r.cpu.gpu))}); slowest frame after release, median ${med(rests.map((r) => r.rest))} ms`,
        );
    },
    process.env.LOCKSTEP_WEB_ROOT,
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, d: number): number =>
    args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d;
  await withBenchStore('lockstep-bench-load-edges-', args, (file) =>
    measure(file, {
      opens: opt('--opens', 3),
      rest: opt('--rest', 4),
      profile: args.includes('--profile'),
      shot: args.includes('--shot') ? args[args.indexOf('--shot') + 1] : undefined,
    }),
  );
}

await main();
