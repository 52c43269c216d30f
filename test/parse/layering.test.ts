// Parsers emit, rules decide: nothing a parser or the schema check imports knows the rules.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
});
