/**
 * Seeded synthetic fact checks and posts for the speed bench (no real fact-check text): words drawn
 * from a Zipf(1.0) vocabulary of 30,000 pronounceable pseudo-words, so term statistics look like natural
 * language (a few very common words, a long tail). Half the posts paraphrase a fact check (most of
 * its words, shuffled a little, plus chatter), half are unrelated chatter.
 */
import type { Post } from '../src/core/post.js';
import { post } from '../src/detect/signals/test-factories.js';
import { AliasTable, Rng } from '../src/simulate/rng.js';
import type { FactCheck } from '../src/factcheck/types.js';

const CONSONANTS = 'bcdfghjklmnprstvwz';
const VOWELS = 'aeiou';

export class SyntheticText {
  readonly #rng: Rng;
  readonly #vocab: string[];
  readonly #zipf: AliasTable;

  constructor(seed: number, vocabulary = 30_000) {
    this.#rng = new Rng(seed);
    // Consonant-vowel(-consonant) syllables, 1–4 per word: ~1,700 syllables, so character 4-grams
    // are about as varied as in natural text (a few frequent, a long tail).
    const rng = this.#rng;
    const letter = (set: string): string => set[rng.int(set.length)]!;
    this.#vocab = Array.from({ length: vocabulary }, () => {
      let w = '';
      const syllables = rng.range(1, 4);
      for (let k = 0; k < syllables; k++)
        w += letter(CONSONANTS) + letter(VOWELS) + (rng.chance(0.3) ? letter(CONSONANTS) : '');
      return w;
    });
    this.#zipf = new AliasTable(Float64Array.from({ length: vocabulary }, (_, i) => 1 / (i + 1)));
  }

  words(n: number): string[] {
    return Array.from({ length: n }, () => this.#vocab[this.#zipf.sample(this.#rng)]!);
  }

  factCheck(i: number): FactCheck {
    const url = `https://checks.example.org/synthetic/${i}`;
    return {
      url,
      key: url,
      claim: this.words(this.#rng.range(8, 24)).join(' '),
      headline: this.words(this.#rng.range(5, 12)).join(' '),
      publisher: 'Synthetic Checkers',
      rating: { text: 'False' },
      verdict: 'false',
      appearances: [],
    };
  }

  /** A post repeating `of` (most of its claim's words, some dropped, plus chatter) or, without it, chatter. */
  post(of: FactCheck | undefined): string {
    const chatter = this.words(this.#rng.range(3, 15));
    if (!of) return chatter.join(' ');
    const kept = of.claim.split(' ').filter(() => this.#rng.chance(0.8));
    return [...chatter.slice(0, 3), ...kept, ...chatter.slice(3)].join(' ');
  }

  int(n: number): number {
    return this.#rng.int(n);
  }
}

/**
 * The worker-pool benches' input (seed 2): `n` fact checks and `p` posts, every other one paraphrasing
 * a fact check, streamed one per tick as a reader yields them.
 */
export function poolInput(n: number, p: number): { checks: FactCheck[]; posts: () => AsyncIterable<Post> } {
  const gen = new SyntheticText(2);
  const checks = Array.from({ length: n }, (_, i) => gen.factCheck(i));
  const texts = Array.from({ length: p }, (_, i) => gen.post(i % 2 === 0 ? checks[gen.int(n)] : undefined));
  async function* posts(): AsyncIterable<Post> {
    for (let i = 0; i < texts.length; i++)
      yield await Promise.resolve(
        post('a', i, { id: `p${i}`, text: texts[i]!, source: { file: 'bench', line: i } }),
      );
  }
  return { checks, posts };
}
