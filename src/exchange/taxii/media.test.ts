import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { acceptsTaxii, isTaxiiContentType } from './media.js';

describe('TAXII media types', () => {
  it('accepts TAXII 2.1, the unversioned type, wildcards and a missing Accept', () => {
    for (const a of [
      undefined,
      '',
      'application/taxii+json;version=2.1',
      'APPLICATION/TAXII+JSON; version="2.1"',
      'application/taxii+json',
      '*/*',
      'text/html, application/*;q=0.2',
    ])
      assert.equal(acceptsTaxii(a), true, String(a));
  });
  it('refuses other types, other versions and q=0', () => {
    for (const a of [
      'application/json',
      'application/taxii+json;version=2.0',
      'application/taxii+json;q=0',
      'text/*',
      'garbage',
      ';;;',
    ])
      assert.equal(acceptsTaxii(a), false, a);
  });
  it('takes only TAXII 2.1 request bodies', () => {
    assert.equal(isTaxiiContentType('application/taxii+json;version=2.1'), true);
    assert.equal(isTaxiiContentType('application/taxii+json; charset=utf-8; version=2.1'), true);
    for (const c of [
      undefined,
      'application/json',
      'application/taxii+json;version=2.0',
      'application/stix+json;version=2.1',
    ])
      assert.equal(isTaxiiContentType(c), false, String(c));
  });
});
