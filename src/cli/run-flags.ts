// The flags of `opsbook run`, parsed one way for the command and the modules that read them.
import { parse } from './args.ts';

export function parseRun(args: string[]) {
  return parse('run', args, {
    param: { type: 'string', multiple: true, default: [] as string[] },
    'secret-env': { type: 'string', multiple: true, default: [] as string[] },
    'secret-file': { type: 'string', multiple: true, default: [] as string[] },
    yes: { type: 'boolean', short: 'y', default: false },
    'dry-run': { type: 'boolean', default: false },
    from: { type: 'string' },
    only: { type: 'string' },
    timeout: { type: 'string' },
    'rollback-on-failure': { type: 'boolean', default: false },
    operator: { type: 'string' },
    'override-tier': { type: 'boolean', default: false },
    reason: { type: 'string' },
    resume: { type: 'string' },
    wait: { type: 'boolean', default: false },
    'accept-changes': { type: 'boolean', default: false },
    'log-dir': { type: 'string' },
    root: { type: 'string', default: 'runbooks' },
    inventory: { type: 'string' },
    hosts: { type: 'string' },
    forks: { type: 'string', default: '10' },
    'ssh-config': { type: 'string' },
    'signing-key': { type: 'string' },
  });
}

export type RunValues = ReturnType<typeof parseRun>['values'];
