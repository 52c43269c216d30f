import { describe, expect, it } from 'vitest';
import { overMaxFail, parseMaxFail, parseSerial, serialBatches } from '../../src/fleet/batches.ts';

const hosts = (n: number) => Array.from({ length: n }, (_, i) => `h${i + 1}`);
const sizes = (n: number, serial: string | undefined) => serialBatches(hosts(n), serial === undefined ? undefined : parseSerial(serial)).map((b) => b.length);

describe('serial batches, as Ansible cuts them', () => {
  it('a canary, then 5, then a quarter of all hosts at a time, the last size repeating', () => {
    expect(sizes(40, '1,5,25%')).toEqual([1, 5, 10, 10, 10, 4]);
  });
  it('rounds percentages down, but never below one host', () => {
    expect(sizes(7, '30%')).toEqual([2, 2, 2, 1]);
    expect(sizes(3, '10%')).toEqual([1, 1, 1]);
  });
  it('keeps host order and puts all hosts in one batch without serial', () => {
    expect(serialBatches(hosts(3), parseSerial('2'))).toEqual([['h1', 'h2'], ['h3']]);
    expect(sizes(12, undefined)).toEqual([12]);
  });
  it('rejects what is not a count from 1 or a percentage up to 100', () => {
    for (const bad of ['0', '-1', '1,x', '150%', '', '2.5']) expect(parseSerial(bad)).toBeUndefined();
  });
});

describe('max_fail', () => {
  it('as a count: more failures than the count stop the roll', () => {
    expect(overMaxFail(0, 5, parseMaxFail('0')!)).toBe(false);
    expect(overMaxFail(1, 5, parseMaxFail('0')!)).toBe(true);
    expect(overMaxFail(2, 5, parseMaxFail('2')!)).toBe(false);
  });
  it("as a percentage of the batch (Ansible's failed / batch > percentage)", () => {
    expect(overMaxFail(1, 4, parseMaxFail('25%')!)).toBe(false);
    expect(overMaxFail(2, 4, parseMaxFail('25%')!)).toBe(true);
    expect(parseMaxFail('x')).toBeUndefined();
    expect(parseMaxFail('0%')).toEqual({ percent: 0 });
  });
});
