/**
 * Child-process entry for the start-up test: `node --import tsx record-imports.ts OUT -- ARGS…` runs
 * the CLI from the sources on ARGS with a module resolve hook that appends every resolved module URL
 * to the file OUT, one per line. Every import in our code passes the hook, so a package that a
 * command's help would load shows up there. (Node 20 has no in-thread module hooks: the hook runs in
 * the loader thread and writes the file itself, before each module loads.)
 */
import { register } from 'node:module';

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
const { run } = await import('../main.js');
process.exitCode = await run(args);
