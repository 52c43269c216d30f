// Validate a parsed YAML value against one of the JSON Schemas in schemas/, and turn
// each error into a positioned diagnostic. Each validator is compiled once per process.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Span } from '../model.ts';
import { message, type Message } from '../parse/message.ts';
import { escapePointer, pointerLabel } from '../parse/pointer.ts';
import type { YamlPositions } from '../parse/yaml.ts';
// Imported, not read from disk, so the site's bundle carries them wherever it is built.
import orgSchema from '../../schemas/org.schema.json' with { type: 'json' };
import runbookSchema from '../../schemas/runbook.schema.json' with { type: 'json' };
import synonymsSchema from '../../schemas/synonyms.schema.json' with { type: 'json' };

export type SchemaName = 'runbook' | 'org' | 'synonyms';

const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
const validators = new Map<SchemaName, ValidateFunction>();

const SCHEMAS: Record<SchemaName, object> = { runbook: runbookSchema, org: orgSchema, synonyms: synonymsSchema };

function validator(name: SchemaName): ValidateFunction {
  let v = validators.get(name);
  if (!v) {
    v = ajv.compile(SCHEMAS[name]);
    validators.set(name, v);
  }
  return v;
}

const code = (value: unknown) => `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;

function typeName(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return 'text';
  return `a ${typeof value}`;
}

const label = (pointer: string) => pointerLabel(pointer, 'the front-matter');

function toMessage(error: ErrorObject, positions: YamlPositions, fileLabel: string): Message {
  const valueAt = (p: string): Span | undefined => positions.values.get(p) ?? positions.keys.get(p);
  const where = error.instancePath;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const pointer = `${where}/${escapePointer(key)}`;
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      return message(
        'schema-unknown-key',
        positions.keys.get(pointer) ?? valueAt(where),
        `Unknown key \`${key}\` in ${where === '' ? fileLabel : label(where)}; expected one of ${allowed.map((k) => `\`${k}\``).join(', ')}`,
      );
    }
    case 'required': {
      const key = String(error.params.missingProperty);
      return message(
        'schema-required',
        where === '' ? { line: positions.values.get('')?.line ?? 1, column: 1 } : (positions.keys.get(where) ?? valueAt(where)),
        `Missing required key \`${key}\` in ${where === '' ? fileLabel : label(where)}`,
        `Add \`${key}:\` (${describe(error.parentSchema, key)}).`,
      );
    }
    case 'type':
      return message(
        'schema-type',
        valueAt(where),
        `${label(where)} is ${typeName(error.data)}; expected ${error.params.type === 'object' ? 'a mapping' : error.params.type === 'array' ? 'a list' : error.params.type === 'string' ? 'text' : `a ${String(error.params.type)}`}`,
      );
    case 'enum':
      return message(
        'schema-enum',
        valueAt(where),
        `${label(where)} is ${code(error.data)}; expected one of ${(error.params.allowedValues as unknown[]).map(code).join(', ')}`,
      );
    case 'pattern': {
      const schema = error.parentSchema as { description?: string; examples?: unknown[] };
      const example = schema.examples?.[0];
      return message(
        'schema-pattern',
        valueAt(where),
        `${label(where)} is ${code(error.data)}, which does not match \`${String(error.params.pattern)}\`${example !== undefined ? ` (e.g. ${code(example)})` : ''}`,
        schema.description,
      );
    }
    case 'uniqueItems': {
      const items = error.data as unknown[];
      const later = Math.max(Number(error.params.i), Number(error.params.j));
      return message(
        'schema-invalid',
        valueAt(`${where}/${later}`) ?? valueAt(where),
        `${label(where)} lists ${code(items[later])} twice; expected each item once`,
      );
    }
    default:
      return message('schema-invalid', valueAt(where), `${label(where)} ${error.message ?? 'is invalid'}`);
  }
}

function describe(parentSchema: unknown, key: string): string {
  const property = (parentSchema as { properties?: Record<string, { description?: string }> }).properties?.[key];
  return property?.description?.replace(/\.$/, '') ?? 'see the schema';
}

/** A message for every schema violation of `value`, positioned through `positions`. */
export function validateAgainst(name: SchemaName, value: unknown, positions: YamlPositions): Message[] {
  const validate = validator(name);
  if (validate(value)) return [];
  const fileLabel = name === 'org' ? 'the org file' : name === 'synonyms' ? 'the synonyms file' : 'the front-matter';
  return (validate.errors ?? []).map((error) => toMessage(error, positions, fileLabel));
}
