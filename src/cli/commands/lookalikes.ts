/**
 * `lockstep lookalikes DOMAIN…`: thin wiring over src/protect/lookalikes (dnstwist-compatible
 * permutations with IDNA checks and public-suffix-aware labels).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import { LockstepError } from '../../core/errors.js';
import { listArg } from '../args.js';
import { bufferedStdout } from '../output.js';
import { capOptimisingTier } from '../tiering.js';
// Leaf modules rather than the capability's index, which also loads the watch matcher and STIX.
import { parseProtectedDomain } from '../../protect/lookalikes/domain.js';
import type { ProtectedDomain } from '../../protect/lookalikes/domain.js';
import type { OutputFormat } from '../../protect/lookalikes/format.js';
import { OUTPUT_FORMATS, formatResults } from '../../protect/lookalikes/format.js';
import { generateLookalikes, parseFuzzerList } from '../../protect/lookalikes/generate.js';

/**
 * Below this Σ (fuzzed label length)² over all domains, TurboFan's compiles cost more than they save
 * (tiering.ts). The homoglyph fuzzer's output, most of the rows, grows about with the square of the
 * label's length (example: 49 → 1,877 names; donaldjtrump: 144 → 8,960); both tiers cost the same at
 * ~1,000 (16 domains, 71,000 rows, bench/RESULTS.md), so the cap stops at half that.
 */
const SHORT_RUN_WORK = 500;

/** Is generating the lookalikes of these domains small enough to run without TurboFan? */
export function isShortRun(domains: readonly ProtectedDomain[]): boolean {
  let work = 0;
  for (const pd of domains) for (const s of pd.splits) work += s.label.length ** 2;
  return work <= SHORT_RUN_WORK;
}

function readLines(path: string, what: string): string[] {
  try {
    return readFileSync(path, 'utf8').split(/\r?\n/);
  } catch (e) {
    throw new LockstepError('ERR_IO', `cannot read ${what} ${path}: ${(e as Error).message}`, { file: path });
  }
}

export function register(program: Command): void {
  program
    .command('lookalikes')
    .description('Generate lookalike permutations of protected domains (every dnstwist fuzzer, IDNA-checked)')
    .argument('<domain...>', 'protected domains (names or URLs)')
    .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .option('--fuzzers <list>', 'comma-separated fuzzers (default: all)')
    .option('--dictionary <file>', 'words for the dictionary fuzzer, one per line')
    .option('--tld <file>', 'TLDs / public suffixes for tld-swap, one per line')
    .option(
      '--brand-base <list>',
      'comma-separated parent domains for brand-subdomain forms (paypal.com.<base>); without it, none',
    )
    .action(
      (
        domains: string[],
        o: { format: OutputFormat; fuzzers?: string; dictionary?: string; tld?: string; brandBase?: string },
      ) => {
        const fuzzers = o.fuzzers ? parseFuzzerList(o.fuzzers) : undefined;
        const dictionary = o.dictionary ? readLines(o.dictionary, 'dictionary') : undefined;
        const tlds = o.tld ? readLines(o.tld, 'TLD file') : undefined;
        const brandBases = o.brandBase === undefined ? undefined : listArg(o.brandBase);
        const parsed = domains.map((d) => parseProtectedDomain(d));
        if (isShortRun(parsed)) capOptimisingTier();
        const results = parsed.map((pd) => generateLookalikes(pd, { fuzzers, dictionary, tlds, brandBases }));
        const out = bufferedStdout();
        formatResults(results, o.format, out.write);
        out.flush();
      },
    );
}
