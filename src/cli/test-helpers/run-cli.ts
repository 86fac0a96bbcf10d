/**
 * Runs the CLI in-process for tests, capturing the text it writes to stdout and stderr. Binary chunks
 * pass through: node:test's child process talks to the runner over stdout in serialized (binary)
 * frames. A command that reports failure through `process.exitCode` (rather than its return value)
 * counts too, and the runner's own exit code is restored afterwards.
 */
import { run } from '../main.js';

export async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = (s: string | Uint8Array, ...rest: never[]) =>
    typeof s === 'string' ? ((out += s), true) : o(s, ...rest);
  process.stderr.write = (s: string | Uint8Array, ...rest: never[]) =>
    typeof s === 'string' ? ((err += s), true) : e(s, ...rest);
  const before = process.exitCode;
  try {
    const code = await run(argv);
    const set = process.exitCode;
    process.exitCode = before;
    return { code: code || (typeof set === 'number' ? set : 0), out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}
