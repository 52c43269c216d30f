// The variables a step's script reads and the ones it assigns itself, so a `$NAME` that
// is neither a declared parameter, nor assigned in the script, nor well known can be reported.
// This reads shell text, not Markdown; single-quoted text is skipped (it is not expanded
// locally: `ssh host 'echo $HOME'` expands on the remote side).
import type { ScriptLang } from '../model.ts';

/** What the runner passes of its own environment to a step (src/run/environment.ts), when set. */
export const PASS_ENV = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'TERM',
  'TZ',
  'TMPDIR',
  'SSH_AUTH_SOCK',
  'SSH_AGENT_PID',
  'NO_COLOR',
] as const;

/** What the runner puts in a step's environment: PASS_ENV, and the OPSBOOK_* names it always sets. */
export const RUNNER_ENV = [...PASS_ENV, 'OPSBOOK_RUN_ID', 'OPSBOOK_RUNBOOK_ID', 'OPSBOOK_STEP_ID', 'OPSBOOK_OPERATOR', 'OPSBOOK_WORKDIR'] as const;

/** What bash sets by itself. */
const BASH_VARS = [
  'PWD',
  'OLDPWD',
  'HOSTNAME',
  'HOSTTYPE',
  'OSTYPE',
  'RANDOM',
  'SECONDS',
  'LINENO',
  'IFS',
  'UID',
  'EUID',
  'PPID',
  'BASHPID',
  'BASH_SOURCE',
  'BASH_VERSION',
  'FUNCNAME',
  'PIPESTATUS',
  'REPLY',
  'OPTARG',
  'OPTIND',
  'EPOCHSECONDS',
  'EPOCHREALTIME',
  'SHLVL',
  'GROUPS',
];

/** Variables a script may read without declaring them: only what a step really has. */
export const WELL_KNOWN_VARS = new Set<string>([...RUNNER_ENV, ...BASH_VARS]);

/** What a fleet step's script also has on its host: the host's name as given, and sshd's own. */
export const FLEET_ENV: ReadonlySet<string> = new Set(['OPSBOOK_HOST', 'SSH_CONNECTION']);

export interface ScriptVars {
  /** Names read, with the 0-based offset of their first use. */
  used: Map<string, number>;
  /** Names assigned by the script itself. */
  assigned: Set<string>;
}

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const ASSIGN_RE = new RegExp(`(?:^|[\\s;&|({])(?:(?:export|local|declare|readonly|typeset)(?:\\s+-[a-zA-Z]+)*\\s+)?(${NAME})(?:\\[[^\\]]*\\])?\\+?=`, 'g');
const DECLARE_RE = new RegExp(`(?:^|[\\s;&|(])(?:export|local|declare|readonly|typeset|unset)((?:[ \\t]+(?:-[a-zA-Z]+|${NAME}))+)`, 'g');
const FOR_RE = new RegExp(`(?:^|[\\s;&|(])for\\s+(${NAME})\\s+in\\b`, 'g');
const READ_RE = new RegExp(`(?:^|[\\s;&|(])(?:read|mapfile|readarray)((?:[ \\t]+(?:-[a-zA-Z]+(?:[ \\t]+(?!-)[^\\s;&|)]+)?|${NAME}))+)`, 'g');
const PRINTF_V_RE = new RegExp(`printf\\s+-v\\s+(${NAME})`, 'g');

export function scriptVars(code: string, lang: ScriptLang): ScriptVars {
  return lang === 'js' || lang === 'mjs' ? jsVars(code) : shellVars(code);
}

function shellVars(code: string): ScriptVars {
  const used = new Map<string, number>();
  const text = blankQuotedAndComments(code);
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '$' || (i > 0 && text[i - 1] === '\\')) continue;
    const rest = text.slice(i + 1, i + 1 + 200);
    const braced = /^\{[#!]?([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    const plain = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    const name = braced?.[1] ?? plain?.[1];
    if (name && !used.has(name)) used.set(name, i);
  }
  const assigned = new Set<string>();
  const add = (names: string) => {
    for (const word of names.trim().split(/\s+/)) if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(word)) assigned.add(word);
  };
  for (const m of text.matchAll(ASSIGN_RE)) assigned.add(m[1]);
  for (const m of text.matchAll(DECLARE_RE)) add(m[1]);
  for (const m of text.matchAll(FOR_RE)) assigned.add(m[1]);
  for (const m of text.matchAll(READ_RE)) add(m[1].replace(/-[a-zA-Z]*[adnNptu]\s+\S+/g, ' '));
  for (const m of text.matchAll(PRINTF_V_RE)) assigned.add(m[1]);
  return { used, assigned };
}

/** Replace single-quoted strings and comments with spaces, keeping offsets. */
function blankQuotedAndComments(code: string): string {
  const out = code.split('');
  let inDouble = false;
  for (let i = 0; i < out.length; i++) {
    const c = code[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '"') inDouble = !inDouble;
    else if (!inDouble && c === "'") {
      const end = code.indexOf("'", i + 1);
      const stop = end === -1 ? code.length : end;
      for (let j = i + 1; j < stop; j++) if (out[j] !== '\n') out[j] = ' ';
      i = stop;
    } else if (!inDouble && c === '#' && (i === 0 || /\s/.test(code[i - 1]))) {
      while (i < out.length && code[i] !== '\n') out[i++] = ' ';
    }
  }
  return out.join('');
}

function jsVars(code: string): ScriptVars {
  const used = new Map<string, number>();
  const re = new RegExp(`process\\.env(?:\\.(${NAME})|\\[\\s*['"](${NAME})['"]\\s*\\])`, 'g');
  for (const m of code.matchAll(re)) {
    const name = m[1] ?? m[2];
    if (!used.has(name)) used.set(name, m.index);
  }
  return { used, assigned: new Set() };
}
