// Whether the org requires every run to be signed (`policy.require_signed_runs` in org.yaml).
import type { Org } from '../model.ts';
import { record } from '../parse/values.ts';

export function requireSignedRuns(org: Pick<Org, 'raw'>): boolean {
  return record(org.raw.policy).require_signed_runs === true;
}
