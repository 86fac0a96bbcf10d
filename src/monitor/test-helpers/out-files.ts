/**
 * A monitor's output folder read back for comparison between runs: per alert its id, status, members
 * and event time (not `detected_at`, which is wall clock), the window's post count, the current
 * networks (id, members), and the saved cursor position.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MonitorOutputs {
  alerts: [string, string, string[], string][];
  posts: number;
  networks: [string, string[]][];
  cursorPos: number | undefined;
}

export function readMonitorOutputs(dir: string): MonitorOutputs {
  const alerts = readFileSync(join(dir, 'alerts.ndjson'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l): MonitorOutputs['alerts'][number] => {
      const a = JSON.parse(l) as { id: string; status: string; members: string[]; event_time: string };
      return [a.id, a.status, a.members, a.event_time];
    });
  const n = JSON.parse(readFileSync(join(dir, 'networks.json'), 'utf8')) as {
    window: { posts: number };
    networks: { id: string; members: string[] }[];
  };
  const cursorFile = join(dir, 'cursor.json');
  const cursorPos = existsSync(cursorFile)
    ? (JSON.parse(readFileSync(cursorFile, 'utf8')) as { pos: number }).pos
    : undefined;
  return {
    alerts,
    posts: n.window.posts,
    networks: n.networks.map((x): [string, string[]] => [x.id, x.members]),
    cursorPos,
  };
}
