// Worker threads start here: load TypeScript through tsx, as bin/opsbook.js does.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
