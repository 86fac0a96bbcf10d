/**
 * `lockstep monitor --jetstream URL | --mastodon URL --token-env NAME | --ndjson FILE|- --out DIR`: thin wiring over src/monitor — picks
 * the source, maps options, prints the status line on stderr and stops gracefully on SIGTERM/SIGINT.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { LockstepError } from '../../core/errors.js';
import { FORMAT_NAMES, parseMapping, type FormatName } from '../../ingest/index.js';
import { runMonitor } from '../../monitor/monitor.js';
import { DEFAULT_MONITOR_EVERY, DEFAULT_MONITOR_WINDOW } from '../../monitor/monitor-options.js';
import type { LiveSource } from '../../monitor/source.js';
import { DEFAULT_DETECT_SHARE } from '../../monitor/tick-cadence.js';
import { jetstreamSource } from '../../monitor/jetstream/client.js';
import { mastodonSource, parseStream } from '../../monitor/mastodon/client.js';
import { ndjsonSource } from '../../monitor/ndjson-source.js';
import { Watchlist } from '../../monitor/watchlist.js';
import { WorkspaceSink } from '../../monitor/workspace-sink.js';
import { openStore } from '../../store/open.js';
import type { Store } from '../../store/store.js';
import { parseTlp } from '../../workspace/runs.js';
import { listArg, numberArg } from '../args.js';
import { detectOptions, type DetectFlags } from './detect.js';

interface MonitorFlags extends Omit<
  DetectFlags,
  'out' | 'format' | 'window' | 'parallelRead' | 'factchecks'
> {
  jetstream?: string;
  mastodon?: string;
  tokenEnv?: string;
  stream?: string;
  ndjson?: string;
  format: FormatName;
  collections?: string;
  dids?: string;
  backfill?: string;
  out?: string;
  window?: string;
  every?: string;
  detectShare?: string;
  objectCache?: string;
  untilIdle?: string;
  coWindow?: string;
  status?: string;
  webhook?: string;
  webhookSecretEnv?: string;
  health?: string;
  healthStale?: string;
  watch?: string;
  db?: string;
  pgSchema?: string;
  org?: string;
  tlp?: string;
}

/** `--webhook URL --webhook-secret-env NAME`: the secret comes from the environment, never argv (ps shows argv). */
function webhookOptions(o: MonitorFlags) {
  if (o.webhook === undefined) {
    if (o.webhookSecretEnv !== undefined)
      throw new LockstepError('ERR_USAGE', '--webhook-secret-env needs --webhook URL', {
        option: '--webhook',
      });
    return undefined;
  }
  if (o.webhookSecretEnv === undefined)
    throw new LockstepError('ERR_USAGE', '--webhook needs --webhook-secret-env NAME (the HMAC secret)', {
      option: '--webhook-secret-env',
    });
  const secret = process.env[o.webhookSecretEnv];
  if (secret === undefined || secret === '')
    throw new LockstepError('ERR_USAGE', `the environment variable ${o.webhookSecretEnv} is not set`, {
      option: '--webhook-secret-env',
    });
  return {
    url: o.webhook,
    secret,
    onState: (line: string) => process.stderr.write(`monitor: ${line}\n`),
  };
}

/** `--health PORT` or `--health HOST:PORT`. */
function healthOptions(o: MonitorFlags) {
  if (o.health === undefined) return undefined;
  const m = /^(?:(.+):)?(\d+)$/.exec(o.health);
  if (m === null)
    throw new LockstepError('ERR_USAGE', `--health expects PORT or HOST:PORT, got ${o.health}`, {
      option: '--health',
    });
  return {
    host: m[1]?.replace(/^\[|\]$/g, ''),
    port: numberArg(m[2]!, '--health', 0, 65535),
    staleSeconds:
      o.healthStale === undefined ? undefined : numberArg(o.healthStale, '--health-stale', 1, 1e9),
    onListening: (url: string) => process.stderr.write(`monitor: health at ${url}\n`),
  };
}

/** `--mastodon URL --token-env NAME [--stream S]`: the token comes from the environment, never argv. */
function mastodon(o: MonitorFlags, href: string): LiveSource {
  const url = urlArg(href, '--mastodon', ['ws:', 'wss:', 'http:', 'https:']);
  if (o.tokenEnv === undefined)
    throw new LockstepError(
      'ERR_USAGE',
      '--mastodon needs --token-env NAME (a token with read:statuses: Mastodon ≥ 4.2 requires one for every stream)',
      { option: '--token-env' },
    );
  const token = process.env[o.tokenEnv];
  if (token === undefined || token === '')
    throw new LockstepError('ERR_USAGE', `the environment variable ${o.tokenEnv} is not set`, {
      option: '--token-env',
    });
  const stream = o.stream ?? 'public';
  parseStream(stream);
  return mastodonSource({
    url: url.toString(),
    token,
    stream,
    backfillSeconds: backfillArg(o),
    onState: (s) => process.stderr.write(`monitor: mastodon ${s}\n`),
  });
}

const backfillArg = (o: MonitorFlags): number | undefined =>
  o.backfill === undefined ? undefined : numberArg(o.backfill, '--backfill', 1, 7 * 86400);

function urlArg(href: string, option: string, protocols: string[]): URL {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    throw new LockstepError('ERR_USAGE', `${option} ${href} is not a URL`, { option });
  }
  if (!protocols.includes(url.protocol))
    throw new LockstepError(
      'ERR_USAGE',
      `${option} needs a ${protocols.map((p) => `${p}//`).join(' or ')} URL, got ${url.protocol}`,
      { option },
    );
  return url;
}

function source(o: MonitorFlags): LiveSource {
  const given = [o.jetstream, o.mastodon, o.ndjson].filter((x) => x !== undefined).length;
  if (given !== 1)
    throw new LockstepError(
      'ERR_USAGE',
      'monitor needs exactly one source: --jetstream URL, --mastodon URL or --ndjson FILE|-',
      { option: '--jetstream' },
    );
  if (o.backfill !== undefined && o.jetstream === undefined && o.mastodon === undefined)
    throw new LockstepError(
      'ERR_USAGE',
      '--backfill goes with --jetstream or --mastodon (JSON lines have no history to ask for: a file is read from its start)',
      { option: '--backfill' },
    );
  if (o.mastodon !== undefined) return mastodon(o, o.mastodon);
  if (o.tokenEnv !== undefined || o.stream !== undefined)
    throw new LockstepError('ERR_USAGE', '--token-env and --stream go with --mastodon', {
      option: o.tokenEnv !== undefined ? '--token-env' : '--stream',
    });
  if (o.jetstream !== undefined) {
    const url = urlArg(o.jetstream, '--jetstream', ['ws:', 'wss:']);
    const backfill = backfillArg(o);
    return jetstreamSource({
      url: url.toString(),
      startUs: backfill === undefined ? undefined : Math.floor((Date.now() / 1000 - backfill) * 1e6),
      wantedCollections: o.collections === undefined ? undefined : listArg(o.collections),
      wantedDids: o.dids === undefined ? undefined : listArg(o.dids),
      onState: (s) => process.stderr.write(`monitor: jetstream ${s}\n`),
    });
  }
  if (o.format === 'ndjson' && o.map === undefined)
    throw new LockstepError(
      'ERR_USAGE',
      '--ndjson needs --map account=…,time=… (or --format twitter-v2|twitter-v1)',
      {
        option: '--map',
      },
    );
  return ndjsonSource(o.ndjson!, o.format, {
    mapping: o.map === undefined ? undefined : parseMapping(o.map),
  });
}

/**
 * `--db STORE --org ORG [--tlp T]`: the workspace store alerts go to (a run per alerting tick, a case
 * per network alert). Checked before the stream is opened, so a typo does not cost an election night.
 */
async function workspaceStore(o: MonitorFlags): Promise<Store | undefined> {
  if (o.db === undefined) {
    const stray =
      o.org !== undefined
        ? '--org'
        : o.tlp !== undefined
          ? '--tlp'
          : o.pgSchema !== undefined
            ? '--pg-schema'
            : undefined;
    if (stray !== undefined)
      throw new LockstepError('ERR_USAGE', `${stray} goes with --db STORE (the workspace store)`, {
        option: stray,
      });
    return undefined;
  }
  if (o.org === undefined)
    throw new LockstepError(
      'ERR_USAGE',
      '--db needs --org ORG (the organisation that owns the runs and cases)',
      {
        option: '--org',
      },
    );
  parseTlp(o.tlp ?? 'amber+strict');
  const store = await openStore(o.db, o.pgSchema !== undefined ? { pgSchema: o.pgSchema } : {});
  if ((await store.getOrg(o.org)) === undefined) {
    await store.close();
    throw new LockstepError('ERR_USAGE', `--org ${o.org}: no such organisation in the store`, {
      option: '--org',
    });
  }
  return store;
}

export function register(program: Command): void {
  program
    .command('monitor')
    .description(
      'Watch a live post stream (Bluesky Jetstream, Mastodon streaming or JSON lines), re-run detection over a sliding window ' +
        'every --every seconds of event time, and write DIR/alerts.ndjson, DIR/networks.json and DIR/cursor.json. ' +
        'A restart with the same --out resumes after the last processed event.',
    )
    .option(
      '--jetstream <url>',
      'a Jetstream endpoint (ws:// or wss://): v1 …/subscribe (time cursor) or v2 …/xrpc/network.bsky.jetstream.subscribeEvents (seq cursor)',
    )
    .option(
      '--collections <list>',
      'Jetstream collections to receive (v1 wantedCollections, v2 collections; default: app.bsky.feed.post,app.bsky.feed.repost)',
    )
    .option('--dids <list>', 'Jetstream accounts to receive (v1 wantedDids, v2 dids): only these accounts')
    .option(
      '--backfill <s>',
      'on a fresh start (no saved cursor), read the last S seconds of history first (Jetstream: its time cursor; Mastodon: the REST timeline, at most 10,000 statuses), so the window starts full (e.g. S = --window)',
    )
    .option(
      '--mastodon <url>',
      'a Mastodon streaming server: wss://HOST (WebSocket) or https://HOST (Server-Sent Events)',
    )
    .option('--token-env <name>', 'environment variable holding the Mastodon access token (read:statuses)')
    .option(
      '--stream <stream>',
      'Mastodon stream: public, public:local, public:remote, hashtag:TAG, hashtag:local:TAG, list:ID, user (default: public)',
    )
    .option('--ndjson <file|->', 'JSON lines from a file or stdin (-), read with --format and --map')
    .addOption(
      new Option('--format <format>', 'JSON-lines format of --ndjson')
        .choices(FORMAT_NAMES.filter((f) => ['ndjson', 'twitter-v2', 'twitter-v1'].includes(f)))
        .default('ndjson'),
    )
    .option('--map <mapping>', 'column mapping for --ndjson: key=path,… (as detect --map)')
    .option('--out <dir>', 'output directory (required; reused to resume)')
    .option('--window <s>', `sliding window in seconds of event time (default: ${DEFAULT_MONITOR_WINDOW})`)
    .option(
      '--every <s>',
      `re-detect every this many seconds of event time (default: ${DEFAULT_MONITOR_EVERY})`,
    )
    .option(
      '--detect-share <f>',
      `at most this share of the wall clock goes to detection; boundaries crossed meanwhile are folded into a later one (default: ${DEFAULT_DETECT_SHARE}; 1: detect at every boundary)`,
    )
    .option('--until-idle <s>', 'exit 0 after this many seconds without events')
    .option(
      '--object-cache <MB>',
      "keep lockstep's per-object counting steps across ticks, up to this many MB, and recount only objects whose actions changed (default: none; it paid nothing on a stream of hot hashtags, docs/MONITOR.md)",
    )
    .option(
      '--co-window <s>',
      "detect's co-action window: seconds or behaviour=seconds,… (as detect --window)",
    )
    .option('--behaviours <list>', 'behaviours to detect (default: all the stream supports)')
    .option('--min-participation <n>', 'as detect')
    .option('--fdr <q>', 'as detect')
    .option('--effect-floor <x>', 'as detect')
    .option('--seed <n>', 'as detect')
    .addOption(
      new Option(
        '--reference <r>',
        'as detect: the crowd, or (archive) the accounts only with themselves',
      ).choices(['auto', 'crowd', 'archive']),
    )
    .option('--min-objects <n>', 'as detect')
    .option(
      '--webhook <url>',
      'also POST every alert as JSON to this URL, signed (Lockstep-Signature: t=…,v1=HMAC-SHA256)',
    )
    .option(
      '--webhook-secret-env <name>',
      'environment variable holding the webhook HMAC secret (≥ 16 characters)',
    )
    .option(
      '--health <[host:]port>',
      'serve GET /health (JSON; 503 when stale) on this port, 127.0.0.1 unless a host is given',
    )
    .option(
      '--watch <file>',
      'watchlists (JSON: {"lists": {NAME: {accounts, hashtags, domains, urls, keywords}}}): spike alerts, watched members on network alerts',
    )
    .option(
      '--db <file|url>',
      'workspace store (SQLite file or postgres:// URL, as serve): import each alerting tick as a run and open a case per network alert',
    )
    .option('--pg-schema <name>', 'PostgreSQL schema of --db')
    .option('--org <org>', 'with --db: the organisation that owns the runs and cases')
    .option('--tlp <tlp>', 'with --db: TLP of the runs and cases (default: amber+strict)')
    .option('--health-stale <s>', 'seconds without a new event before /health answers 503 (default: 300)')
    .option('--status <s>', 'seconds between status lines on stderr (default: 5; 0: none)')
    .action(async (o: MonitorFlags) => {
      if (o.out === undefined)
        throw new LockstepError('ERR_USAGE', 'monitor needs --out DIR', { option: '--out' });
      const src = source(o);
      const webhook = webhookOptions(o);
      const health = healthOptions(o);
      const watchlist = o.watch === undefined ? undefined : Watchlist.read(o.watch);
      const detect = detectOptions({ ...o, window: o.coWindow });
      const abort = new AbortController();
      const stop = (): void => {
        process.stderr.write('monitor: stopping (signal)\n');
        abort.abort();
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      const statusS = o.status === undefined ? 5 : numberArg(o.status, '--status', 0, 86400);
      const store = await workspaceStore(o);
      try {
        const s = await runMonitor({
          out: o.out,
          source: src,
          windowSeconds: o.window === undefined ? undefined : numberArg(o.window, '--window', 1, 30 * 86400),
          everySeconds: o.every === undefined ? undefined : numberArg(o.every, '--every', 1, 86400),
          detectShare:
            o.detectShare === undefined ? undefined : numberArg(o.detectShare, '--detect-share', 0.01, 1),
          objectCacheBytes:
            o.objectCache === undefined
              ? undefined
              : Math.round(numberArg(o.objectCache, '--object-cache', 1, 65536) * 1024 * 1024),
          untilIdleSeconds:
            o.untilIdle === undefined ? undefined : numberArg(o.untilIdle, '--until-idle', 0, 1e9),
          detect,
          webhook,
          health,
          watchlist,
          workspace:
            store === undefined
              ? undefined
              : new WorkspaceSink({
                  store,
                  org: o.org!,
                  tlp: parseTlp(o.tlp ?? 'amber+strict'),
                  source: src.label,
                  dir: o.out,
                }),
          onWarning: (line) => process.stderr.write(line + '\n'),
          signal: abort.signal,
          onStatus: statusS > 0 ? (line) => process.stderr.write(line + '\n') : undefined,
          statusMs: statusS * 1000,
        });
        process.stdout.write(
          `monitor: stopped (${s.stoppedBy}) after ${s.events} new events; ${s.ticks} detections, ` +
            `${s.alerts} alerts, ${s.networks} current networks` +
            (store === undefined ? '' : `, ${s.cases} cases opened in the workspace`) +
            (s.workspacePending > 0
              ? ` (${s.workspacePending} alerts wait for their case: the next run opens them)`
              : '') +
            `; outputs in ${o.out}\n`,
        );
      } finally {
        await store?.close();
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
      }
    });
}
