// The one model of a runbook, shared by `check`, the site, the runner and the audit.
// Every field here is read from a file by src/parse; nothing is ever evaluated.
import type { Root } from 'mdast';
import type { Inventory } from './fleet/inventory.ts';

export type Severity = 'error' | 'warning';

/** One thing a user wrote wrong (or should look at), as data. Lines and columns are 1-based. */
export interface Diagnostic {
  /** Path relative to the working directory, with forward slashes. */
  path: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  severity: Severity;
  /** Rule id, e.g. `owner-unknown`. */
  ruleId: string;
  /** What was found and what was expected, values in backticks. */
  message: string;
  /** How to fix it. */
  hint?: string;
}

export interface Span {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export const TIERS = ['I', 'II', 'III'] as const;
export type Tier = (typeof TIERS)[number];
export const CATEGORIES = ['reliability', 'recoverability', 'serviceability', 'manageability'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Tier as a number for comparisons: I = 1, II = 2, III = 3. */
export function tierRank(tier: Tier): number {
  return TIERS.indexOf(tier) + 1;
}

export interface Parameter {
  name: string;
  description: string;
  default?: string;
  pattern?: string;
  secret?: boolean;
  example?: string;
}

export interface EscalationLevel {
  team: string;
  /** Duration text as written (`15m`), absent for the first level. */
  after?: string;
  /** `after` in minutes (0 when absent or unparseable). */
  afterMinutes: number;
}

export interface Review {
  last_reviewed: string;
  interval: string;
  /** `interval` in days (NaN when unparseable). */
  intervalDays: number;
  /** ISO date `last_reviewed + interval` (empty when either is invalid). */
  due: string;
}

/** Front-matter as validated by schemas/runbook.schema.json. */
export interface RunbookMeta {
  id: string;
  title: string;
  summary: string;
  service: string;
  category: Category;
  tier: Tier;
  owner: string;
  backup_owner: string;
  escalation: EscalationLevel[];
  review: Review;
  parameters: Parameter[];
  tags: string[];
  /** Default step timeout for the runbook (`30m`), optional. */
  timeout?: string;
}

export type ScriptLang = 'sh' | 'bash' | 'js' | 'mjs';

export interface Script {
  lang: ScriptLang;
  /** `bash` for sh/bash blocks, `zx` for js/mjs blocks. */
  engine: 'bash' | 'zx';
  code: string;
  /** Position of the code block in the file. */
  span: Span;
  /** Variables the script reads (`$NAME`, `${NAME}`, `process.env.NAME`), sorted, unique. */
  vars: string[];
}

export interface Step {
  id: string;
  title: string;
  /** 0-based position in the runbook. */
  index: number;
  /** `confirm` attribute: always ask before running, even with `--yes`. */
  confirm: boolean;
  /** `timeout` attribute as written, and in milliseconds. */
  timeout?: string;
  timeoutMs?: number;
  /** `tier` attribute: a step may require a higher tier than its runbook. */
  tier?: Tier;
  kind: 'exec' | 'manual';
  /** Fleet step: `hosts` as written (`$STORES`, `@group !@other`); the script runs on each host over ssh. */
  hosts?: string;
  /** `serial` (`1,5,25%`), `max_fail` (`0`, `10%`) and `pause` (`30m`) as written. */
  serial?: string;
  maxFail?: string;
  pause?: string;
  script?: Script;
  verify?: Script;
  rollback?: Script;
  /** The step's prose as plain Markdown text (no scripts), for terminals and search. */
  prose: string;
  /** The step's prose as mdast nodes, for the site's renderer. */
  proseTree: Root;
  span: Span;
}

/** A block of the runbook body in document order: prose between steps, or a step. */
export type BodyBlock = { kind: 'prose'; tree: Root } | { kind: 'step'; step: Step };

export interface Runbook {
  /** Path relative to the working directory, with forward slashes. */
  path: string;
  /** SHA-256 (hex) of the file's bytes: what a run log and the site's checklist key on. */
  hash: string;
  meta: RunbookMeta;
  steps: Step[];
  body: BodyBlock[];
  /** Positions of front-matter keys and values by JSON pointer (`/owner`, `/escalation/1/team`). */
  positions: Map<string, Span>;
  /** Whether the file parsed well enough to be used (false: only diagnostics are meaningful). */
  valid: boolean;
}

export interface Contact {
  email?: string;
  phone?: string;
  chat?: string;
  pager?: string;
}

export interface Person {
  id: string;
  name: string;
  contact: Contact;
  active: boolean;
  /** OS user names that map to this person (for the runner's default operator). */
  usernames?: string[];
  /** IANA time zone the person's absences are reckoned in (UTC when absent). */
  tz?: string;
  /** Whole days (in `tz`) the person is away and not on call. */
  away?: Absence[];
  /** OpenSSH public keys (`ssh-ed25519 AAAA… comment`) that may sign this person's runs. */
  signing_keys?: string[];
}

/** `from` to `to`, both `YYYY-MM-DD` and inclusive. */
export interface Absence {
  from: string;
  to: string;
}

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Day = (typeof DAYS)[number];

export interface CoverageWindow {
  days: Day[];
  /** `HH:MM`, 24-hour. */
  from: string;
  /** `HH:MM`; `24:00` is midnight at the end of the day; earlier than `from` runs past midnight. */
  to: string;
  /** IANA time zone, e.g. `Europe/Berlin`. */
  tz: string;
}

export interface Team {
  id: string;
  name: string;
  tier: Tier;
  members: string[];
  contact: Contact;
  coverage: CoverageWindow[];
  /** Who of the team holds the pager, shift by shift (absent: the whole team answers). */
  rotation?: Rotation;
  /** Stretches someone else takes, whatever the rotation says. */
  overrides?: Override[];
}

export interface Rotation {
  /** Person ids in order; members[0] holds the shift that begins at `start`. */
  members: string[];
  /** Shift length as written, `1d` to `4w`. */
  length: string;
  handoff: { day?: Day; time: string; tz: string };
  /** `YYYY-MM-DD`: the date of a handoff, where the first shift begins. */
  start: string;
}

export interface Override {
  person: string;
  /** Local `YYYY-MM-DDTHH:MM` in `tz`; `to` is exclusive. */
  from: string;
  to: string;
  tz: string;
}

export interface Service {
  id: string;
  name: string;
  team: string;
  description?: string;
}

export interface Org {
  path: string;
  people: Person[];
  teams: Team[];
  services: Service[];
  positions: Map<string, Span>;
  /** The Ansible inventory fleet steps resolve `@group` in (`inventory:` in the org file, `--inventory`). */
  inventory?: Inventory;
  /** The file as parsed, for optional sections such as the audit's `policy`. */
  raw: Record<string, unknown>;
}

export interface Catalog {
  /** The folder the catalog was read from, relative to the working directory. */
  root: string;
  /** Runbooks sorted by path; only those with `valid: true` are safe to render or run. */
  runbooks: Runbook[];
  /** The org file checked with the runbooks (relative), whether or not it could be read. */
  orgFile: string;
  org?: Org;
  /** The search synonyms (`synonyms.yaml` beside the org file): groups of words that mean the same. */
  synonyms?: string[][];
  /** Every diagnostic of every file, sorted by path, line, column, rule. */
  diagnostics: Diagnostic[];
  /** Files that were read. */
  files: string[];
}
