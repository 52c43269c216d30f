// One runbook file to the model: bytes → text → front-matter (YAML + schema) → MDX tree → steps.
// Nothing in the file is evaluated. Every problem becomes a diagnostic; nothing throws on bad content.
import { createHash } from 'node:crypto';
import type { Root } from 'mdast';
import type { EscalationLevel, Parameter, Runbook, RunbookMeta, Span } from '../model.ts';
import { CATEGORIES, TIERS } from '../model.ts';
import { validateAgainst } from '../schema/validate.ts';
import { isoDate, parseDate, parseDuration } from './duration.ts';
import { splitFrontMatter } from './frontmatter.ts';
import { message, type Message } from './message.ts';
import { parseMdx } from './mdx.ts';
import { decodeSource } from './source.ts';
import { extractSteps } from './steps.ts';
import { list, record, str } from './values.ts';
import { parseYaml, type YamlPositions } from './yaml.ts';

/** A runbook as read from its file; whether it is `valid` is the checker's verdict, not the parser's. */
export type RunbookModel = Omit<Runbook, 'valid'>;

export interface RunbookSource {
  yaml: string;
  yamlLine: number;
  body: string;
}

export interface ParsedRunbook {
  runbook: RunbookModel;
  raw: Record<string, unknown>;
  tree: Root;
  yamlPositions: YamlPositions;
  /** The text as written: the front-matter's YAML (from line `yamlLine`) and the body, whose
   * front-matter lines are blank so that its lines are the file's. Empty when it did not split. */
  source: RunbookSource;
  frontMatterParsed: boolean;
  bodyParsed: boolean;
  /** What the parsers found wrong; the rules' verdicts come later. */
  messages: Message[];
}

/** Front-matter as the model, built leniently from whatever parsed: rules judge, this only reads. */
function toMeta(raw: Record<string, unknown>): RunbookMeta {
  const review = record(raw.review);
  const interval = str(review.interval);
  const intervalMs = parseDuration(interval);
  const intervalDays = intervalMs !== undefined && /[dw]$/.test(interval) ? intervalMs / 86_400_000 : Number.NaN;
  const last = parseDate(str(review.last_reviewed));
  const escalation: EscalationLevel[] = list(raw.escalation).map((level) => {
    const l = record(level);
    const after = typeof l.after === 'string' ? l.after : undefined;
    const level_: EscalationLevel = { team: str(l.team), afterMinutes: after ? (parseDuration(after) ?? 0) / 60_000 : 0 };
    if (after !== undefined) level_.after = after;
    return level_;
  });
  const parameters: Parameter[] = list(raw.parameters).map((p) => {
    const r = record(p);
    const param: Parameter = { name: str(r.name), description: str(r.description) };
    if (typeof r.default === 'string') param.default = r.default;
    if (typeof r.pattern === 'string') param.pattern = r.pattern;
    if (r.secret === true) param.secret = true;
    if (typeof r.example === 'string') param.example = r.example;
    return param;
  });
  const meta: RunbookMeta = {
    id: str(raw.id),
    title: str(raw.title),
    summary: str(raw.summary),
    service: str(raw.service),
    category: (CATEGORIES as readonly string[]).includes(str(raw.category)) ? (raw.category as RunbookMeta['category']) : 'reliability',
    tier: (TIERS as readonly string[]).includes(str(raw.tier)) ? (raw.tier as RunbookMeta['tier']) : 'III',
    owner: str(raw.owner),
    backup_owner: str(raw.backup_owner),
    escalation,
    review: {
      last_reviewed: str(review.last_reviewed),
      interval,
      intervalDays,
      due: last && Number.isFinite(intervalDays) ? isoDate(new Date(last.getTime() + intervalDays * 86_400_000)) : '',
    },
    parameters,
    tags: list(raw.tags).filter((t): t is string => typeof t === 'string'),
  };
  if (typeof raw.timeout === 'string') meta.timeout = raw.timeout;
  return meta;
}

function emptyRunbook(path: string, hash: string): RunbookModel {
  return { path, hash, meta: toMeta({}), steps: [], body: [], positions: new Map() };
}

export function parseRunbook(path: string, bytes: Uint8Array): ParsedRunbook {
  const hash = createHash('sha256').update(bytes).digest('hex');
  const empty: Root = { type: 'root', children: [] };
  const fail = (m: Message): ParsedRunbook => ({
    runbook: emptyRunbook(path, hash),
    raw: {},
    tree: empty,
    yamlPositions: { values: new Map(), keys: new Map() },
    source: { yaml: '', yamlLine: 1, body: '' },
    frontMatterParsed: false,
    bodyParsed: false,
    messages: [m],
  });

  const source = decodeSource(bytes);
  if (!source.ok) return fail(source.message);
  const text = source.text.replace(/^\uFEFF/, '');
  const split = splitFrontMatter(text);
  if (!split.ok) {
    return split.reason === 'missing'
      ? fail(
          message(
            'frontmatter-missing',
            { line: 1, column: 1 },
            'The runbook has no front-matter; expected a first line `---`, the YAML front-matter, then a line `---`',
          ),
        )
      : fail(message('frontmatter-unclosed', { line: 1, column: 1 }, 'The front-matter opened on line 1 has no closing `---` line'));
  }
  const { yaml, line, body } = split.frontMatter;
  const messages: Message[] = [];
  let raw: Record<string, unknown> = {};
  let positions: YamlPositions = { values: new Map(), keys: new Map() };
  const parsed = parseYaml(yaml, line);
  if (!parsed.ok) {
    const id = parsed.kind === 'duplicate-key' ? 'yaml-duplicate-key' : parsed.kind === 'too-complex' ? 'yaml-too-complex' : 'yaml-syntax';
    const what =
      parsed.kind === 'duplicate-key'
        ? 'A key is repeated in the front-matter'
        : parsed.kind === 'too-complex'
          ? 'The front-matter is too complex'
          : 'The front-matter is not valid YAML';
    messages.push(message(id, parsed.span, `${what}: ${parsed.message}`));
  } else if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    messages.push(
      message(
        'frontmatter-not-mapping',
        { line, column: 1 },
        `The front-matter is ${parsed.value === null || parsed.value === undefined ? 'empty' : Array.isArray(parsed.value) ? 'a list' : 'a single value'}; expected a mapping of keys such as \`id: my-runbook\``,
      ),
    );
  } else {
    raw = parsed.value as Record<string, unknown>;
    positions = parsed.positions;
    messages.push(...validateAgainst('runbook', raw, positions));
  }

  const mdx = parseMdx(body);
  let tree = empty;
  if (mdx.ok) tree = mdx.tree;
  else messages.push(message('mdx-syntax', mdx.span, `The MDX body does not parse: ${mdx.message}`));

  const { steps, body: blocks } = extractSteps(tree, body);
  const spans = new Map<string, Span>(positions.values);
  const runbook: RunbookModel = {
    path,
    hash,
    meta: toMeta(raw),
    steps,
    body: blocks,
    positions: spans,
  };
  return {
    runbook,
    raw,
    tree,
    yamlPositions: positions,
    source: { yaml, yamlLine: line, body },
    frontMatterParsed: positions.values.size > 0,
    bodyParsed: mdx.ok,
    messages,
  };
}
