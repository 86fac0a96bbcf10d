import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addUrls, canonicalUrl, registrableDomain } from './url-canonical.js';

describe('canonicalUrl', () => {
  it('lower-cases scheme and host, keeps path case, drops fragment and default port', () => {
    assert.equal(canonicalUrl('HTTPS://Example.COM:443/Path/To?Q=A#frag'), 'https://example.com/Path/To?Q=A');
    assert.equal(canonicalUrl('http://example.com:80'), 'http://example.com/');
    assert.equal(canonicalUrl('http://example.com:8080/x'), 'http://example.com:8080/x');
  });

  it('drops tracking parameters and keeps the others in their order and spelling', () => {
    assert.equal(
      canonicalUrl(
        'https://a.org/p?utm_source=tw&b=2&fbclid=XYZ&a=1&UTM_Medium=s&gclid=1&mc_cid=2&mc_eid=3&igshid=4',
      ),
      'https://a.org/p?b=2&a=1',
    );
    assert.equal(canonicalUrl('https://a.org/p?utm_source=x'), 'https://a.org/p');
    assert.equal(canonicalUrl('https://a.org/p?q=a%20b&z'), 'https://a.org/p?q=a%20b&z');
    assert.equal(canonicalUrl('https://a.org/p?'), 'https://a.org/p');
  });

  it('adds http:// to a bare host and refuses what is not a web URL', () => {
    assert.equal(canonicalUrl('www.Example.com/a'), 'http://www.example.com/a');
    assert.equal(canonicalUrl('mailto:x@y.z'), undefined);
    assert.equal(canonicalUrl('not a url'), undefined);
    assert.equal(canonicalUrl(''), undefined);
    assert.equal(canonicalUrl('http://'), undefined);
  });

  it('converts internationalised hosts to punycode', () => {
    assert.equal(canonicalUrl('https://Bücher.example/ä'), 'https://xn--bcher-kva.example/%C3%A4');
  });

  it('returns the same answer from its cache', () => {
    const u = 'https://Cache.example/x?utm_term=1';
    assert.equal(canonicalUrl(u), canonicalUrl(u));
    assert.equal(canonicalUrl(u), 'https://cache.example/x');
  });
});

describe('registrableDomain', () => {
  it('uses the public suffix list', () => {
    assert.equal(registrableDomain('https://news.bbc.co.uk/x'), 'bbc.co.uk');
    assert.equal(registrableDomain('www.example.com'), 'example.com');
    assert.equal(registrableDomain('a.b.example.com.au'), 'example.com.au');
    assert.equal(registrableDomain('HTTP://WWW.Example.COM/'), 'example.com');
  });

  it('keeps IP hosts and rejects hosts without a public suffix', () => {
    assert.equal(registrableDomain('http://192.168.1.1/x'), '192.168.1.1');
    assert.equal(registrableDomain('localhost'), undefined);
    assert.equal(registrableDomain(''), undefined);
  });

  it('addUrls canonicalises, de-duplicates and derives domains', () => {
    const urls: string[] = [];
    const domains: string[] = [];
    addUrls(['https://A.com/x?utm_source=1', 'https://a.com/x', 'https://b.a.com/y', 'junk'], urls, domains);
    assert.deepEqual(urls, ['https://a.com/x', 'https://b.a.com/y']);
    assert.deepEqual(domains, ['a.com']);
  });
});
