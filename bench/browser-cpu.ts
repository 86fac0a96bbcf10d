/**
 * What the browser benches read about Chromium's own work: the CPU time of its processes (from
 * /proc, Linux) and a V8 CPU profile's self time per function. On a loaded machine wall-clock times
 * stretch with the load; CPU time does not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Profile, ProfileNode } from './cpu-profile.js';

/** CPU ms (user + system) of the browser's processes: all, the GPU process's, the renderers'. */
export interface BrowserCpu {
  all: number;
  /** Where software WebGL (SwiftShader) draws. */
  gpu: number;
  /** The pages' processes: JavaScript, layout, and the compositor's wait for the GPU process. */
  renderer: number;
}

/** CPU time so far of this process's descendants (the browser's processes), by kind. */
export function browserCpu(): BrowserCpu {
  const procs = new Map<number, { ppid: number; ticks: number; kind: string }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const kind = /--type=([\w-]+)/.exec(readFileSync(`/proc/${d}/cmdline`, 'utf8'))?.[1] ?? '';
      procs.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]), kind });
    } catch {
      // Gone meanwhile.
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = procs.get(pid)?.ppid; p !== undefined && p > 1; p = procs.get(p)?.ppid)
      if (p === process.pid) return true;
    return false;
  };
  const out = { all: 0, gpu: 0, renderer: 0 };
  for (const [pid, p] of procs)
    if (mine(pid)) {
      out.all += p.ticks;
      if (p.kind === 'gpu-process') out.gpu += p.ticks;
      if (p.kind === 'renderer') out.renderer += p.ticks;
    }
  // Clock ticks are 1/100 s on Linux.
  return { all: out.all * 10, gpu: out.gpu * 10, renderer: out.renderer * 10 };
}

/** `b − a`, field by field. */
export const cpuSince = (a: BrowserCpu, b: BrowserCpu): BrowserCpu => ({
  all: b.all - a.all,
  gpu: b.gpu - a.gpu,
  renderer: b.renderer - a.renderer,
});

/** The `top` functions by self time (ms) in profile `p`, one line each. */
export function selfTimes(p: Profile, top: number): string[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  const fn = (n: ProfileNode): string =>
    `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\//, '')}:${n.callFrame.lineNumber}`;
  p.samples.forEach((id, i) => {
    const k = fn(byId.get(id)!);
    out.set(k, (out.get(k) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  return [...out]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => `  ${v.toFixed(1)} ms  ${k}`);
}

export const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
