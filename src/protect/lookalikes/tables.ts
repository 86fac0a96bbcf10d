/**
 * Data tables of the lookalike fuzzers: keyboard adjacency, homoglyphs and the Latin→Cyrillic map.
 *
 * These are data, not code, taken from dnstwist (Marcin Ulikowski, Apache-2.0) so that our fuzzers
 * generate a superset of dnstwist's:
 * - `KEYBOARDS` and `LATIN_TO_CYRILLIC`: identical in Debian's dnstwist 20221213
 *   (/usr/lib/python3/dist-packages/dnstwist.py, class Fuzzer) and upstream elceef/dnstwist.
 * - `GLYPHS_2022`: the single homoglyph table of dnstwist 20221213 (`self.glyphs`).
 * - `GLYPHS_ASCII` / `GLYPHS_UNICODE`: the two tables that replaced it upstream (`glyphs_ascii`,
 *   `glyphs_unicode`); upstream narrows `glyphs_unicode` per TLD by registry IDN policy, we keep the
 *   whole table for every TLD and let the IDNA/mixed-script checks decide instead.
 * Keys may be two letters ('rn', 'cl', 'ae', 'oe'): upstream replaces such pairs as one glyph.
 */

export type GlyphTable = Readonly<Record<string, readonly string[]>>;

/** Adjacent keys on qwerty, qwertz and azerty (dnstwist `qwerty`, `qwertz`, `azerty`). */
// prettier-ignore
export const KEYBOARDS: readonly Readonly<Record<string, string>>[] = [
  {
    '1': '2q', '2': '3wq1', '3': '4ew2', '4': '5re3', '5': '6tr4', '6': '7yt5', '7': '8uy6', '8': '9iu7', '9': '0oi8', '0': 'po9',
    q: '12wa', w: '3esaq2', e: '4rdsw3', r: '5tfde4', t: '6ygfr5', y: '7uhgt6', u: '8ijhy7', i: '9okju8', o: '0plki9', p: 'lo0',
    a: 'qwsz', s: 'edxzaw', d: 'rfcxse', f: 'tgvcdr', g: 'yhbvft', h: 'ujnbgy', j: 'ikmnhu', k: 'olmji', l: 'kop',
    z: 'asx', x: 'zsdc', c: 'xdfv', v: 'cfgb', b: 'vghn', n: 'bhjm', m: 'njk',
  },
  {
    '1': '2q', '2': '3wq1', '3': '4ew2', '4': '5re3', '5': '6tr4', '6': '7zt5', '7': '8uz6', '8': '9iu7', '9': '0oi8', '0': 'po9',
    q: '12wa', w: '3esaq2', e: '4rdsw3', r: '5tfde4', t: '6zgfr5', z: '7uhgt6', u: '8ijhz7', i: '9okju8', o: '0plki9', p: 'lo0',
    a: 'qwsy', s: 'edxyaw', d: 'rfcxse', f: 'tgvcdr', g: 'zhbvft', h: 'ujnbgz', j: 'ikmnhu', k: 'olmji', l: 'kop',
    y: 'asx', x: 'ysdc', c: 'xdfv', v: 'cfgb', b: 'vghn', n: 'bhjm', m: 'njk',
  },
  {
    '1': '2a', '2': '3za1', '3': '4ez2', '4': '5re3', '5': '6tr4', '6': '7yt5', '7': '8uy6', '8': '9iu7', '9': '0oi8', '0': 'po9',
    a: '2zq1', z: '3esqa2', e: '4rdsz3', r: '5tfde4', t: '6ygfr5', y: '7uhgt6', u: '8ijhy7', i: '9okju8', o: '0plki9', p: 'lo0m',
    q: 'zswa', s: 'edxwqz', d: 'rfcxse', f: 'tgvcdr', g: 'yhbvft', h: 'ujnbgy', j: 'iknhu', k: 'olji', l: 'kopm', m: 'lp',
    w: 'sxq', x: 'wsdc', c: 'xdfv', v: 'cfgb', b: 'vghn', n: 'bhj',
  },
];

/** dnstwist 20221213 `self.glyphs`. */
// prettier-ignore
export const GLYPHS_2022: GlyphTable = {
  '0': ['o'], '1': ['l', 'i'], '2': ['ƻ'], '3': ['8'], '5': ['ƽ'], '6': ['9'], '8': ['3'], '9': ['6'],
  a: ['à', 'á', 'à', 'â', 'ã', 'ä', 'å', 'ɑ', 'ạ', 'ǎ', 'ă', 'ȧ', 'ą', 'ə'],
  b: ['d', 'lb', 'ʙ', 'ɓ', 'ḃ', 'ḅ', 'ḇ', 'ƅ'],
  c: ['e', 'ƈ', 'ċ', 'ć', 'ç', 'č', 'ĉ', 'ᴄ'],
  d: ['b', 'cl', 'dl', 'ɗ', 'đ', 'ď', 'ɖ', 'ḑ', 'ḋ', 'ḍ', 'ḏ', 'ḓ'],
  e: ['c', 'é', 'è', 'ê', 'ë', 'ē', 'ĕ', 'ě', 'ė', 'ẹ', 'ę', 'ȩ', 'ɇ', 'ḛ'],
  f: ['ƒ', 'ḟ'],
  g: ['q', 'ɢ', 'ɡ', 'ġ', 'ğ', 'ǵ', 'ģ', 'ĝ', 'ǧ', 'ǥ'],
  h: ['lh', 'ĥ', 'ȟ', 'ħ', 'ɦ', 'ḧ', 'ḩ', 'ⱨ', 'ḣ', 'ḥ', 'ḫ', 'ẖ'],
  i: ['1', 'l', 'í', 'ì', 'ï', 'ı', 'ɩ', 'ǐ', 'ĭ', 'ỉ', 'ị', 'ɨ', 'ȋ', 'ī', 'ɪ'],
  j: ['ʝ', 'ǰ', 'ɉ', 'ĵ'],
  k: ['lk', 'ik', 'lc', 'ḳ', 'ḵ', 'ⱪ', 'ķ', 'ᴋ'],
  l: ['1', 'i', 'ɫ', 'ł'],
  m: ['n', 'nn', 'rn', 'rr', 'ṁ', 'ṃ', 'ᴍ', 'ɱ', 'ḿ'],
  n: ['m', 'r', 'ń', 'ṅ', 'ṇ', 'ṉ', 'ñ', 'ņ', 'ǹ', 'ň', 'ꞑ'],
  o: ['0', 'ȯ', 'ọ', 'ỏ', 'ơ', 'ó', 'ö', 'ᴏ'],
  p: ['ƿ', 'ƥ', 'ṕ', 'ṗ'],
  q: ['g', 'ʠ'],
  r: ['ʀ', 'ɼ', 'ɽ', 'ŕ', 'ŗ', 'ř', 'ɍ', 'ɾ', 'ȓ', 'ȑ', 'ṙ', 'ṛ', 'ṟ'],
  s: ['ʂ', 'ś', 'ṣ', 'ṡ', 'ș', 'ŝ', 'š', 'ꜱ'],
  t: ['ţ', 'ŧ', 'ṫ', 'ṭ', 'ț', 'ƫ'],
  u: ['ᴜ', 'ǔ', 'ŭ', 'ü', 'ʉ', 'ù', 'ú', 'û', 'ũ', 'ū', 'ų', 'ư', 'ů', 'ű', 'ȕ', 'ȗ', 'ụ'],
  v: ['ṿ', 'ⱱ', 'ᶌ', 'ṽ', 'ⱴ', 'ᴠ'],
  w: ['vv', 'ŵ', 'ẁ', 'ẃ', 'ẅ', 'ⱳ', 'ẇ', 'ẉ', 'ẘ', 'ᴡ'],
  x: ['ẋ', 'ẍ'],
  y: ['ʏ', 'ý', 'ÿ', 'ŷ', 'ƴ', 'ȳ', 'ɏ', 'ỿ', 'ẏ', 'ỵ'],
  z: ['ʐ', 'ż', 'ź', 'ᴢ', 'ƶ', 'ẓ', 'ẕ', 'ⱬ'],
};

/** Upstream dnstwist `glyphs_ascii`: ASCII-only lookalikes, including two-letter pairs. */
// prettier-ignore
export const GLYPHS_ASCII: GlyphTable = {
  '0': ['o'], '1': ['l', 'i'], '3': ['8'], '6': ['9'], '8': ['3'], '9': ['6'],
  b: ['d', 'lb'], c: ['e'], d: ['b', 'cl', 'dl'], e: ['c'], g: ['q'], h: ['lh'], i: ['1', 'l'], k: ['lc'],
  l: ['1', 'i'], m: ['n', 'nn', 'rn'], n: ['m', 'r'], o: ['0'], q: ['g'], u: ['v'], v: ['u'], w: ['vv'],
  rn: ['m'], cl: ['d'],
};

/** Upstream dnstwist `glyphs_unicode`. */
// prettier-ignore
export const GLYPHS_UNICODE: GlyphTable = {
  '2': ['ƻ'], '3': ['ʒ'], '5': ['ƽ'],
  a: ['ạ', 'ă', 'ȧ', 'ɑ', 'å', 'ą', 'â', 'ǎ', 'á', 'ə', 'ä', 'ã', 'ā', 'à'],
  b: ['ḃ', 'ḅ', 'ƅ', 'ʙ', 'ḇ', 'ɓ'],
  c: ['č', 'ᴄ', 'ċ', 'ç', 'ć', 'ĉ', 'ƈ'],
  d: ['ď', 'ḍ', 'ḋ', 'ɖ', 'ḏ', 'ɗ', 'ḓ', 'ḑ', 'đ'],
  e: ['ê', 'ẹ', 'ę', 'è', 'ḛ', 'ě', 'ɇ', 'ė', 'ĕ', 'é', 'ë', 'ē', 'ȩ'],
  f: ['ḟ', 'ƒ'],
  g: ['ǧ', 'ġ', 'ǵ', 'ğ', 'ɡ', 'ǥ', 'ĝ', 'ģ', 'ɢ'],
  h: ['ȟ', 'ḫ', 'ḩ', 'ḣ', 'ɦ', 'ḥ', 'ḧ', 'ħ', 'ẖ', 'ⱨ', 'ĥ'],
  i: ['ɩ', 'ǐ', 'í', 'ɪ', 'ỉ', 'ȋ', 'ɨ', 'ï', 'ī', 'ĩ', 'ị', 'î', 'ı', 'ĭ', 'į', 'ì'],
  j: ['ǰ', 'ĵ', 'ʝ', 'ɉ'],
  k: ['ĸ', 'ǩ', 'ⱪ', 'ḵ', 'ķ', 'ᴋ', 'ḳ'],
  l: ['ĺ', 'ł', 'ɫ', 'ļ', 'ľ'],
  m: ['ᴍ', 'ṁ', 'ḿ', 'ṃ', 'ɱ'],
  n: ['ņ', 'ǹ', 'ń', 'ň', 'ṅ', 'ṉ', 'ṇ', 'ꞑ', 'ñ', 'ŋ'],
  o: ['ö', 'ó', 'ȯ', 'ỏ', 'ô', 'ᴏ', 'ō', 'ò', 'ŏ', 'ơ', 'ő', 'õ', 'ọ', 'ø'],
  p: ['ṗ', 'ƿ', 'ƥ', 'ṕ'],
  q: ['ʠ'],
  r: ['ʀ', 'ȓ', 'ɍ', 'ɾ', 'ř', 'ṛ', 'ɽ', 'ȑ', 'ṙ', 'ŗ', 'ŕ', 'ɼ', 'ṟ'],
  s: ['ṡ', 'ș', 'ŝ', 'ꜱ', 'ʂ', 'š', 'ś', 'ṣ', 'ş'],
  t: ['ť', 'ƫ', 'ţ', 'ṭ', 'ṫ', 'ț', 'ŧ'],
  u: ['ᴜ', 'ų', 'ŭ', 'ū', 'ű', 'ǔ', 'ȕ', 'ư', 'ù', 'ů', 'ʉ', 'ú', 'ȗ', 'ü', 'û', 'ũ', 'ụ'],
  v: ['ᶌ', 'ṿ', 'ᴠ', 'ⱴ', 'ⱱ', 'ṽ'],
  w: ['ᴡ', 'ẇ', 'ẅ', 'ẃ', 'ẘ', 'ẉ', 'ⱳ', 'ŵ', 'ẁ'],
  x: ['ẋ', 'ẍ'],
  y: ['ŷ', 'ÿ', 'ʏ', 'ẏ', 'ɏ', 'ƴ', 'ȳ', 'ý', 'ỿ', 'ỵ'],
  z: ['ž', 'ƶ', 'ẓ', 'ẕ', 'ⱬ', 'ᴢ', 'ż', 'ź', 'ʐ'],
  ae: ['æ'],
  oe: ['œ'],
};

/** dnstwist `latin_to_cyrillic`: the Cyrillic letters that look like Latin ones. */
// prettier-ignore
export const LATIN_TO_CYRILLIC: Readonly<Record<string, string>> = {
  a: 'а', b: 'ь', c: 'с', d: 'ԁ', e: 'е', g: 'ԍ', h: 'һ', i: 'і', j: 'ј', k: 'к', l: 'ӏ', m: 'м',
  o: 'о', p: 'р', q: 'ԛ', s: 'ѕ', t: 'т', v: 'ѵ', w: 'ԝ', x: 'х', y: 'у',
};

/** Merges glyph tables key by key (union of the glyph lists, first-seen order). */
export function mergeGlyphs(...tables: GlyphTable[]): GlyphTable {
  const out: Record<string, string[]> = {};
  for (const t of tables) {
    for (const [k, gs] of Object.entries(t)) {
      const list = (out[k] ??= []);
      for (const g of gs) if (!list.includes(g)) list.push(g);
    }
  }
  return out;
}
