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
