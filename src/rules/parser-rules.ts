// Problems found while reading a file, before any check runs.
import type { ParserRule } from './types.ts';

const parser = (id: string, description: string, hint: string, severity: 'error' | 'warning' = 'error'): ParserRule => ({
  scope: 'parser',
  id,
  severity,
  description,
  hint,
});

export const parserRules: ParserRule[] = [
  parser('file-unreadable', 'The file could not be read.', 'Check that the path exists and is readable.'),
  parser(
    'file-not-regular',
    'The path is a named pipe, a device, a socket or a link to one, not a regular file.',
    'Replace it with a regular file (opsbook never reads from pipes or devices, so it cannot hang on one).',
  ),
  parser(
    'file-too-large',
    'The file is larger than the size limit (10 MB unless `--max-file-size` says otherwise).',
    'Split the runbook into smaller ones, or raise the limit with `opsbook check --max-file-size`.',
  ),
  parser('file-empty', 'The file is empty.', 'Start the file with YAML front-matter between `---` lines (see `opsbook new`).'),
  parser('file-binary', 'The file is binary, not text.', 'Runbooks and the org file are UTF-8 text; remove the file or replace it with text.'),
  parser('file-encoding', 'The file is not valid UTF-8.', 'Save the file as UTF-8 (a byte order mark is allowed).'),
  parser('frontmatter-missing', 'The runbook has no front-matter.', 'Start the file with `---`, the YAML front-matter, then `---`.'),
  parser('frontmatter-unclosed', 'The front-matter has no closing `---` line.', 'End the front-matter with a line holding only `---`.'),
  parser('frontmatter-not-mapping', 'The front-matter or org file is not a YAML mapping.', 'Write `key: value` lines, e.g. `id: my-runbook`.'),
  parser('yaml-syntax', 'The YAML does not parse.', 'Fix the YAML syntax at this position (indentation, quotes, colons).'),
  parser('yaml-duplicate-key', 'A YAML mapping repeats a key.', 'Keep one of the two keys; YAML does not merge them.'),
  parser(
    'yaml-too-complex',
    'The YAML expands too much (aliases) or nests too deep.',
    'Write values out plainly; aliases (`*name`) are not needed in runbooks.',
  ),
  parser('mdx-syntax', 'The MDX body does not parse.', 'Fix the MDX syntax; write `&lt;` or `\\<` for a literal `<`, `\\{` for a literal `{`.'),
  parser('schema-unknown-key', 'A key the schema does not know.', 'Remove the key or fix its spelling.'),
  parser('schema-required', 'A required key is missing.', 'Add the key.'),
  parser('schema-type', 'A value has the wrong type.', 'Write a value of the expected type.'),
  parser('schema-enum', 'A value is not one of the allowed values.', 'Use one of the allowed values.'),
  parser('schema-pattern', 'A value does not match the required pattern.', 'Write the value in the expected form.'),
  parser('schema-invalid', 'A value breaks another schema constraint.', 'Change the value as the message says.'),
  parser('org-missing', 'No organisation file was found.', 'Create `runbooks/org.yaml` with people, teams and services.'),
];
