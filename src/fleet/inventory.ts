// Ansible inventories as teams already keep them: YAML, INI, or `ansible-inventory --list`
// JSON. Groups, `children`, host ranges (`mbx[01:12].dc1`, `[a:f]`, `[1:9:2]`), host and
// group vars; `ansible_host`, `ansible_port` and `ansible_user` become ssh options. Pure:
// text in, an inventory and positioned problems out; nothing is run or read here.
// A little over 300 lines: three formats read into one model, with the range expansion
// and the precedence of vars they share.
import yaml from 'js-yaml';

export interface InventoryHost {
  /** The host's name as the inventory gives it (what `$OPSBOOK_HOST` says). */
  name: string;
  /** `ansible_host`: the address or name ssh connects to. */
  address?: string;
  /** `ansible_port`. */
  port?: number;
  /** `ansible_user`. */
  user?: string;
}

export interface InventoryGroup {
  name: string;
  /** Hosts named directly in the group, in inventory order. */
  hosts: string[];
  children: string[];
}

export interface Inventory {
  /** Every host, in the order the inventory first names it. */
  hosts: Map<string, InventoryHost>;
  groups: Map<string, InventoryGroup>;
}

export interface InventoryProblem {
  line: number;
  message: string;
}

export type InventoryFormat = 'yaml' | 'ini' | 'json';

type Vars = Record<string, unknown>;

/** Expand Ansible's host patterns: `db[01:03]` → db01 db02 db03; `[a:c]`, `[0:10:5]`; several ranges multiply. */
export function expandHostRange(pattern: string): string[] {
  const open = pattern.indexOf('[');
  if (open === -1) return [pattern];
  const close = pattern.indexOf(']', open);
  if (close === -1) throw new Error(`unclosed \`[\` in host pattern \`${pattern}\``);
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  const bounds = pattern.slice(open + 1, close).split(':');
  if (bounds.length !== 2 && bounds.length !== 3) throw new Error(`host range \`${pattern}\` must be begin:end or begin:end:step`);
  const [begin = '', end = '', stepText = '1'] = bounds;
  const beg = begin === '' ? '0' : begin;
  if (end === '') throw new Error(`host range \`${pattern}\` must give an end value`);
  const step = Number(stepText);
  if (!Number.isInteger(step) || step < 1) throw new Error(`host range \`${pattern}\` has step \`${stepText}\`; expected a whole number from 1`);
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let seq: string[];
  if (/^[A-Za-z]$/.test(beg) && /^[A-Za-z]$/.test(end)) {
    const from = letters.indexOf(beg);
    const to = letters.indexOf(end);
    if (from > to) throw new Error(`host range \`${pattern}\` must have begin <= end`);
    seq = [];
    for (let i = from; i <= to; i += step) seq.push(letters[i]);
  } else {
    if (!/^\d+$/.test(beg) || !/^\d+$/.test(end)) throw new Error(`host range \`${pattern}\` must be numbers (01:12) or single letters (a:f)`);
    const width = beg.length > 1 && beg.startsWith('0') ? beg.length : 0;
    if (width && width !== end.length) throw new Error(`host range \`${pattern}\` must give begin and end with the same number of digits`);
    seq = [];
    for (let i = Number(beg); i <= Number(end); i += step) seq.push(width ? String(i).padStart(width, '0') : String(i));
  }
  return seq.flatMap((part) => expandHostRange(`${head}${part}${tail}`));
}

/** Builds an inventory; group vars are applied at the end, children before parents' hosts. */
class Builder {
  readonly hosts = new Map<string, Vars>();
  readonly groups = new Map<string, { hosts: string[]; children: string[]; vars: Vars }>();

  group(name: string): { hosts: string[]; children: string[]; vars: Vars } {
    let g = this.groups.get(name);
    if (!g) this.groups.set(name, (g = { hosts: [], children: [], vars: {} }));
    return g;
  }

  host(group: string, name: string, vars: Vars): void {
    const g = this.group(group);
    if (!g.hosts.includes(name)) g.hosts.push(name);
    this.hosts.set(name, { ...this.hosts.get(name), ...vars });
  }

  child(parent: string, child: string): void {
    const g = this.group(parent);
    this.group(child);
    if (!g.children.includes(child)) g.children.push(child);
  }

  /** Ansible's precedence: `all` < parent group < child group < host. */
  build(): Inventory {
    const all = this.group('all');
    for (const name of this.groups.keys()) {
      if (name === 'all' || name === 'ungrouped') continue;
      if (![...this.groups.values()].some((p) => p.children.includes(name)) && !all.children.includes(name)) all.children.push(name);
    }
    // As in Ansible: a host in no group but `all` belongs to `ungrouped`.
    const grouped = new Set([...this.groups].flatMap(([n, g]) => (n === 'all' ? [] : g.hosts)));
    all.hosts = [];
    for (const h of this.hosts.keys()) if (!grouped.has(h)) this.host('ungrouped', h, {});
    this.child('all', 'ungrouped');
    const depth = new Map<string, number>();
    const visit = (name: string, d: number, seen: Set<string>) => {
      if (seen.has(name)) return;
      if ((depth.get(name) ?? -1) < d) depth.set(name, d);
      for (const c of this.groups.get(name)?.children ?? []) visit(c, d + 1, new Set([...seen, name]));
    };
    visit('all', 0, new Set());
    const ordered = [...this.groups.keys()].sort((a, b) => (depth.get(a) ?? 0) - (depth.get(b) ?? 0));
    const hosts = new Map<string, InventoryHost>();
    const groups = new Map<string, InventoryGroup>();
    for (const [name, g] of this.groups) groups.set(name, { name, hosts: g.hosts, children: g.children });
    const members = new Map(ordered.map((g) => [g, new Set(hostsOf({ groups }, g))]));
    for (const [name, own] of this.hosts) {
      const vars: Vars = {};
      for (const gname of ordered) if (members.get(gname)!.has(name)) Object.assign(vars, this.groups.get(gname)!.vars);
      Object.assign(vars, own);
      hosts.set(name, toHost(name, vars));
    }
    return { hosts, groups };
  }
}

function toHost(name: string, vars: Vars): InventoryHost {
  const host: InventoryHost = { name };
  if (typeof vars.ansible_host === 'string' || typeof vars.ansible_host === 'number') host.address = String(vars.ansible_host);
  const port = Number(vars.ansible_port);
  if (vars.ansible_port !== undefined && Number.isInteger(port) && port > 0) host.port = port;
  if (typeof vars.ansible_user === 'string' || typeof vars.ansible_user === 'number') host.user = String(vars.ansible_user);
  return host;
}

/** Every host of a group and its children, recursively, in inventory order, once each. */
export function hostsOf(inventory: Pick<Inventory, 'groups'> & Partial<Pick<Inventory, 'hosts'>>, group: string, seen = new Set<string>()): string[] {
  if (group === 'all' && inventory.hosts) return [...inventory.hosts.keys()];
  const g = inventory.groups.get(group);
  if (!g || seen.has(group)) return [];
  seen.add(group);
  const out = [...g.hosts];
  for (const c of g.children) for (const h of hostsOf(inventory, c, seen)) if (!out.includes(h)) out.push(h);
  return out;
}

function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  return at === -1 ? 1 : text.slice(0, at).split('\n').length;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseYaml(text: string, b: Builder, problems: InventoryProblem[]): void {
  let doc: unknown;
  try {
    doc = yaml.load(text);
  } catch (error) {
    const e = error as { mark?: { line: number }; reason?: string; message: string };
    problems.push({ line: (e.mark?.line ?? 0) + 1, message: `not valid YAML: ${e.reason ?? e.message}` });
    return;
  }
  if (doc === undefined || doc === null) return;
  if (!isMap(doc)) {
    problems.push({ line: 1, message: 'a YAML inventory is a mapping of groups (e.g. `all:` with `hosts:` and `children:`)' });
    return;
  }
  const walk = (name: string, body: unknown) => {
    b.group(name);
    if (body === null || body === undefined) return;
    if (!isMap(body)) {
      problems.push({ line: lineOf(text, `${name}:`), message: `group \`${name}\` must be a mapping with \`hosts\`, \`children\` or \`vars\`` });
      return;
    }
    for (const key of Object.keys(body)) {
      if (!['hosts', 'children', 'vars'].includes(key))
        problems.push({ line: lineOf(text, `${key}:`), message: `unknown key \`${key}\` in group \`${name}\`; expected \`hosts\`, \`children\` or \`vars\`` });
    }
    if (isMap(body.vars)) Object.assign(b.group(name).vars, body.vars);
    if (body.hosts !== undefined && body.hosts !== null) {
      if (!isMap(body.hosts)) problems.push({ line: lineOf(text, 'hosts:'), message: `\`hosts\` of group \`${name}\` must be a mapping of host names` });
      else
        for (const [pattern, vars] of Object.entries(body.hosts)) {
          try {
            for (const host of expandHostRange(pattern)) b.host(name, host, isMap(vars) ? vars : {});
          } catch (error) {
            problems.push({ line: lineOf(text, pattern), message: (error as Error).message });
          }
        }
    }
    if (isMap(body.children)) {
      for (const [child, childBody] of Object.entries(body.children)) {
        b.child(name, child);
        walk(child, childBody);
      }
    }
  };
  for (const [name, body] of Object.entries(doc)) walk(name, body);
}

/** An INI value as Ansible reads it: a number or a string, quotes removed. */
function iniValue(raw: string): unknown {
  if (/^(['"]).*\1$/.test(raw)) return raw.slice(1, -1);
  return /^-?\d+$/.test(raw) ? Number(raw) : raw;
}

/** `key=value key2="a b"` (shell-like words). */
function iniPairs(text: string): { pairs: Vars; bad?: string } {
  const pairs: Vars = {};
  for (const word of text.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? []) {
    const eq = word.indexOf('=');
    if (eq <= 0) return { pairs, bad: word };
    pairs[word.slice(0, eq)] = iniValue(word.slice(eq + 1));
  }
  return { pairs };
}

function parseIni(text: string, b: Builder, problems: InventoryProblem[]): void {
  let section = 'ungrouped';
  let kind: 'hosts' | 'children' | 'vars' = 'hosts';
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    const at = i + 1;
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]:\s]+)(?::(\w+))?\]$/.exec(line);
    if (header) {
      section = header[1]!;
      const k = header[2] ?? 'hosts';
      if (k !== 'hosts' && k !== 'children' && k !== 'vars') {
        problems.push({
          line: at,
          message: `section \`[${section}:${k}]\` is not a group kind; expected \`[${section}]\`, \`[${section}:children]\` or \`[${section}:vars]\``,
        });
        kind = 'vars';
        continue;
      }
      kind = k;
      b.group(section);
      continue;
    }
    if (line.startsWith('[')) {
      problems.push({ line: at, message: `section header \`${line}\` is malformed; expected \`[group]\`, \`[group:children]\` or \`[group:vars]\`` });
      continue;
    }
    if (kind === 'children') {
      b.child(section, line.split(/\s+/)[0]);
      continue;
    }
    if (kind === 'vars') {
      const eq = line.indexOf('=');
      if (eq <= 0) problems.push({ line: at, message: `\`${line}\` in [${section}:vars] is not \`key=value\`` });
      else b.group(section).vars[line.slice(0, eq).trim()] = iniValue(line.slice(eq + 1).trim());
      continue;
    }
    const [first = '', ...rest] = line.split(/\s+/);
    const { pairs, bad } = iniPairs(rest.join(' '));
    if (bad !== undefined) problems.push({ line: at, message: `\`${bad}\` after host \`${first}\` is not \`key=value\`` });
    const portMatch = /^([^:[\]]+(?:\[[^\]]*\][^:[\]]*)*):(\d+)$/.exec(first);
    const pattern = portMatch ? portMatch[1] : first;
    if (portMatch) pairs.ansible_port = Number(portMatch[2]);
    try {
      for (const host of expandHostRange(pattern)) b.host(section, host, pairs);
    } catch (error) {
      problems.push({ line: at, message: (error as Error).message });
    }
  }
}

function parseJson(text: string, b: Builder, problems: InventoryProblem[]): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    problems.push({ line: 1, message: `not valid JSON: ${(error as Error).message}` });
    return;
  }
  if (!isMap(doc)) {
    problems.push({ line: 1, message: '`ansible-inventory --list` JSON is an object of groups and `_meta`' });
    return;
  }
  const hostvars = isMap(doc._meta) && isMap(doc._meta.hostvars) ? doc._meta.hostvars : {};
  for (const [name, body] of Object.entries(doc)) {
    if (name === '_meta') continue;
    b.group(name);
    if (!isMap(body)) continue;
    if (Array.isArray(body.hosts)) for (const h of body.hosts) b.host(name, String(h), {});
    if (Array.isArray(body.children)) for (const c of body.children) b.child(name, String(c));
    if (isMap(body.vars)) Object.assign(b.group(name).vars, body.vars);
  }
  for (const [name, vars] of Object.entries(hostvars)) if (b.hosts.has(name) && isMap(vars)) b.hosts.set(name, { ...b.hosts.get(name), ...vars });
}

/** The format of an inventory file: by extension, else JSON when it starts with `{`, else INI. */
export function inventoryFormat(fileName: string, text: string): InventoryFormat {
  if (/\.ya?ml$/i.test(fileName)) return 'yaml';
  if (/\.json$/i.test(fileName) || text.trimStart().startsWith('{')) return 'json';
  return 'ini';
}

export function parseInventory(text: string, format: InventoryFormat): { inventory: Inventory; problems: InventoryProblem[] } {
  const b = new Builder();
  const problems: InventoryProblem[] = [];
  if (format === 'yaml') parseYaml(text, b, problems);
  else if (format === 'json') parseJson(text, b, problems);
  else parseIni(text, b, problems);
  return { inventory: b.build(), problems };
}
