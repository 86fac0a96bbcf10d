import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLockstepError } from '../core/errors.js';
import { intArg, listArg, numberArg, portArg, retriesArg } from './args.js';

function usageError(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isLockstepError(e));
    assert.equal(e.code, 'ERR_USAGE');
    assert.match(e.message, message);
    return true;
  });
}

describe('CLI argument parsers', () => {
  it('read whole numbers, with _ as a digit separator, inside their range', () => {
    assert.equal(intArg('1_000_000', '--posts', 1), 1_000_000);
    assert.equal(portArg('0'), 0);
    assert.equal(retriesArg('20'), 20);
    usageError(() => intArg('1.5', '--seed', 0), /^--seed must be a whole number 0 or more, got "1.5"$/);
    usageError(() => intArg('', '--seed', 0), /got ""/);
    usageError(() => portArg('65536'), /--port must be a whole number from 0 to 65535, got "65536"/);
    usageError(() => retriesArg('-1'), /--retries must be a whole number from 0 to 20/);
  });

  it('read numbers inside their range', () => {
    assert.equal(numberArg('0.05', '--fdr', Number.MIN_VALUE, 1), 0.05);
    usageError(() => numberArg('NaN', '--fdr', 0, 1), /--fdr must be a number from 0 to 1, got "NaN"/);
    usageError(() => numberArg('2', '--min-score', 0, 1), /--min-score/);
  });

  it('quote what was given escaped and cut, never raw', () => {
    usageError(() => intArg('\x1b[2J'.repeat(100), '--seed', 0), /got "\\x1b\[2J.*…" \(400 characters\)$/);
  });

  it('split comma-separated lists, dropping blanks', () => {
    assert.deepEqual(listArg(' a, b,,c ,'), ['a', 'b', 'c']);
    assert.deepEqual(listArg(''), []);
  });
});
