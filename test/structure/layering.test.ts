// How the code is laid out: parsers emit and rules decide (nothing a parser or the schema check
// imports knows the rules), the pipeline imports one way, and a long module says why it is long.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'src');

describe('layering', () => {
  for (const folder of ['parse', 'schema']) {
    it(`src/${folder}/* imports nothing from src/rules/`, () => {
      for (const file of readdirSync(join(SRC, folder)).filter((f) => f.endsWith('.ts'))) {
        const imports = [...readFileSync(join(SRC, folder, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
        expect(
          imports.filter((i) => i.includes('/rules/')),
          `${folder}/${file}`,
        ).toEqual([]);
      }
    });
  }

  it('the pipeline and its command line import one another without a cycle', () => {
    const pipeline = ['parse', 'rules', 'schema', 'report', 'cli', 'site'].flatMap((folder) =>
      readdirSync(join(SRC, folder), { recursive: true, encoding: 'utf8' }).map((f) => join(SRC, folder, f)),
    );
    const files = [...pipeline, ...readdirSync(SRC).map((f) => join(SRC, f))].filter((f) => f.endsWith('.ts'));
    const inPipeline = new Set(files);
    const imports = (file: string) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:import|export)\s[^'";]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/g)]
        .map((m) => resolve(dirname(file), m[1] ?? m[2]))
        .filter((target) => existsSync(target) && inPipeline.has(target));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]): void => {
      state.set(file, 'open');
      for (const next of imports(file)) {
        const chain = [...path, file];
        if (state.get(next) === 'open') cycles.push([...chain.slice(chain.indexOf(next)), next].map((f) => relative(SRC, f)).join(' → '));
        else if (!state.has(next)) visit(next, [...path, file]);
      }
      state.set(file, 'done');
    };
    for (const file of files) if (!state.has(file)) visit(file, []);
    expect(cycles).toEqual([]);
  });
});

describe('module size', () => {
  it('says in its opening comment why a file of src/ or site/ is over about 300 lines', () => {
    const files = ['src', 'site'].flatMap((folder) =>
      readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
        .filter((f) => /\.(ts|js|astro|css)$/.test(f))
        .map((f) => join(folder, f)),
    );
    const long = files.filter((f) => readFileSync(join(ROOT, f), 'utf8').split('\n').length > 330);
    const unexplained = long.filter((f) => {
      const text = readFileSync(join(ROOT, f), 'utf8');
      const opening = /^(?:---\n)?((?:\s*(?:\/\/[^\n]*|\/\*[\s\S]*?\*\/)\n)+)/.exec(text)?.[1] ?? '';
      return !/\b\d{3}\s+lines\b|over\s+300\s+lines/.test(opening);
    });
    expect(unexplained).toEqual([]);
  });
});
