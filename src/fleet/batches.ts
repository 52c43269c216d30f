// Rolling batches as Ansible cuts them (`serial`), and the failure budget per batch
// (`max_fail`). Pure.

export type Amount = { count: number } | { percent: number };

/** Parse one count (`5`) or percentage (`25%`); `min` is the smallest count allowed. */
export function parseAmount(text: string, min: number): Amount | undefined {
  const t = text.trim();
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(t);
  if (pct) {
    const percent = Number(pct[1]);
    return percent > 0 && percent <= 100 ? { percent } : percent === 0 && min === 0 ? { percent } : undefined;
  }
  return /^\d+$/.test(t) && Number(t) >= min ? { count: Number(t) } : undefined;
}

/** `serial="1,5,25%"`: a list of batch sizes; undefined when any item is not a count ≥ 1 or a percentage 1–100. */
export function parseSerial(text: string): Amount[] | undefined {
  const items = text.split(/[\s,]+/).filter(Boolean);
  if (items.length === 0) return undefined;
  const out: Amount[] = [];
  for (const item of items) {
    const a = parseAmount(item, 1);
    if (!a) return undefined;
    out.push(a);
  }
  return out;
}

/** `max_fail="0"` or `"10%"`: failed hosts tolerated per batch. */
export function parseMaxFail(text: string): Amount | undefined {
  return parseAmount(text, 0);
}

/** Ansible's `pct_to_int`: a percentage of `total`, rounded down, at least 1. */
export function batchSize(amount: Amount, total: number): number {
  if ('count' in amount) return amount.count;
  return Math.floor((amount.percent / 100) * total) || 1;
}

/**
 * Ansible's `_get_serialized_batches`: each size in turn (percentages of all the hosts),
 * the last one repeating until every host is in a batch. No serial: one batch of all.
 */
export function serialBatches<T>(hosts: readonly T[], serial: readonly Amount[] | undefined): T[][] {
  if (!serial || serial.length === 0) return hosts.length ? [[...hosts]] : [];
  const batches: T[][] = [];
  let at = 0;
  for (let i = 0; at < hosts.length; i = Math.min(i + 1, serial.length - 1)) {
    const size = batchSize(serial[i], hosts.length);
    batches.push(hosts.slice(at, at + size));
    at += size;
  }
  return batches;
}

/** Whether `failed` hosts of a batch of `size` exceed the budget (Ansible: failed/size > pct). */
export function overMaxFail(failed: number, size: number, limit: Amount): boolean {
  if ('count' in limit) return failed > limit.count;
  return size > 0 && failed / size > limit.percent / 100;
}
