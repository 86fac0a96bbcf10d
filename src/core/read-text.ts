/** Reads a whole UTF-8 text file, turning any failure into ERR_IO that names the file. */
import { readFile } from 'node:fs/promises';
import { LockstepError } from './errors.js';

export async function readTextFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new LockstepError(
      'ERR_IO',
      `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`,
      { file: path },
      { cause: e },
    );
  }
}
