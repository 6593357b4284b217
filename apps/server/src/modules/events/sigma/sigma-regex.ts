// The re modifier: Sigma regular expressions are written for PCRE-like engines. The common PCRE-only
// forms are rewritten to JavaScript; anything JavaScript cannot compile is reported, not guessed.
import { SigmaRuleError } from './sigma-types.ts';

export interface RegexFlags {
  i: boolean;
  m: boolean;
  s: boolean;
}

/** Compiles a Sigma regex with the re sub-modifiers (i, m, s); throws SigmaRuleError with the reason. */
export function compileSigmaRegex(source: string, flags: RegexFlags): RegExp {
  let src = source;
  const f = { ...flags };
  // A leading inline flag group applies to the whole expression: (?i), (?is), (?-i) ...
  const inline = /^\(\?([imsx]+)\)/.exec(src);
  if (inline?.[1]) {
    if (inline[1].includes('x')) throw new SigmaRuleError(`regex "${source}": the x (extended) flag`);
    f.i ||= inline[1].includes('i');
    f.m ||= inline[1].includes('m');
    f.s ||= inline[1].includes('s');
    src = src.slice(inline[0].length);
  }
  src = src
    .replace(/\(\?P</g, '(?<')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\[Zz]/g, '$');
  // Escapes and character classes are masked first, so `\d{2}\s+` or `[+*]+` are not mistaken for one.
  const masked = src.replace(/\\./g, 'x').replace(/\[(?:\\.|[^\]\\])*\]/g, 'x');
  if (/[*+?}]\+/.test(masked))
    throw new SigmaRuleError(`regex "${source}": possessive quantifiers are not supported`);
  if (src.includes('(?>')) throw new SigmaRuleError(`regex "${source}": atomic groups are not supported`);
  try {
    return new RegExp(src, `${f.i ? 'i' : ''}${f.m ? 'm' : ''}${f.s ? 's' : ''}`);
  } catch (err) {
    throw new SigmaRuleError(`regex "${source}" does not compile: ${(err as Error).message}`);
  }
}

/**
 * A literal every match of the regex must contain (lower-cased, at least `min` characters), for the
 * prefilter; null when none can be proven (alternation at the top level, or only classes and groups).
 */
export function regexLiteral(source: string, min = 3): string | null {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return null;
  }
  let best = '';
  let run = '';
  const end = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  const optionalNext = (i: number) => {
    const q = source[i];
    return q === '?' || q === '*' || (q === '{' && /^\{0[,}]/.test(source.slice(i)));
  };
  const repeatedNext = (i: number) => source[i] === '+' || source[i] === '{';
  for (let i = 0; i < source.length; i++) {
    const c = source[i] ?? '';
    let atom: string | null = null;
    let next = i + 1;
    if (c === '\\') {
      const e = source[i + 1] ?? '';
      next = i + 2;
      atom = /[.*+?^${}()|[\]\\/-]/.test(e) || e === ' ' ? e : null;
      // Escapes with a payload (\x41, \u0041, \u{41}, \cA, \k<n>, \p{L}, \12) never leave literals behind.
      const rest = source.slice(i + 2);
      const payload =
        e === 'x'
          ? 2
          : e === 'u'
            ? rest.startsWith('{')
              ? rest.indexOf('}') + 1
              : 4
            : e === 'c'
              ? 1
              : e === 'k' || e === 'p' || e === 'P'
                ? Math.max(rest.search(/[>}]/) + 1, 0)
                : /^[0-9]/.test(e)
                  ? (/^[0-9]*/.exec(rest)?.[0].length ?? 0)
                  : 0;
      next += payload;
    } else if (c === '(' || c === '[') {
      end();
      // Skip the group or class as a whole, with whatever quantifier follows it.
      let d = 0;
      for (let j = i; j < source.length; j++) {
        const x = source[j];
        if (x === '\\') j++;
        else if (c === '[' && x === ']') {
          i = j;
          break;
        } else if (c === '(' && x === '(') d++;
        else if (c === '(' && x === ')' && --d === 0) {
          i = j;
          break;
        }
      }
      continue;
    } else if (!/[.*+?^${}()|]/.test(c)) atom = c;
    if (atom === null) {
      end();
      i = next - 1;
      continue;
    }
    if (optionalNext(next)) end();
    else {
      run += atom.toLowerCase();
      if (repeatedNext(next)) end();
    }
    i = next - 1;
  }
  end();
  return best.length >= min ? best : null;
}
