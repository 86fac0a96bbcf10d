/**
 * Child-process entry for the start-up test: `node --import tsx record-imports.ts OUT -- ARGS…` runs
 * the CLI from the sources on ARGS with a module resolve hook that appends every resolved module URL
 * to the file OUT, one per line. Every import in our code passes the hook, so a package that a
 * command's help would load shows up there. (Node 20 has no in-thread module hooks: the hook runs in
 * the loader thread and writes the file itself, before each module loads.)
 */
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const [out, sep, ...args] = process.argv.slice(2);
if (out === undefined || sep !== '--') throw new Error('usage: record-imports.ts OUT -- ARGS…');
const HOOKS = `
import { appendFileSync } from 'node:fs';
let out;
export function initialize(data) { out = data.out; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(out, r.url + '\\n');
  return r;
}`;
register(`data:text/javascript,${encodeURIComponent(HOOKS)}`, { data: { out } });
// Packages loaded with require() (createRequire, as idn.ts loads tr46) do not pass the ESM hook:
// the CommonJS cache lists them, as file paths, when the process ends (less tsx and its esbuild,
// which run this test rather than the CLI).
const cjsCache = createRequire(import.meta.url).cache;
process.on('exit', () => {
  const paths = Object.keys(cjsCache).filter((p) => !/\/node_modules\/(tsx|esbuild)\//.test(p));
  if (paths.length > 0) appendFileSync(out, `${paths.join('\n')}\n`);
});
const { run } = await import('../main.js');
process.exitCode = await run(args);
