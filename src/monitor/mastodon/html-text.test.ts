import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEntities, htmlToText } from './html-text.js';

describe('mastodon html → text', () => {
  it('keeps paragraphs and line breaks, decodes entities', () => {
    const r = htmlToText(
      '<p>Fish &amp; chips &lt;3</p><p>line one<br>line two<br />&#39;q&#x27; &#128512;</p>',
    );
    assert.equal(r.text, "Fish & chips <3\nline one\nline two\n'q' 😀");
    assert.deepEqual(r.links, []);
  });

  it('undoes link shortening and keeps plain links, not mentions or hashtags', () => {
    const html =
      '<p><span class="h-card" translate="no"><a href="https://a.example/@bob" class="u-url mention">@<span>bob</span></a></span> ' +
      'read <a href="https://news.example/2026/12/story?x=1&amp;y=2" target="_blank" rel="nofollow noopener" translate="no">' +
      '<span class="invisible">https://</span><span class="ellipsis">news.example/2026/12/st</span>' +
      '<span class="invisible">ory?x=1&amp;y=2</span></a> ' +
      '<a href="https://a.example/tags/Vote" class="mention hashtag" rel="tag">#<span>Vote</span></a></p>';
    const r = htmlToText(html);
    assert.equal(r.text, '@bob read https://news.example/2026/12/story?x=1&y=2 #Vote');
    assert.deepEqual(r.links, ['https://news.example/2026/12/story?x=1&y=2']);
  });

  it('turns lists and quotes into lines, drops unknown tags but keeps their text', () => {
    const r = htmlToText(
      '<p>a</p><ul><li>one</li><li>two</li></ul><blockquote><p>q</p></blockquote><x-y>z</x-y>',
    );
    assert.equal(r.text, 'a\none\ntwo\nq\nz');
  });

  it('leaves unknown or malformed entities and a stray < as text', () => {
    assert.equal(decodeEntities('&bogus; &#xD800; &amp'), '&bogus; &#xD800; &amp');
    assert.equal(htmlToText('1 < 2').text, '1 < 2');
    assert.equal(htmlToText('').text, '');
  });
});
