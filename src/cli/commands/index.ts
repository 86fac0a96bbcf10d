/**
 * The command table. Start-up cost is paid by every command, so a command's module (and everything
 * it imports: ingest, detect, fastify, SQLite, …) is loaded only when that command runs or its own
 * help is asked for; `lockstep --help` and `--version` load none (src/cli/startup.test.ts checks it).
 *
 * Add a command: write `commands/<name>.ts` exporting `register(program)` (options, description,
 * action), then add one entry below: its name(s), the usage shown in `lockstep --help`, a one-line
 * summary, and `load: () => import('./<name>.js')`. A module that registers several top-level
 * commands (serve.ts: serve and taxii-admin) gets one entry per command with the same `load`.
 */
import { Help, type Command } from 'commander';

export interface CommandModule {
  register(program: Command): void;
}

export interface CommandEntry {
  name: string;
  /** Arguments and required options, as the top-level help lists them. */
  usage: string;
  /** One line for the top-level help; the command's own help shows its full description. */
  summary: string;
  load: () => Promise<CommandModule>;
}

// One loader per module, shared by the entries of the commands it registers.
const serveModule = (): Promise<CommandModule> => import('./serve.js');
const matchModule = (): Promise<CommandModule> => import('./match.js');

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'detect',
    usage: '<input...> --out <dir> [options]',
    summary: 'Find accounts acting in lockstep in data files and write the evidence (docs/DETECT.md)',
    load: () => import('./detect.js'),
  },
  {
    name: 'monitor',
    usage: '--jetstream <url> | --ndjson <file|-> --out <dir> [options]',
    summary: 'Watch a live stream, re-detect over a sliding window and write alerts (docs/MONITOR.md)',
    load: () => import('./monitor.js'),
  },
  {
    name: 'export',
    usage: '--stix <detect-dir> [options]',
    summary: 'Write a STIX 2.1 bundle of a detect output folder (docs/STIX.md)',
    load: () => import('./export.js'),
  },
  {
    name: 'simulate',
    usage: '--posts <n> --out <dir> [options]',
    summary: 'Write a simulated data set with planted coordinated campaigns and its ground truth',
    load: () => import('./simulate.js'),
  },
  {
    name: 'demo',
    usage: '[options]',
    summary: 'Run detection on the bundled simulated sample, write a report and score it',
    load: () => import('./demo.js'),
  },
  {
    name: 'lookalikes',
    usage: '<domain...> [options]',
    summary: 'List lookalike permutations of protected domains (docs/LOOKALIKES.md)',
    load: () => import('./lookalikes.js'),
  },
  {
    name: 'watch',
    usage: '<feed> --protect <file> [options]',
    summary: 'Match observed domains against protected domains (docs/LOOKALIKES.md)',
    load: () => import('./watch.js'),
  },
  {
    name: 'passwords',
    usage: 'index|serve|check [options]',
    summary: 'Breached-password index, range API and password check (docs/PASSWORDS.md)',
    load: () => import('./passwords.js'),
  },
  {
    name: 'serve',
    usage: '--config <file> | --demo [options]',
    summary: 'Run the TAXII 2.1 server (docs/EXCHANGE.md)',
    load: serveModule,
  },
  {
    name: 'taxii-admin',
    usage: '<subcommand> [options]',
    summary: "Administer the TAXII server's store (docs/EXCHANGE.md)",
    load: serveModule,
  },
  {
    name: 'pull',
    usage: '--url <url> --collection <id>',
    summary: 'Read a TAXII 2.1 collection into a STIX bundle (docs/FEDERATION.md)',
    load: () => import('./pull.js'),
  },
  {
    name: 'push',
    usage: '<input> --url <url> --collection <id>',
    summary: 'Send a detect output folder or a STIX bundle to a TAXII 2.1 collection (docs/FEDERATION.md)',
    load: () => import('./push.js'),
  },
  {
    name: 'sync',
    usage: '--from <url> --to <url> [options]',
    summary: 'Federate two TAXII 2.1 collections, one way or both ways (docs/FEDERATION.md)',
    load: () => import('./sync.js'),
  },
  {
    name: 'match',
    usage: '<indicators> <data...> --org <name>',
    summary: "Match a partner's account indicators against local posts; write sightings (docs/FEDERATION.md)",
    load: matchModule,
  },
  {
    name: 'keyify',
    usage: '<bundle> [options]',
    summary: "Turn a bundle's account indicators into keyed ones for a trust group (docs/FEDERATION.md)",
    load: matchModule,
  },
  {
    name: 'factcheck',
    usage: 'import|match [options]',
    summary: 'Import ClaimReview fact checks and match posts to them (docs/FACTCHECK.md)',
    load: () => import('./factcheck.js'),
  },
  {
    name: 'runs',
    usage: 'add <dir>|list --db <file|url> [options]',
    summary: 'Publish detection runs into the store for the workspace (docs/UI.md)',
    load: () => import('./runs.js'),
  },
];

/** The command an argument list runs: its first word, or the word after `help`. */
export function commandNameOf(argv: readonly string[]): string | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * Registers the command `argv` runs in full (loading its module) and every other command as a stub
 * that only lists its usage and summary in `lockstep --help` (and lets commander suggest a name for a
 * typo). The top-level program's own options all start with `-`, so the first other word names the
 * command. Commands keep the table's order in the help.
 */
export async function registerCommands(program: Command, argv: readonly string[]): Promise<void> {
  const wanted = COMMANDS.find((e) => e.name === commandNameOf(argv));
  const module = wanted ? await wanted.load() : undefined;
  for (const entry of COMMANDS) {
    // The wanted module registers all of its commands (serve.ts: serve and taxii-admin) at once.
    if (module && entry.load === wanted?.load) {
      if (!program.commands.some((c) => c.name() === entry.name)) module.register(program);
    } else {
      program.command(entry.name);
    }
    program.commands.find((c) => c.name() === entry.name)?.summary(entry.summary);
  }
  const help = new Help();
  program.configureHelp({
    ...program.configureHelp(),
    subcommandTerm: (cmd) => {
      const entry = COMMANDS.find((e) => e.name === cmd.name());
      return entry ? `${entry.name} ${entry.usage}` : help.subcommandTerm(cmd);
    },
  });
}
