/**
 * The monitor's output folder: DIR/alerts.ndjson (append-only, one alert per line), DIR/networks.json
 * (the current networks, replaced atomically after each tick), DIR/cursor.json (where to resume: the
 * source's high-water position and the keys seen there, the next tick, counters; replaced atomically),
 * and DIR/journal/ (src/monitor/journal.ts). Replacing = write a temporary file, then rename, so a
 * reader or a restart never sees half a file; an alert line torn by `kill -9` is cut off on reopen.
 */
import type { SpikeAlert } from './watchlist.js';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { LockstepError } from '../core/errors.js';
import type { CurrentNetwork, NetworkAlert } from './tracker.js';

const CursorSchema = z.object({
  version: z.literal(1),
  source: z.string(),
  pos: z.number(),
  keys: z.array(z.string()),
  next_tick: z.number().nullable(),
  last_tick: z.number().nullable(),
  /** The first boundary folded since the last tick (tick-cadence.ts): the next tick's window holds its. */
  folded_from: z.number().optional(),
  events: z.number(),
  updated_at: z.string(),
});
export type CursorFile = z.infer<typeof CursorSchema>;

const AlertKind = z.object({ kind: z.string() }).loose();
const NetworkHead = z.object({ id: z.string(), members: z.array(z.string()) }).loose();

export class OutDir {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    // The alerts file exists from the start, so a watcher can tail it before the first alert.
    appendFileSync(this.path('alerts.ndjson'), '');
  }

  private path(name: string): string {
    return join(this.dir, name);
  }

  private replace(name: string, text: string): void {
    const tmp = this.path(`.${name}.tmp`);
    writeFileSync(tmp, text);
    renameSync(tmp, this.path(name));
  }

  readCursor(): CursorFile | undefined {
    const p = this.path('cursor.json');
    if (!existsSync(p)) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(p, 'utf8'));
    } catch (e) {
      throw new LockstepError('ERR_CONFIG', `${p}: not JSON (${(e as Error).message})`, { file: p });
    }
    const r = CursorSchema.safeParse(value);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new LockstepError(
        'ERR_CONFIG',
        `${p}: field ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`,
        { file: p },
      );
    }
    return r.data;
  }

  writeCursor(c: CursorFile): void {
    this.replace('cursor.json', JSON.stringify(c) + '\n');
  }

  /** Network alerts so far (id, members and the whole alert as written), cutting off a torn last line. */
  readNetworkAlerts(): { id: string; members: string[]; raw: unknown }[] {
    const p = this.path('alerts.ndjson');
    if (!existsSync(p)) return [];
    const text = readFileSync(p, 'utf8');
    const end = text.lastIndexOf('\n') + 1;
    if (end < text.length) truncateSync(p, Buffer.byteLength(text.slice(0, end)));
    const out: { id: string; members: string[]; raw: unknown }[] = [];
    text
      .slice(0, end)
      .split('\n')
      .forEach((line, i) => {
        if (line === '') return;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          throw new LockstepError('ERR_CONFIG', `${p}:${i + 1}: not JSON`, { file: p, line: i + 1 });
        }
        // Spike alerts (watchlist.ts) are kept as written; a network alert needs its id and members.
        const kind = AlertKind.safeParse(value);
        const r = NetworkHead.safeParse(value);
        if (!kind.success || (kind.data.kind === 'network' && !r.success))
          throw new LockstepError(
            'ERR_CONFIG',
            `${p}:${i + 1}: expected an alert with kind, id and members`,
            {
              file: p,
              line: i + 1,
            },
          );
        if (kind.data.kind === 'network' && r.success)
          out.push({ id: r.data.id, members: r.data.members, raw: value });
      });
    return out;
  }

  appendAlerts(alerts: readonly (NetworkAlert | SpikeAlert)[]): void {
    if (alerts.length === 0) return;
    appendFileSync(this.path('alerts.ndjson'), alerts.map((a) => JSON.stringify(a) + '\n').join(''));
  }

  writeNetworks(doc: {
    detected_at: string;
    event_time: string;
    window: object;
    networks: CurrentNetwork[];
  }): void {
    this.replace('networks.json', JSON.stringify(doc, null, 1) + '\n');
  }

  /** An alert the webhook could not deliver, with why (DIR/webhook-failed.ndjson, appended). */
  appendWebhookFailed(body: string, reason: string, at: string): void {
    appendFileSync(
      this.path('webhook-failed.ndjson'),
      JSON.stringify({ at, reason, alert: JSON.parse(body) as unknown }) + '\n',
    );
  }

  writeStats(stats: object): void {
    this.replace('stats.json', JSON.stringify(stats, null, 1) + '\n');
  }
}

/**
 * DIR/networks.json's document: the current networks, the window (start, T] they came from (longer
 * than the sliding window when boundaries were folded into this tick), known handles.
 */
export function networksDoc(
  current: CurrentNetwork[],
  detectedAt: string,
  T: number,
  start: number,
  posts: number,
  handles: ReadonlyMap<string, string>,
) {
  const iso = (x: number): string => new Date(Math.round(x * 1000)).toISOString();
  return {
    detected_at: detectedAt,
    event_time: iso(T),
    window: { start: iso(start), end: iso(T), seconds: T - start, posts },
    networks: current.map((n) => ({
      ...n,
      handles: Object.fromEntries(n.members.flatMap((m) => (handles.has(m) ? [[m, handles.get(m)!]] : []))),
    })),
  };
}
