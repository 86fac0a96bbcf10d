/**
 * The `lockstep` command line: parses arguments and hands each command to its module under
 * `commands/`, loading only the module of the command that runs (commands/index.ts). Thin wiring
 * only; every command's logic lives in its capability folder.
 */
import { Command, CommanderError, Help } from 'commander';
import { isLockstepError } from '../core/errors.js';
import { registerCommands } from './commands/index.js';
import { VERSION } from '../core/version.js';

/** The program with the command `argv` names registered in full and the others as help stubs. */
export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('lockstep')
    .description('Find accounts acting in lockstep, share findings over STIX/TAXII, protect their targets.')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride()
    // Subcommands inherit this: every requiredOption says so in its help line.
    .configureHelp({
      optionDescription: (option) => {
        const text = new Help().optionDescription(option);
        return option.mandatory ? `${text} (required)` : text;
      },
    });
  await registerCommands(program, argv);
  return program;
}

/** Runs the CLI; returns the exit code instead of exiting so tests can call it in-process. */
export async function run(argv: readonly string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 64;
    if (isLockstepError(e)) {
      process.stderr.write(`lockstep: ${e.code}: ${e.message}\n`);
      return e.exit;
    }
    process.stderr.write(
      `lockstep: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    return 70;
  }
}

/**
 * For the real process only (bin/lockstep.js, scripts/dev.ts): a reader that stops early
 * (`lockstep lookalikes example.com | head`) closes the pipe, which is how pipelines end, not an
 * error: exit quietly instead of crashing on EPIPE.
 */
export function endQuietlyOnClosedPipe(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(0);
  });
}
