// The on-call rules say one thing once: a missing or malformed value is the schema's
// diagnostic; a well-formed date that does not exist, the rule's.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrg } from '../../src/catalog.ts';

function diagnostics(org: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'opsbook-oncall-rules-'));
  writeFileSync(join(dir, 'org.yaml'), org);
  return loadOrg(join(dir, 'org.yaml'), dir).diagnostics.map((d) => `${d.line}:${d.column} ${d.ruleId}`);
}

const org = (away: string, rotation: string) => `people:
  - { id: ann, name: Ann, contact: {}, away: [ ${away} ] }
teams:
  - { id: ops, name: Ops, tier: II, members: [ann], contact: {}, coverage: [], rotation: ${rotation} }
services: []
`;
const good = '{ members: [ann], length: 1w, handoff: { day: mon, time: "09:00", tz: UTC }, start: 2026-11-02 }';

describe('on-call rules beside the schema', () => {
  it('accept a good absence and rotation', () => {
    expect(diagnostics(org('{ from: 2026-12-24, to: 2026-12-24 }', good))).toEqual([]);
  });
  it('leave a missing `to` and a malformed date to the schema', () => {
    expect(diagnostics(org('{ from: 2026-12-24 }', good))).toEqual(['2:48 schema-required']);
    expect(diagnostics(org('{ from: 24.12.2026, to: 2026-12-24 }', good))).toEqual(['2:56 schema-pattern']);
  });
  it('report a date that does not exist, and a rotation starting off its handoff day, at the value', () => {
    expect(diagnostics(org('{ from: 2026-12-24, to: 2026-12-32 }', good))).toEqual(['2:72 oncall-period-invalid']);
    expect(diagnostics(org('{ from: 2026-12-24, to: 2026-12-24 }', good.replace('2026-11-02', '2026-11-03')))).toEqual(['4:174 rotation-handoff-invalid']);
    expect(diagnostics(org('{ from: 2026-12-24, to: 2026-12-24 }', good.replace('day: mon', 'day: monday')))).toEqual(['4:136 schema-enum']);
  });
  it('report an override that ends before it starts once, not also as overlapping the next', () => {
    const overrides = `people:
  - { id: ann, name: Ann, contact: {} }
teams:
  - id: ops
    name: Ops
    tier: II
    members: [ann]
    contact: {}
    coverage: []
    overrides:
      - { person: ann, from: "2026-12-24T09:00", to: "2026-12-24T08:00", tz: UTC }
      - { person: ann, from: "2026-12-24T07:00", to: "2026-12-26T09:00", tz: UTC }
services: []
`;
    expect(diagnostics(overrides)).toEqual(['11:54 oncall-period-invalid']);
  });
});
