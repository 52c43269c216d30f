// Commands a person can paste into a terminal: parameter values travel as quoted environment
// variables, never spliced into the script, exactly as the runner passes them.
import type { Script } from '../model.ts';

/** Quote a value for a POSIX shell: `it's` → `'it'\''s'`. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export interface PasteOptions {
  /** Parameter values entered by the user (secrets are never passed here). */
  values: Record<string, string>;
  /** Names of secret parameters: taken from the operator's shell, never from the page. */
  secrets: string[];
}

/**
 * A bash invocation that runs `script` as the runner would (`set -euo pipefail`), with each
 * variable the script reads set in its environment. The script travels in a quoted here-doc,
 * so nothing in it is expanded by the shell it is pasted into.
 */
export function pasteableCommand(script: Pick<Script, 'code' | 'vars' | 'engine'>, { values, secrets }: PasteOptions): string {
  const env: string[] = [];
  for (const name of script.vars) {
    if (secrets.includes(name)) env.push(`${name}="$${name}"`);
    else if (values[name] !== undefined) env.push(`${name}=${shellQuote(values[name])}`);
  }
  let tag = 'OPSBOOK';
  while (script.code.split('\n').includes(tag)) tag += '_';
  const runner = script.engine === 'zx' ? 'npx zx --ext=mjs' : 'bash -euo pipefail';
  return `${env.length ? `env ${env.join(' ')} ` : ''}${runner} <<'${tag}'\n${script.code.replace(/\n$/, '')}\n${tag}`;
}

/** The terminal line that runs a runbook (from a step) with the runner. */
export function runLine(id: string, values: Record<string, string>, from?: string): string {
  const params = Object.entries(values)
    .map(([k, v]) => ` --param ${shellQuote(`${k}=${v}`)}`)
    .join('');
  return `opsbook run ${id}${params}${from ? ` --from ${from}` : ''}`;
}
