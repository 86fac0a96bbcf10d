import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { extractEntities, parseListCell, parseRetweetPrefix } from './entities.js';

describe('extractEntities', () => {
  it('finds hashtags, mentions and URLs, lower-cased and de-duplicated', () => {
    const e = extractEntities(
      'RT @Alice: see https://x.org/a. #Vote #vote @bob, (https://y.org/b) #Выборы2024',
    );
    assert.deepEqual(e.hashtags, ['vote', 'выборы2024']);
    assert.deepEqual(e.mentions, ['alice', 'bob']);
    assert.deepEqual(e.urls, ['https://x.org/a', 'https://y.org/b']);
  });

  it('ignores digit-only tags, e-mail addresses, and tags glued to words', () => {
    const e = extractEntities('#123 mail me at a@example.com, ab#cd, C# and x.com/#frag');
    assert.deepEqual(e.hashtags, []);
    assert.deepEqual(e.mentions, []);
  });

  it('keeps a balanced closing parenthesis in a URL', () => {
    assert.deepEqual(extractEntities('see https://en.wikipedia.org/wiki/Foo_(bar).').urls, [
      'https://en.wikipedia.org/wiki/Foo_(bar)',
    ]);
  });

  it('returns empty lists for plain text', () => {
    assert.deepEqual(extractEntities('nothing here'), { hashtags: [], mentions: [], urls: [] });
  });
});

describe('parseRetweetPrefix', () => {
  it('reads the retweeted screen name and the remaining text', () => {
    assert.deepEqual(parseRetweetPrefix('RT @Bob_1: hello'), { screenName: 'bob_1', text: 'hello' });
    assert.equal(parseRetweetPrefix('hello RT @bob: x'), undefined);
    assert.equal(parseRetweetPrefix('RT bob: x'), undefined);
  });
});

describe('parseListCell', () => {
  it('reads the IO archive list shapes', () => {
    assert.deepEqual(parseListCell('[tag1, tag2]'), ['tag1', 'tag2']);
    assert.deepEqual(parseListCell("['a', 'b']"), ['a', 'b']);
    assert.deepEqual(parseListCell('["a","b"]'), ['a', 'b']);
    assert.deepEqual(parseListCell("['https://x.org/?a=1,2', 'https://y.org/']"), [
      'https://x.org/?a=1,2',
      'https://y.org/',
    ]);
    assert.deepEqual(parseListCell('[]'), []);
    assert.deepEqual(parseListCell(''), []);
  });

  it('splits unbracketed cells on whitespace, and on commas unless told not to', () => {
    assert.deepEqual(parseListCell('a b,c'), ['a', 'b', 'c']);
    assert.deepEqual(parseListCell('https://a.org/x,y https://b.org', false), [
      'https://a.org/x,y',
      'https://b.org',
    ]);
  });
});
