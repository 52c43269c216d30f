// JSON pointers (RFC 6901) into a parsed YAML document: how a key is written in one, how a
// pointer is named in a message, and the position of the value it points to.
import type { Span } from '../model.ts';

/** Where each key and value of a YAML document is (src/parse/yaml.ts finds them). */
export interface YamlPositions {
  /** Span of each value, by JSON pointer (`''` is the document). */
  values: Map<string, Span>;
  /** Span of each mapping key, by the JSON pointer of its value. */
  keys: Map<string, Span>;
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `/escalation/1/team` as a reader writes it: `` `escalation.1.team` ``; `whole` for the root. */
export function pointerLabel(pointer: string, whole: string): string {
  return pointer === '' ? whole : `\`${pointer.slice(1).replace(/\//g, '.')}\``;
}

/** Position of the value at `pointer` (or of its key with `key: true`), else of the closest parent that exists. */
export function locate(positions: YamlPositions, pointer: string, key = false): Span | undefined {
  const { values, keys } = positions;
  const exact = key ? (keys.get(pointer) ?? values.get(pointer)) : (values.get(pointer) ?? keys.get(pointer));
  if (exact) return exact;
  for (let p = pointer; p.includes('/'); p = p.slice(0, p.lastIndexOf('/'))) {
    const span = values.get(p);
    if (span) return span;
  }
  return values.get('');
}
