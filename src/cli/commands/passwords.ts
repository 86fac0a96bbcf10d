/**
 * `lockstep passwords index|serve|check`: thin wiring over src/protect/passwords (breached-password
 * index, Pwned Passwords-compatible range API, NIST SP 800-63B-style check). Never prints a password
 * or a full hash.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { LockstepError } from '../../core/errors.js';
import type { BreachSource, BuildReport, CorpusFormat, HashMode } from '../../protect/passwords/index.js';
import { HEADER_BYTES, TABLE_BYTES } from '../../protect/passwords/index-format.js';
import { plural } from '../../core/plural.js';
// Leaf modules rather than the capability's index: the index also exports the range server, and
// loading fastify would cost `passwords check` and `index` ~100 ms of start-up for nothing.
import { checkPassword } from '../../protect/passwords/policy.js';
import { httpSource, indexSource } from '../../protect/passwords/pwned.js';
import { RangeIndex } from '../../protect/passwords/range-index.js';
import { SecretAborted, readSecret } from '../../protect/passwords/read-secret.js';
import { intArg, portArg } from '../args.js';

function openIndexes(paths: readonly string[]): Partial<Record<HashMode, RangeIndex>> {
  const byMode: Partial<Record<HashMode, RangeIndex>> = {};
  for (const p of paths) {
    const idx = RangeIndex.open(p);
    if (byMode[idx.mode]) {
      throw new LockstepError('ERR_USAGE', `two ${idx.mode} indexes given (${byMode[idx.mode]!.path}, ${p})`);
    }
    byMode[idx.mode] = idx;
  }
  return byMode;
}

/**
 * What `passwords index` built. Every index carries a fixed header and 2^20-entry prefix table
 * (~8 MiB), so bytes per hash counts the records only, and the throughput is left out for inputs too
 * small to time (a 2-line corpus gave "4194359.00 bytes/hash … 0.0 MB/s").
 */
export function indexSummary(path: string, r: BuildReport): string {
  const fixed = HEADER_BYTES + TABLE_BYTES;
  const perHash = r.hashes > 0 ? `${((r.fileBytes - fixed) / r.hashes).toFixed(2)} bytes/hash` : 'no hashes';
  const speed = r.inputBytes >= 1e6 ? `, ${(r.inputBytes / 1e6 / r.seconds).toFixed(1)} MB/s` : '';
  return (
    `index ${path}: ${r.mode}, ${plural(r.hashes, 'hash', 'hashes')} from ${plural(r.files, 'file')}, ` +
    `${r.fileBytes.toLocaleString('en-US')} bytes\n` +
    `  ${perHash} beside the fixed ${fixed.toLocaleString('en-US')}-byte header and prefix table, ${r.path}, ${r.seconds.toFixed(2)} s${speed}`
  );
}

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

export function register(program: Command): void {
  const pw = program
    .command('passwords')
    .description('Breached-password index, Pwned Passwords-compatible range API and password check');

  pw.command('index')
    .description(
      'Build a compact index from Pwned Passwords downloads (HASH:COUNT, ABCDE.txt ranges) or password lists',
    )
    .argument('<corpus...>', 'corpus files, or directories of ABCDE.txt range files')
    .requiredOption('--out <index>', 'index file to write')
    .addOption(new Option('--mode <mode>', 'hash mode of the index').choices(['sha1', 'ntlm']))
    .addOption(
      new Option('--format <format>', 'layout of every input (default: sniffed per file)').choices([
        'hashes',
        'range',
        'passwords',
      ]),
    )
    .option('--tmp-dir <dir>', 'directory for the external sort')
    .action(
      async (
        corpus: string[],
        o: { out: string; mode?: HashMode; format?: CorpusFormat; tmpDir?: string },
      ) => {
        const { buildIndex } = await import('../../protect/passwords/build-index.js');
        const { SKIP_TEXT } = await import('../../protect/passwords/corpus-reader.js');
        const r = await buildIndex({
          inputs: corpus,
          out: o.out,
          mode: o.mode,
          format: o.format,
          tmpDir: o.tmpDir,
        });
        out(indexSummary(o.out, r));
        out(`  lines skipped: ${r.linesSkipped}`);
        for (const [reason, n] of Object.entries(r.skipsByReason))
          out(`    ${n} × ${SKIP_TEXT[reason as keyof typeof SKIP_TEXT]}`);
        for (const ex of r.skipExamples) out(`    ${ex.file}:${ex.line}: ${SKIP_TEXT[ex.reason]}`);
      },
    );

  pw.command('serve')
    .description('Serve GET /range/{prefix} (Pwned Passwords range API) from one SHA-1 and/or one NTLM index')
    .requiredOption('--index <index...>', 'index file(s); one per hash mode')
    .option('--port <n>', 'TCP port', '8787')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--log', 'log requests (method, prefix URL, status)')
    .action(async (o: { index: string[]; port: string; host: string; log?: boolean }) => {
      const port = portArg(o.port);
      const indexes = openIndexes(o.index);
      const { buildRangeServer } = await import('../../protect/passwords/routes.js');
      const app = await buildRangeServer({ indexes, logger: o.log === true });
      const address = await app.listen({ port, host: o.host });
      out(`passwords range API on ${address}/range/{prefix} (${Object.keys(indexes).join(', ')})`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await app.close();
      for (const idx of Object.values(indexes)) idx.close();
    });

  pw.command('check')
    .description(
      'Check one password read from stdin (no echo on a terminal) against the policy and the index',
    )
    .option('--index <index>', 'local index (SHA-1 or NTLM)')
    .option(
      '--url <url>',
      'range API instead of an index: its base URL, e.g. http://127.0.0.1:8787 (/range/ may be given or not)',
    )
    .option('--mfa', 'the password is one factor of MFA (minimum 8 instead of 15)')
    .option('--context <word...>', 'service name, username, e-mail … the password must not contain')
    .option('--max-length <n>', 'maximum length (≥ 64)', '64')
    .action(
      async (o: { index?: string; url?: string; mfa?: boolean; context?: string[]; maxLength: string }) => {
        if (o.index && o.url) throw new LockstepError('ERR_USAGE', 'give --index or --url, not both');
        const maxLength = intArg(o.maxLength, '--max-length', 64, 1 << 20);
        let index: RangeIndex | undefined;
        let breaches: BreachSource | undefined;
        if (o.index) breaches = indexSource((index = RangeIndex.open(o.index)));
        else if (o.url) breaches = httpSource({ url: o.url });
        let password: string;
        try {
          password = await readSecret(process.stdin, process.stderr);
        } catch (e) {
          if (e instanceof SecretAborted) throw new LockstepError('ERR_USAGE', 'no password was entered');
          throw e;
        }
        try {
          const r = await checkPassword(password, { mfa: o.mfa, context: o.context, maxLength, breaches });
          out(`length: ${r.length}`);
          out(`breach count: ${breaches ? r.breachCount : 'not checked (no --index or --url)'}`);
          for (const p of r.problems) out(`problem: ${p.code}: ${p.message}`);
          if (!r.ok) {
            throw new LockstepError(
              'ERR_PASSWORDS_REJECTED',
              `password rejected (${r.problems.map((p) => p.code).join(', ')})`,
            );
          }
          out('ok');
        } finally {
          index?.close();
        }
      },
    );
}
