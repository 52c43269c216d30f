// Which hosts a fleet step runs on: its `hosts` attribute (`$STORES`, `@group`, `!@group`,
// plain names), resolved against the run's parameters and the inventory. Pure.
import { expandHostRange, hostsOf, type Inventory, type InventoryHost } from './inventory.ts';

export interface Selection {
  hosts: InventoryHost[];
  /** What could not be resolved, one sentence each. */
  problems: string[];
}

const PARAM = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/;

/** The parameter names a `hosts` attribute reads (`$STORES`, `${STORES}`). */
export function hostParams(spec: string): string[] {
  return spec.split(/\s+/).flatMap((word) => {
    const m = PARAM.exec(word.replace(/^!/, ''));
    return m ? [m[1] ?? m[2]] : [];
  });
}

/** The `@group` names a `hosts` attribute names, excluded ones too. */
export function hostGroups(spec: string): string[] {
  return spec.split(/\s+/).flatMap((word) => (/^!?@./.test(word) ? [word.replace(/^!?@/, '')] : []));
}

/** Words of the spec with each `$PARAM` replaced by the words of its value. */
function words(spec: string, values: Record<string, string>, problems: string[]): string[] {
  return spec
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((word) => {
      const negated = word.startsWith('!');
      const m = PARAM.exec(negated ? word.slice(1) : word);
      if (!m) return [word];
      const name = m[1] ?? m[2];
      const value = values[name];
      if (value === undefined) {
        problems.push(`\`hosts\` reads \`$${name}\`, which has no value`);
        return [];
      }
      return value
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((w) => (negated && !w.startsWith('!') ? `!${w}` : w));
    });
}

export function selectHosts(spec: string, values: Record<string, string>, inventory: Inventory | undefined): Selection {
  const problems: string[] = [];
  const chosen: string[] = [];
  const excluded = new Set<string>();
  const names = (word: string): string[] => {
    if (word.startsWith('@')) {
      const group = word.slice(1);
      if (!inventory) problems.push(`\`@${group}\` needs an inventory (--inventory <file>, or \`inventory:\` in org.yaml)`);
      else if (!inventory.groups.has(group)) problems.push(`no group \`${group}\` in the inventory`);
      else return hostsOf(inventory, group);
      return [];
    }
    try {
      return expandHostRange(word);
    } catch (error) {
      problems.push((error as Error).message);
      return [];
    }
  };
  for (const word of words(spec, values, problems)) {
    if (word.startsWith('!')) for (const h of names(word.slice(1))) excluded.add(h);
    else for (const h of names(word)) if (!chosen.includes(h)) chosen.push(h);
  }
  const hosts = chosen.filter((h) => !excluded.has(h)).map((h) => inventory?.hosts.get(h) ?? { name: h });
  return { hosts, problems };
}

/** `--hosts a,b c`: keep only these names (order of the selection stays). */
export function narrowHosts(hosts: InventoryHost[], list: string | undefined): { hosts: InventoryHost[]; unknown: string[] } {
  if (list === undefined) return { hosts, unknown: [] };
  const wanted = list
    .split(/[\s,]+/)
    .filter(Boolean)
    .flatMap((w) => {
      try {
        return expandHostRange(w);
      } catch {
        return [w];
      }
    });
  return { hosts: hosts.filter((h) => wanted.includes(h.name)), unknown: wanted.filter((w) => !hosts.some((h) => h.name === w)) };
}
