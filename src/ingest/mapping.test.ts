import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLockstepError } from '../core/errors.js';
import { parseMapping } from './mapping.js';

function usageError(s: string): string {
  try {
    parseMapping(s);
  } catch (e) {
    assert.ok(isLockstepError(e));
    assert.equal(e.code, 'ERR_USAGE');
    return e.message;
  }
  assert.fail(`expected ERR_USAGE for ${s}`);
}

describe('parseMapping', () => {
  it('parses the CLI form, with loose key spelling', () => {
    assert.deepEqual(
      parseMapping(
        'account=user_id, time=created_at,text=body,repost_of=rt.id,time-format=unix,delimiter=tab',
      ),
      {
        account: 'user_id',
        time: 'created_at',
        text: 'body',
        repostOf: 'rt.id',
        timeFormat: 'unix',
        delimiter: '\t',
      },
    );
  });

  it('rejects unknown keys, bad entries, duplicates and unknown time formats', () => {
    assert.match(usageError('acount=x'), /unknown mapping key "acount"/);
    assert.match(usageError('account'), /not key=column/);
    assert.match(usageError('account=a,account=b'), /twice/);
    assert.match(usageError('time=t,timeFormat=epoch'), /unknown time format/);
  });
});
