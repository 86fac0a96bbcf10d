import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CASE_STATUS_LIST } from '../case-schema.js';
import { atLeast, nextStatuses, transitionError } from './workflow.js';

describe('case workflow', () => {
  it('follows new → triage → confirmed/dismissed → shared → closed, with reopening into triage', () => {
    assert.equal(transitionError('new', 'triage'), undefined);
    assert.equal(transitionError('triage', 'confirmed'), undefined);
    assert.equal(transitionError('confirmed', 'shared'), undefined);
    assert.equal(transitionError('shared', 'closed'), undefined);
    assert.equal(transitionError('closed', 'triage'), undefined);
    assert.equal(transitionError('dismissed', 'triage'), undefined);
  });

  it('refuses a skipped step or staying put, naming where the case may go', () => {
    assert.equal(
      transitionError('new', 'shared'),
      'a case cannot go from new to shared; from new it may go to triage, dismissed',
    );
    assert.match(transitionError('closed', 'new')!, /from closed it may go to triage$/);
    for (const s of CASE_STATUS_LIST) assert.notEqual(transitionError(s, s), undefined, s);
  });

  it('every status can reach closed (no dead end)', () => {
    for (const s of CASE_STATUS_LIST) {
      const seen = new Set([s]);
      const queue = [s];
      for (let from = queue.shift(); from !== undefined; from = queue.shift())
        for (const n of nextStatuses(from)) {
          if (seen.has(n)) continue;
          seen.add(n);
          queue.push(n);
        }
      assert.ok(seen.has('closed'), s);
    }
  });

  it('orders TLP levels from clear to red', () => {
    assert.equal(atLeast('red', 'amber'), true);
    assert.equal(atLeast('amber+strict', 'amber'), true);
    assert.equal(atLeast('amber', 'amber'), true);
    assert.equal(atLeast('green', 'amber'), false);
    assert.equal(atLeast('clear', 'green'), false);
  });
});
