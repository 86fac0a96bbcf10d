/**
 * Where a pan of the explorer goes (issue #11: the worst pan frame), for a synthetic run: the same
 * 20-step drag as bench/workspace-graph.ts, in the first view and with every edge loaded, each
 * `--drags` times (default 3) on a fresh open, with
 * - the frame intervals the page reached (requestAnimationFrame timestamps): median, p95, worst, of
 *   all, of those while the button is down and of those after the release (inertia, the frame at rest);
 * - the CPU time (user + system) of the browser's processes during the drag, all and the GPU
 *   process's (where software WebGL draws): on a loaded machine, the number to compare;
 * - with `--trace`, a trace of each drag (Chrome's Tracing through playwright-core): the renderer
 *   main thread's tasks longer than `--long` ms (default 50), each with its longest nested events
 *   (PAN_TRACE_DIR=DIR keeps the traces);
 * - with `--gpu-trace`, a trace of each drag with the GPU and compositor categories (gpu, viz, cc,
 *   the GPU decoder's): self time per event name and process (bench/trace-self-times.ts);
 * - with `--profile`, a V8 CPU profile of the drags, self time per function;
 * - sigma frames a second while the button is down, and each mouse move's input-to-frame latency
 *   (to the first animation frame after a sigma frame drawn since the event);
 * - the CPU time per frame sigma drew (the explorer's `renders` counter, before and after the drag);
 * - with `--count`, what the page handed WebGL during the drag: `bufferData` calls and bytes (a
 *   vertex array uploaded; explorer-upload.ts), and a canvas's width or height set (sigma's resize());
 * and before the second drag of each open, "Load all edges": wall time and the browser's CPU time.
 *
 *   node --import tsx bench/workspace-pan-profile.ts --synthetic 476 21 [--drags 3] [--trace [--long 50]] [--gpu-trace] [--profile] [--count]
 *   LOCKSTEP_WEB_ROOT=/tmp/unminified node --import tsx bench/workspace-pan-profile.ts …  # names readable
 *
 * Same set-up as bench/workspace-graph.ts (bench/workspace-browser.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserCpu, quantile, selfTimes } from './browser-cpu.js';
import type { Profile } from './cpu-profile.js';
import { traceSelfTimes, type TraceEvent } from './trace-self-times.js';
import { START_FRAMES, STOP_FRAMES, TWO_FRAMES, withBenchStore, withWorkspace } from './workspace-browser.js';

const WEB = process.env.LOCKSTEP_WEB_ROOT;
const EXPLORER_READY = '#visible-count:text-matches("^Showing")';
/** Counts, page-wide, WebGL uploads (bufferData) and canvas resizes (setAttribute width/height). */
const COUNT_UPLOADS = `(() => {
  const w = window;
  w.__gl = { uploads: 0, bytes: 0, resizes: 0 };
  for (const C of [WebGLRenderingContext, WebGL2RenderingContext]) {
    const f = C.prototype.bufferData;
    C.prototype.bufferData = function (t, d, u) {
      w.__gl.uploads++;
      w.__gl.bytes += typeof d === 'number' ? d : d ? d.byteLength : 0;
      return f.call(this, t, d, u);
    };
  }
  const set = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (n, v) {
    if (this instanceof HTMLCanvasElement && (n === 'width' || n === 'height')) w.__gl.resizes++;
    return set.call(this, n, v);
  };
})()`;
const GL_COUNTS = `window.__gl ? { ...window.__gl } : {}`;
/** The explorer's drawing counters (explorer.ts's test hook), when the front end has them. */
const DRAWING = `(() => { const g = document.getElementById('graph'); return g.edgeDrawing ? g.edgeDrawing() : {}; })()`;

/**
 * In the page, from now until LATENCY_STOP: each mouse move's input-to-frame latency — from the
 * event's timestamp to the first animation frame that finds a sigma frame drawn since the event (the
 * explorer's `renders` counter; an upper bound, by up to one frame interval: sigma draws in its own
 * animation-frame callback, before or after this one) — and the times sigma frames were found drawn.
 */
const LATENCY_START = `(() => {
  const w = window;
  const g = document.getElementById('graph');
  const renders = () => g.edgeDrawing().renders;
  const l = (w.__latency = { on: true, pending: [], latencies: [], frames: [], last: renders() });
  l.listener = (e) => l.pending.push([e.timeStamp, renders()]);
  document.addEventListener('mousemove', l.listener, true);
  const loop = (t) => {
    if (!l.on) return;
    const r = renders();
    if (r > l.last) l.frames.push(t);
    l.last = r;
    l.pending = l.pending.filter(([at, r0]) => (r > r0 ? (l.latencies.push(t - at), false) : true));
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
})()`;
const LATENCY_STOP = `(() => {
  const l = window.__latency;
  l.on = false;
  document.removeEventListener('mousemove', l.listener, true);
  return { latencies: l.latencies, frames: l.frames };
})()`;

/**
 * The drag of bench/workspace-graph.ts: its frame intervals (ms), split at the release — those that
 * ended while the button was down, and the rest (sigma's inertia and the frame drawn at rest); the
 * moves' input-to-frame latencies; sigma frames a second while the button was down (those found
 * between the press and the release, over that time).
 */
async function drag(
  page: Page,
): Promise<{ during: number[]; after: number[]; latencies: number[]; sigmaPerSecond: number }> {
  const box = (await page.locator('#graph').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.evaluate(TWO_FRAMES);
  await page.evaluate(START_FRAMES);
  await page.evaluate(LATENCY_START);
  const down = await page.evaluate<number>('performance.now()');
  await page.mouse.down();
  await page.mouse.move(cx + 200, cy + 100, { steps: 20 });
  await page.mouse.up();
  const up = await page.evaluate<number>('performance.now()');
  // sigma's inertia (its default 250 ms) and the frame at rest after it.
  await page.waitForTimeout(400);
  await page.evaluate(TWO_FRAMES);
  const ts = await page.evaluate<number[]>(STOP_FRAMES);
  const { latencies, frames } = await page.evaluate<{ latencies: number[]; frames: number[] }>(LATENCY_STOP);
  const during: number[] = [];
  const after: number[] = [];
  for (let i = 1; i < ts.length; i++) (ts[i]! <= up ? during : after).push(ts[i]! - ts[i - 1]!);
  const sigmaPerSecond = (frames.filter((t) => t > down && t <= up).length * 1000) / (up - down);
  return { during, after, latencies, sigmaPerSecond };
}

/** The renderer main thread's tasks longer than `long` ms, with their longest nested events. */
function longTasks(events: TraceEvent[], long: number): string[] {
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const main = events.filter((e) => mains.has(`${e.pid}:${e.tid}`) && e.ph === 'X' && e.dur !== undefined);
  const tasks = main.filter((e) => e.name === 'RunTask' && e.dur! / 1000 > long);
  return tasks.map((t) => {
    const inside = main.filter(
      (e) => e !== t && e.ts >= t.ts && e.ts + e.dur! <= t.ts + t.dur! && e.name !== 'RunTask',
    );
    const kinds = new Map<string, number>();
    for (const e of inside) {
      const k = e.args?.data?.type ? `${e.name}(${e.args.data.type})` : e.name;
      kinds.set(k, Math.max(kinds.get(k) ?? 0, e.dur! / 1000));
    }
    const top = [...kinds]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', ');
    return `  task ${(t.dur! / 1000).toFixed(0)} ms: ${top}`;
  });
}

async function measure(
  file: string,
  o: { drags: number; long: number; profile: boolean; trace: boolean; gpuTrace: boolean; count: boolean },
): Promise<void> {
  await withWorkspace(
    file,
    async ({ base, browser, page, runId }) => {
      if (o.count) await page.addInitScript(COUNT_UPLOADS);
      const rounds = new Map<
        string,
        {
          during: number[];
          after: number[];
          cpu: number[];
          gpu: number[];
          perFrame: number[];
          latencies: number[];
          sigmaPerSecond: number[];
        }
      >();
      const loads: { wall: number; cpu: number }[] = [];
      for (let i = 0; i < o.drags; i++) {
        await page.goto('about:blank');
        await page.goto(`${base}/app/#/runs/${runId}`);
        await page.waitForSelector(EXPLORER_READY);
        for (const name of ['first view', 'every edge']) {
          if (name === 'every edge') {
            if ((await page.$('#load-all:not([hidden])')) === null) break;
            const t = performance.now();
            const c = browserCpu();
            await page.click('#load-all');
            await page.waitForSelector('#edges-loaded:text-matches("^All")');
            await page.evaluate(TWO_FRAMES);
            const cpu = browserCpu().all - c.all;
            const wall = performance.now() - t;
            loads.push({ wall, cpu });
            console.log(`"Load all edges" ${wall.toFixed(0)} ms, browser CPU ${cpu.toFixed(0)} ms`);
          }
          const cdp = await page.context().newCDPSession(page);
          if (o.profile) {
            await cdp.send('Profiler.enable');
            await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
            await cdp.send('Profiler.start');
          }
          if (o.trace || o.gpuTrace)
            await browser.startTracing(page, {
              categories: o.gpuTrace
                ? [
                    'toplevel',
                    'gpu',
                    'viz',
                    'cc',
                    'disabled-by-default-gpu.decoder',
                    'gpu.angle',
                    'blink',
                    'webgl',
                  ]
                : ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'gpu', 'v8'],
            });
          const before = await page.evaluate<Record<string, unknown>>(DRAWING);
          const gl0 = await page.evaluate<Record<string, number>>(GL_COUNTS);
          const c0 = browserCpu();
          const f = await drag(page);
          const c1 = browserCpu();
          const after = await page.evaluate<Record<string, unknown>>(DRAWING);
          const gl1 = await page.evaluate<Record<string, number>>(GL_COUNTS);
          const frames = Number(after.renders) - Number(before.renders);
          const perFrame = (c1.all - c0.all) / frames;
          const gl = Object.keys(gl1)
            .map((k) => `${k} ${gl1[k]! - (gl0[k] ?? 0)}`)
            .join(', ');
          const trace =
            o.trace || o.gpuTrace
              ? (JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] })
              : { traceEvents: [] };
          if (o.trace && process.env.PAN_TRACE_DIR)
            writeFileSync(
              join(process.env.PAN_TRACE_DIR, `${name.replace(/\W+/g, '-')}-${i + 1}.json`),
              JSON.stringify(trace),
            );
          const r = rounds.get(name) ?? {
            during: [],
            after: [],
            cpu: [],
            gpu: [],
            perFrame: [],
            latencies: [],
            sigmaPerSecond: [],
          };
          rounds.set(name, r);
          r.during.push(...f.during);
          r.after.push(...f.after);
          r.cpu.push(c1.all - c0.all);
          r.gpu.push(c1.gpu - c0.gpu);
          r.perFrame.push(perFrame);
          r.latencies.push(...f.latencies);
          r.sigmaPerSecond.push(f.sigmaPerSecond);
          const all = [...f.during, ...f.after];
          console.log(
            `${name}, drag ${i + 1}: browser CPU ${(c1.all - c0.all).toFixed(0)} ms (GPU process ${(c1.gpu - c0.gpu).toFixed(0)}), ` +
              `${frames} sigma frames, ${perFrame.toFixed(0)} ms per frame${gl ? `; WebGL ${gl}` : ''}; ` +
              `${f.sigmaPerSecond.toFixed(1)} sigma frames/s while the button is down, input to frame median ` +
              `${quantile(f.latencies, 0.5).toFixed(0)} ms, worst ${Math.max(...f.latencies).toFixed(0)} ms (${f.latencies.length} moves); ` +
              `${all.length} frames, median ${quantile(all, 0.5).toFixed(0)} ms, worst ${Math.max(...all).toFixed(0)} ms; ` +
              `intervals ${f.during.map((x) => x.toFixed(0)).join(' ')} | released: ${f.after.map((x) => x.toFixed(0)).join(' ')}; ` +
              `counters before ${JSON.stringify(before)} after ${JSON.stringify(after)}`,
          );
          if (o.trace) for (const l of longTasks(trace.traceEvents, o.long)) console.log(l);
          if (o.gpuTrace) for (const l of traceSelfTimes(trace.traceEvents, 15)) console.log(l);
          if (o.profile) {
            const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
            console.log('  self time by function:');
            for (const l of selfTimes(profile, 12)) console.log(l);
          }
          await cdp.detach();
        }
      }
      if (loads.length > 0)
        console.log(
          `"Load all edges": median ${quantile(
            loads.map((l) => l.wall),
            0.5,
          ).toFixed(0)} ms, browser CPU median ${quantile(
            loads.map((l) => l.cpu),
            0.5,
          ).toFixed(0)} ms (runs ${loads.map((l) => `${l.wall.toFixed(0)}/${l.cpu.toFixed(0)}`).join(', ')})`,
        );
      const dist = (xs: number[]): string =>
        `${xs.length} frames, median ${quantile(xs, 0.5).toFixed(0)} ms, p95 ${quantile(xs, 0.95).toFixed(0)} ms, worst ${Math.max(...xs).toFixed(0)} ms`;
      for (const [name, r] of rounds)
        console.log(
          `${name}, all drags: browser CPU median ${quantile(r.cpu, 0.5).toFixed(0)} ms (runs ${r.cpu.map((x) => x.toFixed(0)).join(', ')}; GPU process ${r.gpu.map((x) => x.toFixed(0)).join(', ')}); ` +
            `per sigma frame median ${quantile(r.perFrame, 0.5).toFixed(0)} ms (${r.perFrame.map((x) => x.toFixed(0)).join(', ')}); ` +
            `sigma frames/s while the button is down median ${quantile(r.sigmaPerSecond, 0.5).toFixed(1)} (${r.sigmaPerSecond.map((x) => x.toFixed(1)).join(', ')}); ` +
            `input to frame ${r.latencies.length} moves, median ${quantile(r.latencies, 0.5).toFixed(0)} ms, p95 ${quantile(r.latencies, 0.95).toFixed(0)} ms, worst ${Math.max(...r.latencies).toFixed(0)} ms; ` +
            `all: ${dist([...r.during, ...r.after])}; button down: ${dist(r.during)}; after release: ${dist(r.after)}`,
        );
    },
    WEB,
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, d: number): number =>
    args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d;
  await withBenchStore('lockstep-bench-pan-', args, (file) =>
    measure(file, {
      drags: opt('--drags', 3),
      long: opt('--long', 50),
      profile: args.includes('--profile'),
      trace: args.includes('--trace'),
      gpuTrace: args.includes('--gpu-trace'),
      count: args.includes('--count'),
    }),
  );
}

await main();
