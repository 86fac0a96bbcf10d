/**
 * The CLI's argument parsers, shared by every command: each turns an option's text into a value or
 * throws ERR_USAGE naming the option, the allowed range and what was given (quoted, escaped, cut to a
 * readable length, so a pasted binary blob cannot flood or garble the terminal).
 */
import { LockstepError } from '../core/errors.js';
import { quoteInput } from '../core/quote-input.js';

const range = (min: number, max: number): string =>
  max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;

/** A whole number within [min, max] (`_` allowed as a digit separator: 1_000_000), or ERR_USAGE. */
export function intArg(value: string, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value.replaceAll('_', ''));
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new LockstepError(
      'ERR_USAGE',
      `${name} must be a whole number ${range(min, max)}, got ${quoteInput(value)}`,
      { option: name },
    );
  }
  return n;
}

/** A finite number within [min, max], or ERR_USAGE. */
export function numberArg(value: string, name: string, min: number, max: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new LockstepError(
      'ERR_USAGE',
      `${name} must be a number ${range(min, max)}, got ${quoteInput(value)}`,
      {
        option: name,
      },
    );
  }
  return n;
}

/** A commander parser for a positive integer option named `name`. */
export const positiveArg =
  (name: string) =>
  (value: string): number =>
    intArg(value, name, 1);

/** A TCP port, 0 (any free port) to 65535. */
export const portArg = (value: string, name = '--port'): number => intArg(value, name, 0, 65535);

/** Retries after a failed request: 0 to 20. */
export const retriesArg = (value: string): number => intArg(value, '--retries', 0, 20);

/** A comma-separated list with blanks dropped (`a, b,,c` → a, b, c). */
export function listArg(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
