// What a zx script interpolates into its commands: the `${…}` expressions of every `$`
// template (`$\`…\``, `$.sync\`…\``, `$({ … })\`…\``), and which environment variables each
// one reads (`process.env.X`, `process.env['X']`, a name destructured from `process.env`,
// or `alias.X` after `const alias = process.env`). It reads the text; nothing is evaluated.

export interface EnvRead {
  name: string;
  /** 0-based offset of the read in the script. */
  offset: number;
  /** The read as written, e.g. `process.env.TOKEN`. */
  text: string;
}

const NAME = '[A-Za-z_$][A-Za-z0-9_$]*';
const TEMPLATE_START = /(?<![A-Za-z0-9_$.])\$(?:\.sync)?(?:\([^()]*(?:\([^()]*\)[^()]*)*\))?\s*`/g;

/** Index just past the string or template that opens at `i` (`'`, `"` or a backtick). */
function skipQuoted(code: string, i: number): number {
  const quote = code[i];
  let j = i + 1;
  while (j < code.length && code[j] !== quote) {
    if (code[j] === '\\') j++;
    else if (quote === '`' && code[j] === '$' && code[j + 1] === '{') j = skipExpression(code, j + 2);
    j++;
  }
  return j + 1;
}

/** Index of the `}` that closes an expression starting at `i`. */
function skipExpression(code: string, i: number): number {
  let depth = 1;
  let j = i;
  while (j < code.length) {
    const c = code[j];
    if (c === "'" || c === '"' || c === '`') {
      j = skipQuoted(code, j);
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return j;
    j++;
  }
  return j;
}

/** `[start, end)` of each `${…}` expression inside a zx `$` template of `code`. */
export function commandExpressions(code: string): [number, number][] {
  const found: [number, number][] = [];
  for (const m of code.matchAll(TEMPLATE_START)) {
    let j = m.index + m[0].length;
    while (j < code.length && code[j] !== '`') {
      if (code[j] === '\\') j++;
      else if (code[j] === '$' && code[j + 1] === '{') {
        const end = skipExpression(code, j + 2);
        found.push([j + 2, end]);
        j = end;
      }
      j++;
    }
  }
  return found;
}

/** A way an expression reads the environment: the match's group 1 or 2 is the name, unless `name` is fixed. */
interface Reader {
  re: RegExp;
  name?: string;
}

const notAfter = '(?<![A-Za-z0-9_$.])';
const member = (object: string) => new RegExp(`${notAfter}${object}(?:\\.(${NAME})|\\[\\s*['"]([^'"]+)['"]\\s*\\])`, 'g');
const escape = (name: string) => name.replace(/\$/g, '\\$');

/** How `code` reads the environment: `process.env.X`, destructured names, aliases of `process.env` or of one variable. */
function readers(code: string): Reader[] {
  const found: Reader[] = [{ re: member('process\\.env') }];
  for (const m of code.matchAll(new RegExp(`(?:const|let|var)\\s*\\{([^}]*)\\}\\s*=\\s*process\\.env\\b`, 'g'))) {
    for (const part of m[1].split(',')) {
      const d = new RegExp(`^\\s*(${NAME})\\s*(?::\\s*(${NAME}))?\\s*(?:=.*)?$`, 's').exec(part);
      if (d) found.push({ re: new RegExp(`${notAfter}${escape(d[2] ?? d[1])}(?![A-Za-z0-9_$])`, 'g'), name: d[1] });
    }
  }
  for (const m of code.matchAll(new RegExp(`(?:const|let|var)\\s+(${NAME})\\s*=\\s*process\\.env\\s*(?:;|\\n|$)`, 'g')))
    found.push({ re: member(escape(m[1])) });
  // A name that holds one variable: `const t = process.env.TOKEN` (or `['TOKEN']`, `.trim()`, `?? ''`).
  for (const m of code.matchAll(new RegExp(`(?:const|let|var)\\s+(${NAME})\\s*=\\s*process\\.env(?:\\.(${NAME})|\\[\\s*['"](${NAME})['"]\\s*\\])`, 'g')))
    found.push({ re: new RegExp(`${notAfter}${escape(m[1])}(?![A-Za-z0-9_$])`, 'g'), name: m[2] ?? m[3] });
  return found;
}

/** Environment variables the `${…}` expressions of zx commands read, in order. */
export function envInCommands(code: string): EnvRead[] {
  const ways = readers(code);
  const reads: EnvRead[] = [];
  for (const [start, end] of commandExpressions(code)) {
    const expression = code.slice(start, end);
    for (const { re, name } of ways) {
      for (const m of expression.matchAll(re)) reads.push({ name: name ?? m[1] ?? m[2], offset: start + m.index, text: m[0] });
    }
  }
  return reads.sort((a, b) => a.offset - b.offset);
}
