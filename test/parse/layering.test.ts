// Parsers emit, rules decide: nothing a parser or the schema check imports knows the rules.
// And the pipeline's modules import one another one way: no cycle, not even of types.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..', 'src');

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
