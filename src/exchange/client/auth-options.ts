/**
 * Credentials for the TAXII client from command-line options and the environment. Secrets are best
 * given through the environment (`LOCKSTEP_TAXII_PASSWORD`, `LOCKSTEP_TAXII_TOKEN`, or the per-side
 * `LOCKSTEP_<SIDE>_PASSWORD/_TOKEN` of `lockstep sync`), since command lines are visible to other
 * local users in the process list; the options exist for scripts and tests.
 */
import { LockstepError } from '../../core/errors.js';
import type { TaxiiAuth } from './http.js';

export interface AuthFlags {
  user?: string;
  password?: string;
  token?: string;
  /** Send the token as `Bearer` (default `Token`, as the OASIS taxii2-client does). */
  bearer?: boolean;
}

/**
 * @param envPrefix `LOCKSTEP_TAXII` for pull/push, `LOCKSTEP_FROM` / `LOCKSTEP_TO` for sync sides.
 * @param optionPrefix how the options are spelled in messages (`--`, `--from-`, `--to-`).
 */
export function authFrom(
  flags: AuthFlags,
  env: NodeJS.ProcessEnv = process.env,
  envPrefix = 'LOCKSTEP_TAXII',
  optionPrefix = '--',
): TaxiiAuth {
  const token = flags.token ?? env[`${envPrefix}_TOKEN`];
  const password = flags.password ?? env[`${envPrefix}_PASSWORD`];
  if (flags.user !== undefined && token !== undefined && flags.token !== undefined)
    throw new LockstepError('ERR_USAGE', `give either ${optionPrefix}user or ${optionPrefix}token, not both`);
  if (flags.user !== undefined) {
    if (password === undefined)
      throw new LockstepError(
        'ERR_USAGE',
        `${optionPrefix}user needs a password: set ${envPrefix}_PASSWORD (or ${optionPrefix}password)`,
      );
    return { kind: 'basic', user: flags.user, password };
  }
  if (token !== undefined) return { kind: 'token', token, scheme: flags.bearer ? 'Bearer' : 'Token' };
  return { kind: 'none' };
}
