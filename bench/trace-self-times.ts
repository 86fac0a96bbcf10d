/**
 * Where a Chrome trace's time goes, by process and event name: each complete event's self time (its
 * duration less that of the events nested in it on the same thread), summed per name, for the
 * processes named in the trace's metadata (Browser, Renderer, GPU Process). bench/workspace-pan-profile.ts
 * `--gpu-trace` prints it for a drag, to see what the GPU process (software WebGL, SwiftShader)
 * spends a frame on.
 */

/** The fields of a trace event read here (Chrome's Trace Event Format). */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string; data?: { type?: string } };
}

/** Per process name, the `top` event names by self time (ms), one line each. */
export function traceSelfTimes(events: readonly TraceEvent[], top: number): string[] {
  const procName = new Map<number, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'process_name' && e.args?.name) procName.set(e.pid, e.args.name);
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    const k = `${e.pid}:${e.tid}`;
    const list = byThread.get(k) ?? [];
    byThread.set(k, list);
    list.push(e);
  }
  const self = new Map<string, Map<string, { ms: number; n: number }>>();
  for (const list of byThread.values()) {
    // Parents before children: by start, then the longer first.
    list.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    const stack: { e: TraceEvent; child: number }[] = [];
    const close = (s: { e: TraceEvent; child: number }): void => {
      const p = procName.get(s.e.pid) ?? String(s.e.pid);
      const m = self.get(p) ?? new Map<string, { ms: number; n: number }>();
      self.set(p, m);
      const r = m.get(s.e.name) ?? { ms: 0, n: 0 };
      m.set(s.e.name, r);
      r.ms += (s.e.dur! - s.child) / 1000;
      r.n++;
    };
    for (const e of list) {
      while (stack.length > 0 && stack.at(-1)!.e.ts + stack.at(-1)!.e.dur! <= e.ts) close(stack.pop()!);
      if (stack.length > 0) stack.at(-1)!.child += e.dur!;
      stack.push({ e, child: 0 });
    }
    while (stack.length > 0) close(stack.pop()!);
  }
  const out: string[] = [];
  for (const [p, m] of [...self].sort()) {
    out.push(`  ${p}:`);
    for (const [name, r] of [...m].sort((a, b) => b[1].ms - a[1].ms).slice(0, top))
      out.push(`    ${r.ms.toFixed(1)} ms self  ×${r.n}  ${name}`);
  }
  return out;
}
