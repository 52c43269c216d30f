// Parameter values for a run: `--param K=V`, then secrets from a named env var or file, then
// a prompt with the default shown. The environment is never read implicitly. Every value is
// checked against its pattern; values reach steps only as environment variables.
import type { Parameter } from '../model.ts';
import type { Prompter } from './prompt.ts';
import { checkParamValue } from '../parse/param-value.ts';
import { visible } from '../render/visible.ts';
import { NoLineEnd, readFirstLine } from './first-line.ts';

const MIB = 1024 * 1024;
/**
 * How much of a `--secret-file` is read looking for its first line end: more than the kernel
 * passes to a step (ARG_MAX is at most 6 MiB), so a long line gets the environment's own
 * limit check and its wording, and /dev/zero is not read forever.
 */
const SECRET_LINE_LIMIT = 8 * MIB;

export class ParamError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ParamError';
  }
}

/** `K=V` pairs to a map; a repeated or malformed pair is an error. */
export function parsePairs(pairs: string[], flag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ParamError(`${flag} takes NAME=VALUE, not \`${pair}\``);
    const name = pair.slice(0, eq);
    if (out.has(name)) throw new ParamError(`${flag} \`${name}\` is given twice`);
    out.set(name, pair.slice(eq + 1));
  }
  return out;
}

/** Why `value` cannot be used for `p` (src/parse/param-value.ts, as the manual's form says it), or undefined. */
export function checkValue(p: Parameter, value: string): string | undefined {
  const { problem } = checkParamValue(p, value);
  if (problem === undefined) return undefined;
  return problem.startsWith(p.name) ? problem : `\`${p.secret ? '[redacted]' : value}\` ${problem}`;
}

export interface ParamSources {
  given: Map<string, string>;
  secretEnv: Map<string, string>;
  secretFile: Map<string, string>;
  env: NodeJS.ProcessEnv;
  /** Accept defaults without asking (`--yes`). */
  acceptDefaults: boolean;
  /** Values from an earlier run (`--resume`): used without asking; secrets are asked again. */
  previous?: Record<string, string>;
  /** A dry run: secrets are neither asked for nor read (their names are still checked). */
  skipSecrets?: boolean;
}

export async function resolveParams(params: Parameter[], src: ParamSources, prompter: Prompter): Promise<Record<string, string>> {
  const known = new Set(params.map((p) => p.name));
  for (const map of [src.given, src.secretEnv, src.secretFile]) {
    for (const name of map.keys())
      if (!known.has(name))
        throw new ParamError(`The runbook has no parameter \`${name}\``, `Its parameters: ${params.map((p) => p.name).join(', ') || 'none'}.`);
  }
  const values: Record<string, string> = {};
  for (const p of params) {
    if (p.secret && src.skipSecrets) continue;
    let value: string | undefined = src.given.get(p.name);
    if (p.secret && value !== undefined)
      throw new ParamError(
        `${p.name} is secret: do not pass it with --param (it would show in the process list and shell history)`,
        `Use --secret-env ${p.name}=ENV_VAR, --secret-file ${p.name}=FILE, or answer the prompt.`,
      );
    if (value === undefined && src.secretEnv.has(p.name)) {
      const envName = src.secretEnv.get(p.name)!;
      value = src.env[envName];
      if (value === undefined) throw new ParamError(`--secret-env ${p.name}=${envName}: the environment variable \`${envName}\` is not set`);
    }
    if (value === undefined && src.secretFile.has(p.name)) {
      const file = src.secretFile.get(p.name)!;
      try {
        // The first line, as --help says: a trailing newline (or a note below it) is not part of the secret.
        value = readFirstLine(file, SECRET_LINE_LIMIT);
      } catch (error) {
        if (error instanceof NoLineEnd)
          throw new ParamError(`--secret-file ${p.name}: \`${file}\` has no line end in its first ${SECRET_LINE_LIMIT / MIB} MiB; a secret is its first line`);
        throw new ParamError(`--secret-file ${p.name}: cannot read \`${file}\` (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }
    if (value === undefined && !p.secret && src.previous?.[p.name] !== undefined) value = src.previous[p.name];
    if (value === undefined && p.default !== undefined && src.acceptDefaults) value = p.default;
    while (value === undefined) {
      // What is shown is what runs: a control character made by a YAML escape is shown escaped.
      const question = visible(`${p.name} (${p.description})${p.default !== undefined ? ` [${p.default}]` : ''}: `);
      const answer = p.secret ? await prompter.secret(question) : await prompter.text(question);
      const candidate = answer === '' && p.default !== undefined ? p.default : answer;
      const problem = candidate === '' ? `${p.name} needs a value` : checkValue(p, candidate);
      if (!problem) value = candidate;
      else if (!prompter.interactive) throw new ParamError(problem);
      else prompter.output.write(`${problem}\n`);
    }
    const problem = checkValue(p, value);
    if (problem) throw new ParamError(problem);
    // A host name typed in upper case is taken lower-cased where the pattern allows only that, and the run says so.
    const checked = checkParamValue(p, value);
    if (checked.note) prompter.output.write(`${checked.note}\n`);
    values[p.name] = checked.value;
  }
  return values;
}
