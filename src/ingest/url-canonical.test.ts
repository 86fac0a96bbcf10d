import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  addUrls,
  canonicalUrl,
  computeCanonical,
  fastCanonical,
  registrableDomain,
} from './url-canonical.js';

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

describe('canonicalUrl fast path', () => {
  it('agrees with the full WHATWG parse on every input it accepts', () => {
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const pick = (s: string): string => s[rand(s.length)]!;
    const schemes = ['http', 'https', 'HTTP', 'HtTpS'];
    const hosts = [
      'Example.com',
      'a.b.co.uk',
      'x-y.org',
      '1.2.3.4',
      'a..b.com',
      'xn--bcher-kva.example',
      'bad_host.com',
      'a.1com',
      'EXAMPLE.COM.',
    ];
    const chars = 'aZ09-._~!$&\'()*+,;=:@/%?#. \\"<>^`{|}é\t2e';
    let accepted = 0;
    for (let i = 0; i < 20000; i++) {
      let tail = '';
      const len = rand(24);
      for (let k = 0; k < len; k++) tail += pick(chars);
      const extras = [
        '',
        '/',
        '/a/./b',
        '/%2E%2e/x',
        '/p?utm_source=1&a=2',
        '?fbclid=1',
        '#f',
        ':8080/x',
        '/%zz',
        '/%41',
      ];
      const raw = `${schemes[rand(schemes.length)]!}://${hosts[rand(hosts.length)]!}${extras[rand(extras.length)]!}${rand(3) === 0 ? tail : ''}`;
      const fast = fastCanonical(raw);
      if (fast === undefined) continue;
      accepted++;
      assert.deepEqual(fast, computeCanonical(raw, false), raw);
    }
    assert.ok(accepted > 2000, `fast path exercised (${accepted} accepted)`);
  });
});
