/**
 * Syntax check for STIX 2.1 patterns (§9), a recursive-descent parser written from the OASIS ANTLR
 * grammar (cti-stix2-json-schemas/pattern_grammar/STIXPattern.g4): the schemas only say `pattern` is a
 * string, and a partner's malformed pattern would otherwise enter the store and fail at match time.
 * Written by hand because no maintained JavaScript STIX pattern parser exists on the npm registry;
 * it checks syntax only (it does not evaluate patterns against observations).
 *
 * Cost: O(pattern length), one token array. Parentheses may nest {@link MAX_PATTERN_NESTING} deep:
 * the parser recurses once per level, and ~10,000 levels overflowed the call stack (issue 10).
 */

/** Deepest nesting of parentheses a pattern may use (far beyond any real indicator). */
export const MAX_PATTERN_NESTING = 100;

export type Kind =
  'kw' | 'ident' | 'str' | 'int' | 'float' | 'bool' | 'ts' | 'hex' | 'bin' | 'op' | 'punct' | 'eof';

export interface Token {
  kind: Kind;
  text: string;
  pos: number;
}

const KEYWORDS = new Set([
  'AND',
  'OR',
  'NOT',
  'FOLLOWEDBY',
  'LIKE',
  'MATCHES',
  'ISSUPERSET',
  'ISSUBSET',
  'EXISTS',
  'LAST',
  'IN',
  'START',
  'STOP',
  'SECONDS',
  'WITHIN',
  'REPEATS',
  'TIMES',
]);

// Ordered as the grammar's lexer rules: on equal length the earlier rule wins (ANTLR semantics).
/** Exported for the tokenizer's test only. */
export const RULES: readonly [Kind, RegExp][] = [
  [
    'ts',
    /t'\d{4}-(?:0[1-9]|1[012])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?Z'/y,
  ],
  ['hex', /h'(?:[0-9A-Fa-f]{2})*'/y],
  ['bin', /b'(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)'/y],
  ['str', /'(?:[^'\\]|\\'|\\\\)*'/y],
  ['float', /[+-]?\d*\.\d+/y],
  ['int', /[+-]?(?:0|[1-9]\d*)/y],
  ['ident', /[a-zA-Z_][a-zA-Z0-9_-]*/y],
  ['op', /==|!=|<>|<=|>=|=|<|>/y],
  ['punct', /[:.,()[\]*]/y],
];

const SKIP = /(?:\s+|\/\*[\s\S]*?\*\/|\/\/[^\r\n]*)+/y;

/**
 * The rules that can match at all where a token starts with a given character, in RULES order: trying
 * only those gives the same longest match as trying all nine, at a fraction of the regex runs (the
 * TAXII server checks the pattern of every posted indicator).
 */
const FIRST_CHAR: Partial<Record<Kind, RegExp>> = {
  ts: /t/,
  hex: /h/,
  bin: /b/,
  str: /'/,
  float: /[+\-\d.]/,
  int: /[+\-\d]/,
  ident: /[a-zA-Z_]/,
  op: /[=!<>]/,
  punct: /[:.,()[\]*]/,
};
type Rule = (typeof RULES)[number];
/** Candidates per ASCII character; no rule starts with any other character. */
const BY_FIRST: readonly (readonly Rule[])[] = Array.from({ length: 128 }, (_, code) =>
  RULES.filter(([kind]) => FIRST_CHAR[kind]?.test(String.fromCharCode(code)) ?? false),
);
const NONE: readonly Rule[] = [];

export class PatternSyntaxError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
  }
}

/** Exported for its test only. Throws {@link PatternSyntaxError} at a character no token starts with. */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    SKIP.lastIndex = i;
    if (SKIP.exec(src)) {
      i = SKIP.lastIndex;
      if (i >= src.length) break;
    }
    let best: Token | undefined;
    for (const [kind, re] of BY_FIRST[src.charCodeAt(i)] ?? NONE) {
      re.lastIndex = i;
      const m = re.exec(src);
      if (m && (!best || m[0].length > best.text.length)) best = { kind, text: m[0], pos: i };
    }
    if (!best) throw new PatternSyntaxError(`unexpected character ${JSON.stringify(src[i])}`, i + 1);
    if (best.kind === 'ident' && KEYWORDS.has(best.text)) best.kind = 'kw';
    else if (best.kind === 'ident' && (best.text === 'true' || best.text === 'false')) best.kind = 'bool';
    tokens.push(best);
    i += best.text.length;
  }
  tokens.push({ kind: 'eof', text: 'end of pattern', pos: src.length });
  return tokens;
}

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly t: Token[]) {}

  private get peek(): Token {
    return this.t[this.i]!;
  }

  private fail(expected: string): never {
    const tok = this.peek;
    const got = tok.kind === 'eof' ? 'end of pattern' : `"${tok.text}"`;
    throw new PatternSyntaxError(`expected ${expected}, found ${got}`, tok.pos + 1);
  }

  private is(kind: Kind, text?: string): boolean {
    return this.peek.kind === kind && (text === undefined || this.peek.text === text);
  }

  private take(kind: Kind, text?: string): Token | undefined {
    if (!this.is(kind, text)) return undefined;
    return this.t[this.i++];
  }

  private expect(kind: Kind, text: string | undefined, what: string): Token {
    return this.take(kind, text) ?? this.fail(what);
  }

  pattern(): void {
    this.observations();
    if (!this.is('eof')) this.fail('AND, OR, FOLLOWEDBY or the end of the pattern');
  }

  private observations(): void {
    this.observationOr();
    while (this.take('kw', 'FOLLOWEDBY')) this.observationOr();
  }

  private observationOr(): void {
    this.observationAnd();
    while (this.take('kw', 'OR')) this.observationAnd();
  }

  private observationAnd(): void {
    this.observation();
    while (this.take('kw', 'AND')) this.observation();
  }

  private observation(): void {
    if (this.take('punct', '[')) {
      this.comparison();
      this.expect('punct', ']', '"]" closing the observation expression');
    } else if (this.take('punct', '(')) {
      this.enter();
      this.observations();
      this.depth--;
      this.expect('punct', ')', '")"');
    } else {
      this.fail('"[" or "(" starting an observation expression');
    }
    for (;;) {
      if (this.take('kw', 'START')) {
        this.expect('ts', undefined, "a timestamp t'…Z' after START");
        this.expect('kw', 'STOP', 'STOP');
        this.expect('ts', undefined, "a timestamp t'…Z' after STOP");
      } else if (this.take('kw', 'WITHIN')) {
        const n = this.take('int') ?? this.take('float') ?? this.fail('a positive number after WITHIN');
        if (n.text.startsWith('-')) this.failAt(n, 'WITHIN needs a positive number');
        this.expect('kw', 'SECONDS', 'SECONDS');
      } else if (this.take('kw', 'REPEATS')) {
        const n = this.expect('int', undefined, 'a positive integer after REPEATS');
        if (n.text.startsWith('-')) this.failAt(n, 'REPEATS needs a positive integer');
        this.expect('kw', 'TIMES', 'TIMES');
      } else {
        return;
      }
    }
  }

  /** Called after an opening parenthesis, before recursing; the caller decrements after ")". */
  private enter(): void {
    if (++this.depth > MAX_PATTERN_NESTING) {
      const tok = this.t[this.i - 1]!;
      this.failAt(tok, `parentheses nested deeper than ${MAX_PATTERN_NESTING} levels (the limit)`);
    }
  }

  private failAt(tok: Token, message: string): never {
    throw new PatternSyntaxError(message, tok.pos + 1);
  }

  private comparison(): void {
    this.comparisonAnd();
    while (this.take('kw', 'OR')) this.comparisonAnd();
  }

  private comparisonAnd(): void {
    this.propTest();
    while (this.take('kw', 'AND')) this.propTest();
  }

  private propTest(): void {
    if (this.take('punct', '(')) {
      this.enter();
      this.comparison();
      this.depth--;
      this.expect('punct', ')', '")"');
      return;
    }
    const negated = this.take('kw', 'NOT') !== undefined;
    if (this.take('kw', 'EXISTS')) {
      this.objectPath();
      return;
    }
    if (negated) this.fail('EXISTS after a leading NOT');
    this.objectPath();
    this.take('kw', 'NOT');
    const op = this.peek;
    if (this.take('op')) {
      if (op.text === '=' || op.text === '==' || op.text === '!=' || op.text === '<>') this.literal(true);
      else this.literal(false);
    } else if (this.take('kw', 'IN')) {
      this.expect('punct', '(', '"(" starting a set');
      if (!this.take('punct', ')')) {
        this.literal(true);
        while (this.take('punct', ',')) this.literal(true);
        this.expect('punct', ')', '"," or ")" in the set');
      }
    } else if (['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET'].some((k) => this.take('kw', k))) {
      this.expect('str', undefined, 'a quoted string');
    } else {
      this.fail('a comparison operator (=, !=, <, >, <=, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET)');
    }
  }

  private literal(allowBool: boolean): void {
    const k = this.peek.kind;
    if (
      k === 'int' ||
      k === 'float' ||
      k === 'str' ||
      k === 'bin' ||
      k === 'hex' ||
      k === 'ts' ||
      (allowBool && k === 'bool')
    ) {
      this.i++;
      return;
    }
    this.fail(
      allowBool ? 'a literal value' : 'an orderable literal (number, string, timestamp, binary or hex)',
    );
  }

  private objectPath(): void {
    const type = this.expect('ident', undefined, 'an object type such as user-account');
    if (!/^[a-z0-9-]+$/.test(type.text)) this.failAt(type, `"${type.text}" is not a STIX object type name`);
    this.expect('punct', ':', '":" after the object type');
    this.pathKey('a property name after ":"');
    for (;;) {
      if (this.take('punct', '.')) this.pathKey('a property name after "."');
      else if (this.take('punct', '[')) {
        if (!this.take('int') && !this.take('punct', '*')) this.fail('a list index or "*"');
        this.expect('punct', ']', '"]"');
      } else return;
    }
  }

  private pathKey(what: string): void {
    if (this.take('str')) return;
    const id = this.expect('ident', undefined, what);
    if (id.text.includes('-')) this.failAt(id, `property name "${id.text}" has a hyphen; quote it`);
  }
}

/** Returns undefined when `pattern` is a syntactically valid STIX 2.1 pattern, else the problem. */
export function stixPatternError(pattern: string): string | undefined {
  try {
    new Parser(tokenize(pattern)).pattern();
    return undefined;
  } catch (e) {
    if (e instanceof PatternSyntaxError) return `${e.message} (column ${e.column})`;
    throw e;
  }
}
