// The schemas are the source of truth: every property documented for editors, and the
// model's types agree with them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parseRunbook } from '../../src/parse/runbook.ts';
import { parseOrg } from '../../src/parse/org.ts';
import { CATEGORIES, TIERS } from '../../src/model.ts';

const SCHEMAS = join(import.meta.dirname, '..', '..', 'schemas');
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const load = (name: string) => JSON.parse(readFileSync(join(SCHEMAS, name), 'utf8')) as Record<string, unknown>;

/** Every object under `properties` of a schema, with its JSON path. */
function properties(schema: unknown, path = '', out: [string, Record<string, unknown>][] = []): [string, Record<string, unknown>][] {
  if (!schema || typeof schema !== 'object') return out;
  const s = schema as Record<string, unknown>;
  for (const [key, value] of Object.entries((s.properties as Record<string, unknown>) ?? {})) {
    out.push([`${path}/${key}`, value as Record<string, unknown>]);
    properties(value, `${path}/${key}`, out);
  }
  for (const key of ['items', '$defs', 'oneOf', 'anyOf', 'allOf']) {
    const child = s[key];
    if (Array.isArray(child)) child.forEach((c, i) => properties(c, `${path}/${key}/${i}`, out));
    else if (child && typeof child === 'object') {
      if (key === '$defs') for (const [k, v] of Object.entries(child)) properties(v, `${path}/$defs/${k}`, out);
      else properties(child, `${path}/${key}`, out);
    }
  }
  return out;
}

describe('schemas', () => {
  for (const file of readdirSync(SCHEMAS).filter((f) => f.endsWith('.schema.json'))) {
    it(`${file} is valid draft 2020-12 and documents every property`, () => {
      const schema = load(file);
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      new Ajv2020({ strict: true, allErrors: true }).compile(schema);
      const undocumented = properties(schema)
        .filter(([, p]) => !p.$ref && (typeof p.description !== 'string' || typeof p.title !== 'string'))
        .map(([path]) => path);
      expect(undocumented).toEqual([]);
    });
  }

  it('agrees with the model: front-matter keys, tiers and categories', () => {
    const schema = load('runbook.schema.json') as { properties: Record<string, { enum?: string[] }> };
    const { runbook } = parseRunbook('x.mdx', readFileSync(join(FIXTURES, 'valid', 'mailbox', 'restart-mailbox.mdx')));
    const modelKeys = Object.keys(runbook.meta).concat('timeout').sort();
    expect(Object.keys(schema.properties).sort()).toEqual(modelKeys);
    expect(schema.properties.tier.enum).toEqual([...TIERS]);
    expect(schema.properties.category.enum).toEqual([...CATEGORIES]);
  });

  it('agrees with the model: org keys', () => {
    const schema = load('org.schema.json') as { properties: Record<string, { items: { properties: Record<string, unknown> } }> };
    const { org } = parseOrg('org.yaml', readFileSync(join(FIXTURES, 'org.yaml')));
    expect(Object.keys(org!.people[0]).sort()).toEqual(Object.keys(schema.properties.people.items.properties).sort());
    expect(Object.keys(org!.teams[0]).sort()).toEqual(Object.keys(schema.properties.teams.items.properties).sort());
    expect([...Object.keys(org!.services[0]), 'description'].sort()).toEqual(Object.keys(schema.properties.services.items.properties).sort());
  });
});
