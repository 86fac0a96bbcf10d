/**
 * Where the explorer's page-open goes (issue #11), for an imported run: the graph page's size, the
 * server's time to first byte and the transfer (Resource Timing), and a V8 CPU profile of the page's
 * main thread from navigation until the counter is filled, summed by self time per function and per
 * script (the app bundle, sigma, zod, "(program)": parsing, style, layout, paint, GC).
 *
 *   node --import tsx bench/workspace-explorer-profile.ts --store STORE [--top 25] [--shot FILE.png]
 *
 * Same set-up as bench/workspace-page-open.ts (bench/workspace-browser.ts); one warm-up open, one
 * traced open (trace event totals), then one profiled open.
 */
import { withWorkspace } from './workspace-browser.js';
import type { Profile, ProfileNode } from './cpu-profile.js';

/** LOCKSTEP_WEB_ROOT: e.g. an unminified build (`npx vite build web --minify false --outDir /tmp/x`) to read names. */
const WEB = process.env.LOCKSTEP_WEB_ROOT;
const EXPLORER_READY = '#visible-count:text-matches("^Showing")';

interface Timing {
  name: string;
  transferSize: number;
  decodedBodySize: number;
  startTime: number;
  requestStart: number;
  responseStart: number;
  responseEnd: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { name?: string };
}

/** Summed durations (ms) of complete events on renderers' main threads, per event name. */
function traceTotals(events: TraceEvent[]): [string, number][] {
  // Every renderer's main thread: the navigation may move the page to a new renderer process.
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const out = new Map<string, number>();
  for (const e of events)
    if (mains.has(`${e.pid}:${e.tid}`) && e.ph === 'X' && e.dur !== undefined)
      out.set(e.name, (out.get(e.name) ?? 0) + e.dur / 1000);
  return [...out].sort((a, b) => b[1] - a[1]);
}

/** Self time (ms) per key over a CDP profile's samples. */
function selfTimes(p: Profile, key: (n: ProfileNode) => string): [string, number][] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const k = key(byId.get(id)!);
    out.set(k, (out.get(k) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  return [...out].sort((a, b) => b[1] - a[1]);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args[args.indexOf('--store') + 1];
  if (args.indexOf('--store') < 0 || file === undefined) throw new Error('give --store FILE');
  const top = args.includes('--top') ? Number(args[args.indexOf('--top') + 1]) : 25;
  /** --shot FILE: a PNG of the explorer as the profiled open left it. */
  const shotFile = args.includes('--shot') ? args[args.indexOf('--shot') + 1] : undefined;
  await withWorkspace(
    file,
    async ({ base, browser, page, runId }) => {
      const url = `${base}/app/#/runs/${runId}`;
      // The pointer off the graph: over sigma's canvas, every (synthetic) mouse move reads the picking
      // buffer back (gl.readPixels), which waits for the software GPU to finish drawing.
      await page.mouse.move(1, 1);
      await page.goto(url);
      await page.waitForSelector(EXPLORER_READY);
      await page.goto('about:blank');

      // A trace of the same open: where "(program)" (native work) goes, per trace event name.
      await page.goto(url);
      await page.waitForSelector(EXPLORER_READY);
      await page.goto('about:blank');
      await browser.startTracing(page, { categories: ['devtools.timeline', 'v8', 'blink', 'gpu'] });
      await page.goto(url);
      await page.waitForSelector(EXPLORER_READY);
      const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as {
        traceEvents: TraceEvent[];
      };
      await page.goto('about:blank');

      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
      const t = performance.now();
      await page.goto(url);
      await page.waitForSelector(EXPLORER_READY);
      const wall = performance.now() - t;
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
      if (shotFile !== undefined) await page.screenshot({ path: shotFile });
      // Runs in the page: the DOM's Resource Timing entries (typed here by hand: bench/ has no DOM lib).
      const resources = await page.evaluate(() =>
        (performance.getEntriesByType('resource') as unknown as Timing[]).map((e) => {
          return {
            name: e.name.replace(
              (globalThis as unknown as { location: { origin: string } }).location.origin,
              '',
            ),
            bytes: e.transferSize,
            body: e.decodedBodySize,
            start: Math.round(e.startTime),
            ttfb: Math.round(e.responseStart - e.requestStart),
            transfer: Math.round(e.responseEnd - e.responseStart),
            end: Math.round(e.responseEnd),
          };
        }),
      );
      console.log(`explorer open ${wall.toFixed(0)} ms`);
      for (const r of resources)
        console.log(
          `  ${r.name}: ${r.body} B (wire ${r.bytes} B), start ${r.start} ms, ttfb ${r.ttfb} ms, transfer ${r.transfer} ms, done ${r.end} ms`,
        );
      const total = profile.timeDeltas.reduce((a, b) => a + b, 0) / 1000;
      console.log(`profile: ${total.toFixed(0)} ms sampled`);
      const script = (n: ProfileNode): string =>
        n.callFrame.url === ''
          ? n.callFrame.functionName || '(anonymous)'
          : n.callFrame.url.replace(base, '');
      console.log('self time by script:');
      for (const [k, v] of selfTimes(profile, script).slice(0, top))
        console.log(`  ${v.toFixed(1)} ms  ${k}`);
      console.log('self time by function:');
      const fn = (n: ProfileNode): string =>
        `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(base, '').replace(/^.*\//, '')}:${n.callFrame.lineNumber}`;
      for (const [k, v] of selfTimes(profile, fn).slice(0, top)) console.log(`  ${v.toFixed(1)} ms  ${k}`);
      console.log(
        'trace, renderer main thread, total duration by event name (nested events counted in each):',
      );
      for (const [k, v] of traceTotals(trace.traceEvents).slice(0, top))
        console.log(`  ${v.toFixed(1)} ms  ${k}`);
    },
    WEB,
  );
}

await main();
