/**
 * `lockstep runs add DIR` (publish a detect output folder into the store for the workspace) and
 * `lockstep runs list`. Thin wiring over src/workspace/runs.ts.
 */
import type { Command } from 'commander';
import { LockstepError } from '../../core/errors.js';
import { FORMAT_NAMES } from '../../ingest/index.js';
import type { FormatName } from '../../ingest/index.js';
import { withStore } from '../with-store.js';
import type { DbOptions } from '../with-store.js';
import type { Store } from '../../store/store.js';
import { addRun, parseTlp } from '../../workspace/runs.js';

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** The org a run goes to: `--org`, else the store's only org. */
export async function ownerOrg(store: Store, org: string | undefined): Promise<string> {
  if (org !== undefined) return org;
  const orgs = await store.listOrgs();
  if (orgs.length === 1) return orgs[0]!.id;
  throw new LockstepError(
    'ERR_USAGE',
    orgs.length === 0
      ? 'the store has no organisation: create one with `lockstep taxii-admin apply-config --config FILE`'
      : `give --org (one of ${orgs.map((o) => o.id).join(', ')})`,
  );
}

function formatArg(v: string): FormatName | 'auto' {
  if (v === 'auto' || (FORMAT_NAMES as readonly string[]).includes(v)) return v as FormatName | 'auto';
  throw new LockstepError(
    'ERR_USAGE',
    `--format must be auto or one of ${FORMAT_NAMES.join(', ')}, got "${v}"`,
  );
}

export function register(program: Command): void {
  const runs = program.command('runs').description('Publish detection runs into the store for the workspace');
  runs
    .command('add')
    .description(
      'Read a `lockstep detect --out` folder (and, when readable, its input posts for activity timelines) into the store',
    )
    .argument('<dir>', 'detect output folder (run.json, networks.json, edges.csv)')
    .requiredOption('--db <file|url>', 'SQLite file or postgres:// URL (?schema=NAME picks the schema)')
    .option('--pg-schema <name>', 'PostgreSQL schema')
    .option('--org <id>', "owning organisation (default: the store's only one)")
    .option(
      '--tlp <level>',
      'TLP 2.0 marking: clear, green, amber, amber+strict or red',
      parseTlp,
      'amber+strict',
    )
    .option('--title <text>', 'title shown in the runs list (default: input names and date)')
    .option(
      '--input <file...>',
      "input posts for timelines and examples (default: run.json's inputs if present)",
    )
    .option('--no-input', 'do not read input posts')
    .option('--format <name>', 'input format (default: auto)', formatArg, 'auto')
    .action(
      async (
        dir: string,
        o: DbOptions & {
          org?: string;
          tlp: ReturnType<typeof parseTlp>;
          title?: string;
          input?: string[] | false;
          format: FormatName | 'auto';
        },
      ) => {
        const rep = await withStore(o, async (store) =>
          addRun(store, dir, {
            org: await ownerOrg(store, o.org),
            tlp: o.tlp,
            format: o.format,
            ...(o.title !== undefined ? { title: o.title } : {}),
            ...(o.input !== undefined ? { inputs: o.input === false ? false : o.input } : {}),
          }),
        );
        out(
          `${rep.created ? 'added' : 'already present'} ${rep.id}: ${rep.title} — ${rep.posts} posts, ${rep.accounts} accounts, ${rep.networks} networks, ${rep.edges} edges`,
        );
        out(
          rep.inputsRead.length > 0
            ? `activity and examples from ${rep.inputsRead.join(', ')}`
            : 'no input posts read: account pages show no activity timeline (give --input FILE)',
        );
      },
    );
  runs
    .command('list')
    .description('List the runs in the store, newest first')
    .requiredOption('--db <file|url>', 'SQLite file or postgres:// URL')
    .option('--pg-schema <name>', 'PostgreSQL schema')
    .action(async (o: DbOptions) => {
      const list = await withStore(o, (s) => s.listRuns(undefined));
      if (list.length === 0) out('no runs');
      for (const r of list)
        out(
          [
            r.id,
            r.org,
            `TLP:${r.tlp.toUpperCase()}`,
            r.addedAt,
            `${r.posts} posts`,
            `${r.accounts} accounts`,
            `${r.networks} networks`,
            `${r.edges} edges`,
            r.title,
          ].join('\t'),
        );
    });
}
