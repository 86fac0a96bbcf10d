import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ERRORS, LockstepError, isLockstepError } from './errors.js';

describe('error catalog', () => {
  it('every code is ERR_ upper snake case with a valid HTTP status, exit code and doc line', () => {
    for (const [code, spec] of Object.entries(ERRORS)) {
      assert.match(code, /^ERR_[A-Z0-9_]+$/, code);
      assert.ok(spec.status >= 400 && spec.status <= 599, `${code} status ${spec.status}`);
      assert.ok(spec.exit >= 1 && spec.exit <= 125, `${code} exit ${spec.exit}`);
      assert.ok(spec.doc.length > 10, `${code} needs a doc line`);
    }
  });

  it('LockstepError carries the catalog status and exit code', () => {
    const e = new LockstepError('ERR_INGEST_FORMAT', 'bad header', { file: 'x.csv', line: 1 });
    assert.equal(e.status, 400);
    assert.equal(e.exit, 65);
    assert.deepEqual(e.details, { file: 'x.csv', line: 1 });
    assert.ok(isLockstepError(e));
    assert.ok(!isLockstepError(new Error('x')));
  });
});
