/**
 * Aho–Corasick automaton over the brand tokens of the watch matcher (A. V. Aho, M. J. Corasick,
 * "Efficient string matching: an aid to bibliographic search", CACM 18(6), 1975): one pass over an
 * observed name finds every (token, end position) occurrence, whatever the number of tokens.
 *
 * Stored as a dense DFA (the goto function completed with the failure links) over the UTF-16 code
 * units that occur in some token; every other unit (the dot included) is symbol 0, which only leads
 * back to the root. Tables are typed arrays: `next[state · width + symbol]`, and per state the
 * tokens that end there (its own and those of its failure chain) as a slice of `outTokens`.
 * Cost: build O(total token length · alphabet); scan O(1) per code unit plus O(1) per occurrence.
 */
export class KeywordAutomaton {
  /** Code unit → symbol (0: not in any token). */
  readonly symbol = new Uint8Array(0x10000);
  readonly width: number;
  readonly next: Int32Array;
  readonly outStart: Int32Array;
  readonly outCount: Int32Array;
  readonly outTokens: Int32Array;
  /** Token lengths in code units, by token index. */
  readonly lengths: Int32Array;

  constructor(tokens: readonly string[]) {
    let symbols = 1;
    const units = new Map<number, number>();
    for (const t of tokens) {
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (!units.has(c)) units.set(c, symbols++);
      }
    }
    if (symbols > 255) throw new RangeError('keyword automaton: more than 254 distinct code units');
    for (const [c, s] of units) this.symbol[c] = s;
    this.width = symbols;
    this.lengths = Int32Array.from(tokens, (t) => t.length);

    // Trie (goto function), -1 = no edge yet.
    const go: number[] = new Array<number>(symbols).fill(-1);
    const ends: number[][] = [[]];
    let states = 1;
    tokens.forEach((t, ti) => {
      let s = 0;
      for (let i = 0; i < t.length; i++) {
        const k = s * symbols + this.symbol[t.charCodeAt(i)]!;
        if (go[k] === -1) {
          go[k] = states++;
          for (let j = 0; j < symbols; j++) go.push(-1);
          ends.push([]);
        }
        s = go[k]!;
      }
      ends[s]!.push(ti);
    });

    // Breadth-first: failure links, completed transitions, inherited outputs.
    const next = new Int32Array(states * symbols);
    const fail = new Int32Array(states);
    const out: number[][] = ends.map((e) => [...e]);
    const queue: number[] = [];
    for (let a = 0; a < symbols; a++) {
      const t = go[a]!;
      if (t > 0 && a !== 0) {
        next[a] = t;
        fail[t] = 0;
        queue.push(t);
      } else next[a] = 0;
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      out[s]!.push(...out[fail[s]!]!);
      for (let a = 0; a < symbols; a++) {
        const t = go[s * symbols + a]!;
        if (t > 0 && a !== 0) {
          next[s * symbols + a] = t;
          fail[t] = next[fail[s]! * symbols + a]!;
          queue.push(t);
        } else next[s * symbols + a] = next[fail[s]! * symbols + a]!;
      }
    }
    this.next = next;
    this.outStart = new Int32Array(states);
    this.outCount = new Int32Array(states);
    const flat: number[] = [];
    for (let s = 0; s < states; s++) {
      this.outStart[s] = flat.length;
      this.outCount[s] = out[s]!.length;
      flat.push(...out[s]!);
    }
    this.outTokens = Int32Array.from(flat);
  }

  /** Every occurrence in `text`, as (token index, start index), in order of end position. */
  findAll(text: string): [number, number][] {
    const found: [number, number][] = [];
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      s = this.next[s * this.width + this.symbol[text.charCodeAt(i)]!]!;
      const n = this.outCount[s]!;
      for (let k = 0; k < n; k++) {
        const t = this.outTokens[this.outStart[s]! + k]!;
        found.push([t, i + 1 - this.lengths[t]!]);
      }
    }
    return found;
  }
}
