// What the manual says of a fleet step: its hosts word by word, from the parameter or the
// org's inventory, the batches the runner would cut with the defaults, and the rolling
// attributes in words.
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../src/fleet/inventory.ts';
import { siteFleet } from '../../src/site/fleet.ts';
import { maxFailText, serialText } from '../../site/lib/format.ts';

const { inventory } = parseInventory(
  'all:\n  children:\n    stores:\n      children:\n        dc1:\n          hosts:\n            mbx[01:04].dc1:\n        dc2:\n          hosts:\n            mbx[01:02].dc2:\n',
  'yaml',
);

describe('siteFleet', () => {
  it('names the groups with their hosts, the excluded ones too, and cuts the batches as the runner does', () => {
    const fleet = siteFleet({ hosts: '@stores !@dc2', serial: '1,50%', maxFail: '10%', pause: '30s', confirm: true }, [], inventory);
    expect(fleet?.parts).toEqual([
      { kind: 'group', name: 'stores', hosts: ['mbx01.dc1', 'mbx02.dc1', 'mbx03.dc1', 'mbx04.dc1', 'mbx01.dc2', 'mbx02.dc2'], excluded: false },
      { kind: 'group', name: 'dc2', hosts: ['mbx01.dc2', 'mbx02.dc2'], excluded: true },
    ]);
    // 50 % of 4 hosts is 2, after the canary: 1, 2, then the last size again.
    expect(fleet?.batches).toEqual([['mbx01.dc1'], ['mbx02.dc1', 'mbx03.dc1'], ['mbx04.dc1']]);
  });

  it('takes a parameter’s hosts from its default, and shows no batches when it has none', () => {
    const params = [{ name: 'PROXY_HOSTS', description: 'The proxies', default: 'prx1 prx2' }];
    const fleet = siteFleet({ hosts: '$PROXY_HOSTS', serial: '1', confirm: false }, params, undefined);
    expect(fleet?.parts).toEqual([{ kind: 'param', name: 'PROXY_HOSTS', description: 'The proxies', excluded: false }]);
    expect(fleet?.batches).toEqual([['prx1'], ['prx2']]);
    expect(siteFleet({ hosts: '$PROXY_HOSTS', confirm: false }, [{ name: 'PROXY_HOSTS', description: 'The proxies' }], undefined)?.batches).toBeUndefined();
    expect(siteFleet({ confirm: false }, params, undefined)).toBeUndefined();
  });
});

describe('fleet attributes in words', () => {
  it('says the batch sizes', () => {
    expect(serialText(undefined)).toBe('all the hosts in one batch (at most 10 connections at a time, --forks)');
    expect(serialText('1')).toBe('one host at a time');
    expect(serialText('25%')).toBe('25 % of the hosts at a time');
    expect(serialText('1,5,25%')).toBe('batches of 1 host, then 5 hosts, then 25 % of the hosts; the last size repeats until every host has run');
  });
  it('says when the roll stops', () => {
    expect(maxFailText(undefined)).toMatch(/^the roll stops after a batch in which any host fails /);
    expect(maxFailText('2')).toMatch(/in which more than 2 hosts fail /);
    expect(maxFailText('10%')).toMatch(/in which more than 10 % of its hosts fail /);
  });
});
