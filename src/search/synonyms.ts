// The manual's own synonyms for its search: `synonyms.yaml` beside the org file (optional).
// Read like the org file (regular file, UTF-8, YAML with positions, the JSON Schema), then
// checked: a group of fewer than two words and a word listed twice are errors. The groups
// that remain are what the search index is built with (see `buildIndex`).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { relativePath } from '../files.ts';
import type { Diagnostic } from '../model.ts';
import { message, type Message } from '../parse/message.ts';
import { decodeSource } from '../parse/source.ts';
import { parseYaml } from '../parse/yaml.ts';
import { readRegularFile } from '../read-file.ts';
import { diagnostic, fromMessages } from '../rules/registry.ts';
import { validateAgainst } from '../schema/validate.ts';

export const SYNONYMS_FILE = 'synonyms.yaml';

export interface Synonyms {
  /** Groups of two or more words (lower case) that mean the same; each word in one group. */
  groups: string[][];
  diagnostics: Diagnostic[];
}

/** The groups of a synonyms file's text, and what is wrong with it. */
export function parseSynonyms(text: string): { groups: string[][]; messages: Message[] } {
  const parsed = parseYaml(text.replace(/^\uFEFF/, ''), 1);
  if (!parsed.ok) {
    const id = parsed.kind === 'duplicate-key' ? 'yaml-duplicate-key' : parsed.kind === 'too-complex' ? 'yaml-too-complex' : 'yaml-syntax';
    return { groups: [], messages: [message(id, parsed.span, `The synonyms file is not valid YAML: ${parsed.message}`)] };
  }
  const messages = validateAgainst('synonyms', parsed.value, parsed.positions);
  if (messages.length > 0) return { groups: [], messages };
  const groups: string[][] = [];
  const first = new Map<string, string>();
  const lineOf = (pointer: string) => parsed.positions.values.get(pointer)?.line ?? 1;
  ((parsed.value as { synonyms: string[][] }).synonyms ?? []).forEach((group, g) => {
    const kept: string[] = [];
    group.forEach((word, w) => {
      const pointer = `/synonyms/${g}/${w}`;
      const earlier = first.get(word);
      if (earlier === undefined) {
        first.set(word, pointer);
        kept.push(word);
      } else
        messages.push(
          message(
            'synonym-duplicate',
            parsed.positions.values.get(pointer),
            `The word \`${word}\` is listed again here; it is already in the group on line ${lineOf(earlier)}`,
          ),
        );
    });
    if (group.length < 2) {
      const what = group.length === 0 ? 'names no word' : `names only \`${group[0]}\``;
      messages.push(
        message(
          'synonym-group-small',
          parsed.positions.values.get(`/synonyms/${g}`),
          `Synonym group ${g + 1} ${what}; expected two or more words that mean the same`,
        ),
      );
    } else if (kept.length >= 2) groups.push(kept);
  });
  return { groups, messages };
}

/** The synonyms beside `orgFile` (absolute); none, without a diagnostic, when there is no such file. */
export function loadSynonyms(orgFile: string, cwd: string): Synonyms {
  const file = join(dirname(orgFile), SYNONYMS_FILE);
  if (!existsSync(file)) return { groups: [], diagnostics: [] };
  const path = relativePath(cwd, file);
  const read = readRegularFile(file);
  if (!read.ok) return { groups: [], diagnostics: [diagnostic(read.rule, path, undefined, read.message)] };
  const source = decodeSource(read.bytes);
  if (!source.ok) return { groups: [], diagnostics: fromMessages(path, [source.message]) };
  const { groups, messages } = parseSynonyms(source.text);
  return { groups, diagnostics: fromMessages(path, messages) };
}
