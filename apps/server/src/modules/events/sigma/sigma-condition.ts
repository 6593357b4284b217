// The condition grammar, parsed once per rule into a tree:
//   expr := or ; or := and ('or' and)* ; and := not ('and' not)* ; not := 'not' not | primary
//   primary := '(' expr ')' | quantifier target | identifier
//   quantifier := '1' 'of' | N 'of' | 'all' 'of' | 'any' 'of' ; target := 'them' | name pattern (with *)
// so `not` binds tighter than `and`, and `and` tighter than `or`. A pipe (`| count() > 5`, the
// retired aggregation syntax) is reported as unsupported: correlation rules replaced it.
import { SigmaRuleError } from './sigma-types.ts';

export type ConditionNode =
  | { kind: 'and'; items: ConditionNode[] }
  | { kind: 'or'; items: ConditionNode[] }
  | { kind: 'not'; item: ConditionNode }
  | { kind: 'ref'; name: string }
  /** At least `min` of the matching identifiers (min = 'all' for every one). */
  | { kind: 'of'; min: number | 'all'; names: string[] };

type Token = { kind: 'word'; text: string } | { kind: 'lparen' } | { kind: 'rparen' };

function tokenize(condition: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\()|(\))|([^\s()|]+)|(\|)|(\S))/y;
  re.lastIndex = 0;
  while (re.lastIndex < condition.length) {
    const m = re.exec(condition);
    if (m === null) break;
    if (m[1]) tokens.push({ kind: 'lparen' });
    else if (m[2]) tokens.push({ kind: 'rparen' });
    else if (m[3]) tokens.push({ kind: 'word', text: m[3] });
    else if (m[4])
      throw new SigmaRuleError(
        'aggregation conditions ("| count() ...") are not supported; use a correlation rule',
      );
    else if (m[5]) throw new SigmaRuleError(`unexpected character "${m[5]}" in condition`);
    else break;
  }
  return tokens;
}

function wildcardToRegex(pattern: string): RegExp {
  const src = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${src}$`);
}

/**
 * Parses a condition against the rule's search identifiers; throws SigmaRuleError for a syntax error,
 * an unknown identifier, or a pattern that names no identifier.
 */
export function parseCondition(condition: string, identifiers: readonly string[]): ConditionNode {
  const tokens = tokenize(condition);
  let pos = 0;
  const peekWord = (): string | null => {
    const t = tokens[pos];
    return t?.kind === 'word' ? t.text.toLowerCase() : null;
  };

  const resolve = (target: string): string[] => {
    if (target.toLowerCase() === 'them') return identifiers.filter((n) => !n.startsWith('_'));
    const re = wildcardToRegex(target);
    const names = identifiers.filter((n) => re.test(n));
    if (names.length === 0)
      throw new SigmaRuleError(`"${target}" in the condition names no search identifier`);
    return names;
  };

  const parseOr = (): ConditionNode => {
    const items = [parseAnd()];
    while (peekWord() === 'or') {
      pos++;
      items.push(parseAnd());
    }
    return items.length === 1 && items[0] ? items[0] : { kind: 'or', items };
  };
  const parseAnd = (): ConditionNode => {
    const items = [parseNot()];
    while (peekWord() === 'and') {
      pos++;
      items.push(parseNot());
    }
    return items.length === 1 && items[0] ? items[0] : { kind: 'and', items };
  };
  const parseNot = (): ConditionNode => {
    if (peekWord() === 'not') {
      pos++;
      return { kind: 'not', item: parseNot() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): ConditionNode => {
    const t = tokens[pos];
    if (!t) throw new SigmaRuleError(`condition "${condition}" ends unexpectedly`);
    if (t.kind === 'lparen') {
      pos++;
      const inner = parseOr();
      if (tokens[pos]?.kind !== 'rparen') throw new SigmaRuleError(`condition "${condition}": missing ")"`);
      pos++;
      return inner;
    }
    if (t.kind === 'rparen') throw new SigmaRuleError(`condition "${condition}": unexpected ")"`);
    const word = t.text.toLowerCase();
    const next = tokens[pos + 1];
    if (next?.kind === 'word' && next.text.toLowerCase() === 'of') {
      let min: number | 'all';
      if (word === 'all') min = 'all';
      else if (word === 'any') min = 1;
      else if (/^\d+$/.test(word) && Number(word) >= 1) min = Number(word);
      else throw new SigmaRuleError(`condition "${condition}": "${t.text} of" is not a quantifier`);
      const target = tokens[pos + 2];
      if (target?.kind !== 'word') throw new SigmaRuleError(`condition "${condition}": "of" needs a target`);
      pos += 3;
      return { kind: 'of', min, names: resolve(target.text) };
    }
    if (['and', 'or', 'not', 'of'].includes(word))
      throw new SigmaRuleError(`condition "${condition}": unexpected "${t.text}"`);
    if (!identifiers.includes(t.text))
      throw new SigmaRuleError(`condition "${condition}": unknown search identifier "${t.text}"`);
    pos++;
    return { kind: 'ref', name: t.text };
  };

  if (tokens.length === 0) throw new SigmaRuleError('the condition is empty');
  const tree = parseOr();
  if (pos < tokens.length) throw new SigmaRuleError(`condition "${condition}": unexpected trailing input`);
  return tree;
}
