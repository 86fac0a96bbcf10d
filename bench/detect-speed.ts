/**
 * Detection speed and memory at N simulated posts (src/simulate, seed 7), default settings, all
 * behaviours: stage timings from `DetectionResult.timings`, CPU seconds, peak RSS and per-behaviour
 * work counters. The simulator generates posts while detect reads them, so its own cost is measured
 * first (one pass over the stream without detect) and reported beside the "read" stage, which
 * includes it.
 * Usage: node --import tsx bench/detect-speed.ts [posts ...]   (default 1000000)
 * Run each size in its own process for a clean peak RSS. Note the machine load (`uptime`).
 */
import { loadavg } from 'node:os';
import { detect } from '../src/detect/index.js';
import { simulate } from '../src/simulate/simulate.js';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
for (const posts of sizes.length ? sizes : [1_000_000]) {
  const sim = simulate({ posts, seed: 7 });
  const g0 = performance.now();
  const c0 = process.cpuUsage();
  let generated = 0;
  for (const p of sim.posts) generated += p.time > 0 ? 1 : 0;
  const gen = { wall: (performance.now() - g0) / 1000, cpu: cpuSeconds(process.cpuUsage(c0)) };

  const t0 = performance.now();
  const c1 = process.cpuUsage();
  const r = await detect(sim.posts, { seed: 1 });
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(process.cpuUsage(c1));
  const diagnostics = r.parameters.diagnostics as Record<string, Record<string, number>>;
  console.log(
    JSON.stringify({
      posts,
      generated,
      load: loadavg().map((x) => Number(x.toFixed(1))),
      generator: { wallS: round(gen.wall), cpuS: round(gen.cpu) },
      detect: { wallS: round(wall), cpuS: round(cpu), wallMinusGeneratorS: round(wall - gen.wall) },
      timingsMs: r.timings,
      peakRssMB: Math.round(r.peakRssBytes / 2 ** 20),
      networks: r.networks.length,
      edges: r.edges.length,
      work: Object.fromEntries(
        Object.entries(diagnostics).map(([b, d]) => [
          b,
          { actions: d.actions, coActions: d.coActions, pairs: d.coActingPairs, crowded: d.crowdedActions },
        ]),
      ),
    }),
  );
}

function cpuSeconds(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1e6;
}

function round(x: number): number {
  return Number(x.toFixed(1));
}
