// One check of a parameter value, for `opsbook run` (--param and the prompt) and the manual's
// parameter form alike: the whole value must match the parameter's pattern (src/parse/pattern.ts).
// A value that matches only once lower-cased and is made of host names (letters, digits, dots
// and hyphens: `MBX1.dc1` for a lower-case host pattern) is taken lower-cased, with a note
// saying so, since host names are not case-sensitive. A value that does not match is
// described in words derived from the pattern when it is one character class (`[a-z0-9.-]+`,
// `[0-9]{1,6}`, or a list of such words separated by spaces), and by the parameter's example
// or default otherwise. A secret is never changed. Pure: no I/O, runs in the browser too.
import type { Parameter } from '../model.ts';
import { compilePattern } from './pattern.ts';

export interface ValueCheck {
  /** The value to use: as given, or lower-cased (then `note` says so). */
  value: string;
  note?: string;
  /** Why the value cannot be used, in one sentence without the value; undefined when it can. */
  problem?: string;
}

const HOST_WORDS = /^[A-Za-z0-9.-]+( [A-Za-z0-9.-]+)*$/;

const CLASS_WORDS: [RegExp, string][] = [
  [/^a-zA-Z|^A-Za-z/, 'letters'],
  [/^a-z/, 'lower-case letters'],
  [/^A-Z/, 'upper-case letters'],
  [/^0-9|^\\d/, 'digits'],
  [/^\\w/, 'letters, digits, underscores'],
  [/^\\?\./, 'dots'],
  [/^\\?-/, 'hyphens'],
  [/^_/, 'underscores'],
  [/^@/, 'at signs'],
  [/^:/, 'colons'],
  [/^\\?\//, 'slashes'],
  [/^\\?\+/, 'plus signs'],
  [/^,/, 'commas'],
  [/^=/, 'equals signs'],
];

/** `a-z0-9.-` → `lower-case letters, digits, dots and hyphens`; undefined for a class it cannot say. */
function classWords(body: string): string | undefined {
  const words: string[] = [];
  let rest = body;
  while (rest) {
    const hit = CLASS_WORDS.find(([re]) => re.test(rest));
    if (!hit) return undefined;
    rest = rest.replace(hit[0], '');
    words.push(hit[1]);
  }
  if (words.length === 0) return undefined;
  const flat = words.join(', ').split(', ');
  return flat.length === 1 ? flat[0] : `${flat.slice(0, -1).join(', ')} and ${flat.at(-1)}`;
}

function lengthWords(quantifier: string): string {
  const m = /^\{(\d+)(,(\d*))?\}$/.exec(quantifier);
  if (!m) return '';
  if (m[2] === undefined) return `, exactly ${m[1]} characters`;
  return m[3] ? `, ${m[1]} to ${m[3]} characters` : `, at least ${m[1]} characters`;
}

/** What a pattern allows, in words, when it is one character class or a list of words of one; undefined otherwise. */
export function patternWords(pattern: string): string | undefined {
  const bare = pattern.replace(/^\^/, '').replace(/\$$/, '');
  const one = /^\[([^\]^]+)\](\+|\*|\{\d+(?:,\d*)?\})$/.exec(bare);
  if (one) {
    const chars = classWords(one[1]);
    return chars && `${chars} only${lengthWords(one[2])}`;
  }
  const many = /^\[([^\]^]+)\]\+\( \[([^\]^]+)\]\+\)\*$/.exec(bare);
  if (many && many[1] === many[2]) {
    const chars = classWords(many[1]);
    return chars && `one or more words of ${chars}, separated by single spaces`;
  }
  return undefined;
}

/** What the parameter expects, in words: from its pattern, then its example or default. */
export function expectedText(p: Pick<Parameter, 'pattern' | 'example' | 'default' | 'secret'>): string | undefined {
  const words = p.pattern === undefined ? undefined : patternWords(p.pattern);
  const sample = p.secret ? undefined : (p.example ?? p.default);
  if (words && sample !== undefined) return `${words} (for example \`${sample}\`)`;
  if (words) return words;
  return sample !== undefined ? `a value like \`${sample}\`` : undefined;
}

/** Check `value` for parameter `p` as `opsbook run` and the manual's form both do. */
export function checkParamValue(p: Pick<Parameter, 'name' | 'pattern' | 'secret' | 'example' | 'default'>, value: string): ValueCheck {
  if (value.includes('\0')) return { value, problem: `${p.name} contains a NUL byte` };
  const re = p.pattern === undefined ? undefined : compilePattern(p.pattern);
  if (!re || re.test(value)) return { value };
  const lower = value.toLowerCase();
  if (!p.secret && lower !== value && HOST_WORDS.test(value) && re.test(lower)) {
    return {
      value: lower,
      note: `${p.name}: \`${value}\` is taken as \`${lower}\`: host names are not case-sensitive, and the pattern allows lower case only`,
    };
  }
  const expected = expectedText(p);
  return { value, problem: `does not match the pattern \`${p.pattern}\` of ${p.name}${expected ? `: expected ${expected}` : ''}` };
}
