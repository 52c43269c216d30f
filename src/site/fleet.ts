// What the manual shows of a fleet step: its host set word by word (a parameter, an inventory
// group with its hosts, a host; left out or not), its rolling attributes as written, and the
// batches the runner would cut with the parameters' defaults. Plain JSON for the pages; the
// hosts and batches come from the runner's own selection and batching (src/fleet/).
import { parseSerial, serialBatches } from '../fleet/batches.ts';
import { expandHostRange, hostsOf, type Inventory } from '../fleet/inventory.ts';
import { selectHosts } from '../fleet/select.ts';
import type { Parameter, Step } from '../model.ts';

export type FleetPart =
  | { kind: 'param'; name: string; description: string; excluded: boolean }
  | { kind: 'group'; name: string; hosts: string[]; excluded: boolean }
  | { kind: 'host'; names: string[]; excluded: boolean };

export interface SiteFleet {
  /** `hosts` as written. */
  hosts: string;
  parts: FleetPart[];
  serial?: string;
  maxFail?: string;
  pause?: string;
  confirm: boolean;
  /** The batches of host names with the parameters' defaults; undefined when a host parameter has none. */
  batches?: string[][];
}

const PARAM = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/;

function part(word: string, parameters: Parameter[], inventory: Inventory | undefined): FleetPart {
  const excluded = word.startsWith('!');
  const bare = excluded ? word.slice(1) : word;
  const param = PARAM.exec(bare);
  if (param) {
    const name = param[1] ?? param[2];
    return { kind: 'param', name, description: parameters.find((p) => p.name === name)?.description ?? '', excluded };
  }
  if (bare.startsWith('@')) return { kind: 'group', name: bare.slice(1), hosts: inventory ? hostsOf(inventory, bare.slice(1)) : [], excluded };
  try {
    return { kind: 'host', names: expandHostRange(bare), excluded };
  } catch {
    return { kind: 'host', names: [bare], excluded };
  }
}

/** The fleet facts of `step`, or undefined when it is not a fleet step. */
export function siteFleet(
  step: Pick<Step, 'hosts' | 'serial' | 'maxFail' | 'pause' | 'confirm'>,
  parameters: Parameter[],
  inventory: Inventory | undefined,
): SiteFleet | undefined {
  if (step.hosts === undefined) return undefined;
  const parts = step.hosts
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => part(word, parameters, inventory));
  const defaults = Object.fromEntries(parameters.filter((p) => p.default !== undefined).map((p) => [p.name, p.default!]));
  const selection = selectHosts(step.hosts, defaults, inventory);
  const batches =
    selection.problems.length === 0
      ? serialBatches(
          selection.hosts.map((h) => h.name),
          step.serial === undefined ? undefined : parseSerial(step.serial),
        )
      : undefined;
  return { hosts: step.hosts, parts, serial: step.serial, maxFail: step.maxFail, pause: step.pause, confirm: step.confirm, batches };
}
