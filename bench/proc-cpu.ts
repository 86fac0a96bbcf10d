/**
 * CPU seconds (user + system) of one process or one thread, from Linux's /proc stat files (10 ms
 * ticks): what the monitor benches use to split an event's cost between the replay server (another
 * process), the monitor's main thread and its other threads. Linux only; NaN where /proc is missing.
 */
import { readFileSync } from 'node:fs';

/** `/proc/PID/stat` (a process, all its threads) or `/proc/PID/task/TID/stat` (one thread). */
function statCpu(path: string): number {
  try {
    const stat = readFileSync(path, 'utf8');
    // Fields after the command name (which may hold spaces): 14 utime, 15 stime (1-based on the line).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

/** CPU seconds of process `pid` (all threads). */
export const processCpu = (pid: number): number => statCpu(`/proc/${pid}/stat`);

/** CPU seconds of this process's main thread (the event loop: JS, and GC's main-thread part). */
export const mainThreadCpu = (): number => statCpu(`/proc/${process.pid}/task/${process.pid}/stat`);
