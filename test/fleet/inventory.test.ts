// Ansible inventories in YAML, INI and `ansible-inventory --list` JSON read the way Ansible
// reads them; when ansible-inventory is installed, it is asked and must agree.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandHostRange, hostsOf, inventoryFormat, parseInventory, type Inventory } from '../../src/fleet/inventory.ts';
import { narrowHosts, selectHosts } from '../../src/fleet/select.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'fleet');
const ROOT = join(import.meta.dirname, '..', '..');

function load(file: string): Inventory {
  const text = readFileSync(file, 'utf8');
  const { inventory, problems } = parseInventory(text, inventoryFormat(file, text));
  expect(problems).toEqual([]);
  return inventory;
}

/** The parts of an inventory that `ansible-inventory --list` shows: direct hosts, children, connection vars. */
function shape(inv: Inventory) {
  const groups: Record<string, { hosts: string[]; children: string[] }> = {};
  for (const [name, g] of inv.groups) if (g.hosts.length || g.children.length) groups[name] = { hosts: g.hosts, children: [...g.children].sort() };
  const hostvars: Record<string, Record<string, unknown>> = {};
  for (const [name, h] of inv.hosts)
    hostvars[name] = {
      ...(h.address ? { ansible_host: h.address } : {}),
      ...(h.port ? { ansible_port: h.port } : {}),
      ...(h.user ? { ansible_user: h.user } : {}),
    };
  return { groups, hostvars };
}

function ansibleShape(file: string): ReturnType<typeof shape> | undefined {
  let out: string;
  try {
    out = execFileSync('ansible-inventory', ['-i', file, '--list'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, ANSIBLE_LOCAL_TEMP: '/tmp', ANSIBLE_HOME: '/tmp/opsbook-ansible-home' },
    });
  } catch {
    return undefined;
  }
  const { _meta: meta, ...doc } = JSON.parse(out) as { _meta: { hostvars: Record<string, Record<string, unknown>> } } & Record<
    string,
    { hosts?: string[]; children?: string[] }
  >;
  const groups: Record<string, { hosts: string[]; children: string[] }> = {};
  for (const [name, g] of Object.entries(doc)) groups[name] = { hosts: g.hosts ?? [], children: [...(g.children ?? [])].sort() };
  const hostvars: Record<string, Record<string, unknown>> = {};
  for (const [name, vars] of Object.entries(meta.hostvars))
    hostvars[name] = Object.fromEntries(Object.entries(vars).filter(([k]) => ['ansible_host', 'ansible_port', 'ansible_user'].includes(k)));
  for (const name of Object.values(doc).flatMap((g) => g.hosts ?? [])) hostvars[name] ??= {};
  return { groups, hostvars };
}

describe('host ranges', () => {
  it('expands numbers with their zero padding, letters, steps and several ranges', () => {
    expect(expandHostRange('mbx[01:03].dc1')).toEqual(['mbx01.dc1', 'mbx02.dc1', 'mbx03.dc1']);
    expect(expandHostRange('db[a:c]')).toEqual(['dba', 'dbb', 'dbc']);
    expect(expandHostRange('w[0:10:5]')).toEqual(['w0', 'w5', 'w10']);
    expect(expandHostRange('r[1:2]n[a:b]')).toEqual(['r1na', 'r1nb', 'r2na', 'r2nb']);
    expect(() => expandHostRange('x[01:100]')).toThrow(/same number of digits/);
    expect(() => expandHostRange('x[1]')).toThrow(/begin:end/);
  });
});

describe('inventory formats', () => {
  for (const file of ['inventory.yaml', 'inventory.ini', 'inventory.json']) {
    it(`reads ${file}: groups, children, ranges and connection vars`, () => {
      const inv = load(join(FIXTURES, file));
      expect(hostsOf(inv, 'stores')).toEqual([
        'mbx01.dc1.example.net',
        'mbx02.dc1.example.net',
        'mbx03.dc1.example.net',
        'mbx04.dc1.example.net',
        'mbxa.dc2.example.net',
        'mbxb.dc2.example.net',
        'mbxc.dc2.example.net',
      ]);
      expect(hostsOf(inv, 'mtas')).toEqual(['mta1.example.net', 'mta5.example.net', 'mta9.example.net']);
      expect(inv.hosts.get('mbx04.dc1.example.net')).toEqual({ name: 'mbx04.dc1.example.net', address: '10.0.0.4', user: 'root' });
      expect(inv.hosts.get('mbx01.dc1.example.net')).toEqual({ name: 'mbx01.dc1.example.net', user: 'zimbra' });
      expect(inv.hosts.get('mta5.example.net')).toEqual({ name: 'mta5.example.net', port: 2200, user: 'ops' });
      expect(inv.hosts.get('jump.example.net')).toEqual({ name: 'jump.example.net', port: 2222, user: 'ops' });
      expect(hostsOf(inv, 'all')).toHaveLength(11);
    });
  }

  for (const file of [join(FIXTURES, 'inventory.yaml'), join(FIXTURES, 'inventory.ini'), join(ROOT, 'runbooks', 'inventory.yaml')]) {
    const expected = ansibleShape(file);
    it.skipIf(!expected)(`agrees with ansible-inventory --list on ${file.replace(ROOT + '/', '')}`, () => {
      expect(shape(load(file))).toEqual(expected);
    });
  }

  it('reports a bad range and a malformed line with their line numbers', () => {
    const { problems } = parseInventory('[web]\nweb[01:100]\nweb1 port\n[web:bogus]\n', 'ini');
    expect(problems).toEqual([
      { line: 2, message: 'host range `web[01:100]` must give begin and end with the same number of digits' },
      { line: 3, message: '`port` after host `web1` is not `key=value`' },
      { line: 4, message: 'section `[web:bogus]` is not a group kind; expected `[web]`, `[web:children]` or `[web:vars]`' },
    ]);
    expect(parseInventory('all:\n  hosts: [a, b]\n', 'yaml').problems).toEqual([
      { line: 2, message: '`hosts` of group `all` must be a mapping of host names' },
    ]);
  });
});

describe('host selection', () => {
  const inv = load(join(FIXTURES, 'inventory.yaml'));
  const names = (spec: string, values: Record<string, string> = {}) => selectHosts(spec, values, inv).hosts.map((h) => h.name);

  it('takes groups, several separated by spaces, and excludes with !@group', () => {
    expect(names('@dc2_stores @mtas')).toEqual([
      'mbxa.dc2.example.net',
      'mbxb.dc2.example.net',
      'mbxc.dc2.example.net',
      'mta1.example.net',
      'mta5.example.net',
      'mta9.example.net',
    ]);
    expect(names('@stores !@dc1_stores')).toEqual(['mbxa.dc2.example.net', 'mbxb.dc2.example.net', 'mbxc.dc2.example.net']);
    expect(names('@all !@stores !jump.example.net')).toEqual(['mta1.example.net', 'mta5.example.net', 'mta9.example.net']);
  });
  it('takes a plain host list from a parameter, with inventory vars for hosts it knows', () => {
    const sel = selectHosts('$STORES', { STORES: 'mbx04.dc1.example.net other.example.net' }, inv);
    expect(sel.hosts).toEqual([{ name: 'mbx04.dc1.example.net', address: '10.0.0.4', user: 'root' }, { name: 'other.example.net' }]);
    expect(selectHosts('$STORES', { STORES: 'a b' }, undefined).hosts.map((h) => h.name)).toEqual(['a', 'b']);
  });
  it('says what it cannot resolve', () => {
    expect(selectHosts('@nope', {}, inv).problems).toEqual(['no group `nope` in the inventory']);
    expect(selectHosts('@stores', {}, undefined).problems[0]).toMatch(/needs an inventory/);
  });
  it('narrows with --hosts, and names hosts that are not in the step', () => {
    const { hosts, unknown } = narrowHosts(selectHosts('@mtas', {}, inv).hosts, 'mta9.example.net,mta[1:2].example.net');
    expect(hosts.map((h) => h.name)).toEqual(['mta1.example.net', 'mta9.example.net']);
    expect(unknown).toEqual(['mta2.example.net']);
  });
});
