// The inventory of a catalog: `--inventory <file>`, else `inventory:` in the org file (a path
// relative to it), else an `inventory.yaml` beside the org file when there is one.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { relativePath } from '../files.ts';
import type { Diagnostic, Org } from '../model.ts';
import { readRegularFile } from '../read-file.ts';
import { diagnostic } from '../rules/registry.ts';
import { inventoryFormat, parseInventory } from './inventory.ts';

/** The inventory file for `orgFile` (absolute), or undefined when there is none. */
export function inventoryFileFor(orgFile: string, raw: Record<string, unknown>, cwd: string, override?: string): string | undefined {
  if (override !== undefined) return resolve(cwd, override);
  if (typeof raw.inventory === 'string') return resolve(dirname(orgFile), raw.inventory);
  const beside = resolve(dirname(orgFile), 'inventory.yaml');
  return existsSync(beside) ? beside : undefined;
}

/** Read the inventory into `org.inventory`; what is wrong with it, as diagnostics. */
export function attachInventory(org: Org, orgFile: string, cwd: string, override?: string): Diagnostic[] {
  const file = inventoryFileFor(orgFile, org.raw, cwd, override);
  if (!file) return [];
  const path = relativePath(cwd, file);
  const read = readRegularFile(file);
  if (!read.ok) {
    const where = override === undefined ? org.positions.get('/inventory') : undefined;
    return [diagnostic('inventory-invalid', override === undefined ? org.path : path, where, `Cannot read the inventory \`${path}\`: ${read.message}`)];
  }
  const text = read.bytes.toString('utf8');
  const { inventory, problems } = parseInventory(text, inventoryFormat(file, text));
  org.inventory = inventory;
  return problems.map((p) => diagnostic('inventory-invalid', path, { line: p.line, column: 1 }, `Inventory: ${p.message}`));
}
