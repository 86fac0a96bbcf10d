/**
 * What the optional counting engines (--engine duckdb, clickhouse) share at the door: importing their
 * optional npm package with a clear error when it is missing, and refusing an engine older than the
 * one their SQL was checked on.
 */
import { LockstepError } from '../../core/errors.js';

/** Imports `specifier`, or ERR_DETECT_ENGINE_MISSING naming the package and the way out. */
export async function importEngine<T>(engine: string, pkg: string, specifier: string): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch (e) {
    throw new LockstepError(
      'ERR_DETECT_ENGINE_MISSING',
      `--engine ${engine} needs the optional package ${pkg}, which is not installed or does not load on ` +
        `this platform (${(e as Error).message.split('\n')[0] ?? ''}); install it with ` +
        `\`npm install ${pkg}\` or use the default --engine memory`,
      { engine, package: pkg },
      { cause: e },
    );
  }
}

/**
 * 'v1.5.2' / '18.16.1' → [major, minor]; older than `minimum`, or unreadable, is
 * ERR_DETECT_ENGINE_VERSION naming what was found (`name`, e.g. 'DuckDB v1.0.0 at …') and the minimum.
 */
export function checkEngineVersion(
  engine: string,
  name: string,
  version: string,
  minimum: readonly [number, number],
  details: Record<string, unknown> = {},
): void {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  const [major, minor] = minimum;
  if (!m || Number(m[1]) < major || (Number(m[1]) === major && Number(m[2]) < minor))
    throw new LockstepError(
      'ERR_DETECT_ENGINE_VERSION',
      `${name} is too old or unrecognised for --engine ${engine}; it needs ${major}.${minor} or later`,
      { engine, version, minimum: `${major}.${minor}`, ...details },
    );
}
