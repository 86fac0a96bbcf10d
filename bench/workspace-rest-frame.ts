/**
 * The explorer's frame at rest and its opening (issue #11: interactive at 10,000 nodes / 100,000
 * edges), for a synthetic run or an imported detect folder. Per fresh open (`--opens`, default 3):
 * - the open: navigation → the graph drawn and the counter filled, the browser's CPU time (all, the
 *   renderers', the GPU process's; browser-cpu.ts);
 * - `--frames K` (default 4) no-op changes: the time range's start set to where it is (a control
 *   moved without changing what is shown) and the frames after it, browser CPU per change — a frame
 *   at rest drawn again (sigma's render, then the compositor's read-back of the canvas) where the
 *   front end redraws for it, nothing where it does not;
 * - with a front end that has the explorer's `drawFrame` hook, K frames at rest drawn on purpose, the
 *   same measures plus the JavaScript sigma's render took in the page (performance.now around it):
 *   what a frame costs in the page's code vs the GPU process;
 * then "Load all edges" and the same again (first view: 10,000 edges; then every edge).
 * With `--profile`, a V8 CPU profile of the K drawn frames (self time per function).
 *
 *   node --import tsx bench/workspace-rest-frame.ts --synthetic 476 21 [--opens 3] [--frames 4] [--profile]
 *   LOCKSTEP_WEB_ROOT=/tmp/base-dist node --import tsx bench/workspace-rest-frame.ts …   # another front end
 *
 * Same set-up as bench/workspace-graph.ts (bench/workspace-browser.ts).
 */
import type { Page } from 'playwright-core';
import { browserCpu, cpuSince, quantile, selfTimes, type BrowserCpu } from './browser-cpu.js';
import type { Profile } from './cpu-profile.js';
import { TWO_FRAMES, withBenchStore, withWorkspace } from './workspace-browser.js';

const EXPLORER_READY = '#visible-count:text-matches("^Showing")';
const HAS_HOOK = "typeof document.getElementById('graph').drawFrame === 'function'";
const DRAW = "document.getElementById('graph').drawFrame()";
const NO_OP = `(() => {
  const s = document.getElementById('time-from');
  s.value = s.value;
  s.dispatchEvent(new Event('input', { bubbles: true }));
})()`;

interface Sample {
  cpu: BrowserCpu;
  /** sigma's render in the page, ms (drawn frames only). */
  js?: number;
}

/** `act` then two animation frames (what it asked for drawn and composited), measured. */
async function measured(page: Page, act: string): Promise<Sample> {
  await page.evaluate(TWO_FRAMES);
  const c0 = browserCpu();
  const js = await page.evaluate<number | undefined>(act);
  await page.evaluate(TWO_FRAMES);
  // The GPU process may still be drawing what the last frame sent.
  await page.waitForTimeout(100);
  return { cpu: cpuSince(c0, browserCpu()), ...(typeof js === 'number' ? { js } : {}) };
}

const med = (xs: number[]): string => (xs.length ? quantile(xs, 0.5).toFixed(0) : '-');
const summary = (what: string, s: Sample[]): string =>
  `${what}: browser CPU median ${med(s.map((x) => x.cpu.all))} ms (renderer ${med(s.map((x) => x.cpu.renderer))}, ` +
  `GPU process ${med(s.map((x) => x.cpu.gpu))})` +
  (s.some((x) => x.js !== undefined)
    ? `, sigma's render in the page ${med(s.map((x) => x.js ?? 0))} ms`
    : '') +
  ` [all: ${s.map((x) => x.cpu.all.toFixed(0)).join(', ')}]`;

async function frames(page: Page, k: number, profile: boolean, label: string): Promise<void> {
  const noOps: Sample[] = [];
  for (let i = 0; i < k; i++) noOps.push(await measured(page, NO_OP));
  console.log(`  ${label}, no-op change: ${summary('', noOps)}`);
  if (!(await page.evaluate<boolean>(HAS_HOOK))) return;
  const cdp = await page.context().newCDPSession(page);
  if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const drawn: Sample[] = [];
  for (let i = 0; i < k; i++) drawn.push(await measured(page, DRAW));
  console.log(`  ${label}, frame drawn at rest: ${summary('', drawn)}`);
  if (profile) {
    const { profile: p } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    console.log('  self time by function:');
    for (const l of selfTimes(p, 12)) console.log(l);
  }
  await cdp.detach();
}

async function measure(file: string, o: { opens: number; frames: number; profile: boolean }): Promise<void> {
  await withWorkspace(
    file,
    async ({ base, page, runId }) => {
      const opens: BrowserCpu[] = [];
      for (let i = 0; i < o.opens; i++) {
        await page.goto('about:blank');
        await page.waitForTimeout(200);
        const c0 = browserCpu();
        await page.goto(`${base}/app/#/runs/${runId}`);
        await page.waitForSelector(EXPLORER_READY);
        await page.evaluate(TWO_FRAMES);
        const cpu = cpuSince(c0, browserCpu());
        opens.push(cpu);
        console.log(
          `open ${i + 1}: browser CPU ${cpu.all.toFixed(0)} ms (renderer ${cpu.renderer.toFixed(0)}, GPU process ${cpu.gpu.toFixed(0)}); ${await page.textContent('#visible-count')}`,
        );
        await frames(page, o.frames, o.profile, 'first view');
        await page.click('#load-all');
        await page.waitForSelector('#edges-loaded:text-matches("^All")');
        await frames(page, o.frames, o.profile, 'every edge');
      }
      console.log(
        `open: browser CPU median ${med(opens.map((c) => c.all))} ms (renderer ${med(opens.map((c) => c.renderer))}, GPU process ${med(opens.map((c) => c.gpu))})`,
      );
    },
    process.env.LOCKSTEP_WEB_ROOT,
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, d: number): number =>
    args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d;
  await withBenchStore('lockstep-bench-rest-frame-', args, (file) =>
    measure(file, {
      opens: opt('--opens', 3),
      frames: opt('--frames', 4),
      profile: args.includes('--profile'),
    }),
  );
}

await main();
