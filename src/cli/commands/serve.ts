// `opsbook serve`: serve a built manual on localhost.
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { serveDirectory } from '../../site/serve.ts';
import { parse } from '../args.ts';
import { UsageError } from '../io.ts';
import type { Command } from '../command.ts';

const help = `Usage: opsbook serve [options]

Serve a built manual (see \`opsbook build\`) until interrupted with Ctrl-C.

Options:
  --dir <dir>     the built site (default: dist)
  --port <n>      port (default: 4321; 0 picks a free one)
  --host <addr>   address to listen on (default: 127.0.0.1; 0.0.0.0 for every interface)
  -h, --help      show this help
`;

const command: Command = {
  summary: 'serve the built manual on localhost',
  help,
  async run(args, io) {
    const { values, positionals } = parse('serve', args, {
      dir: { type: 'string', default: 'dist' },
      port: { type: 'string', default: '4321' },
      host: { type: 'string', default: '127.0.0.1' },
    });
    if (positionals.length > 0) throw new UsageError(`Unexpected argument \`${positionals[0]}\``);
    const dir = resolve(io.cwd, values.dir);
    if (!existsSync(resolve(dir, 'index.html'))) throw new UsageError(`No built manual in \`${values.dir}\``, 'Run `opsbook build` first.');
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes a number from 0 to 65535, not \`${values.port}\``);
    const server = serveDirectory(dir);
    await new Promise<void>((ok, fail) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        fail(error.code === 'EADDRINUSE' ? new UsageError(`Port ${port} is in use`, 'Pass another with --port, or --port 0 for any free one.') : error),
      );
      server.listen(port, values.host, ok);
    });
    const address = server.address();
    const actual = typeof address === 'object' && address ? address.port : port;
    const shown = values.host === '0.0.0.0' || values.host === '::' ? 'localhost' : values.host.includes(':') ? `[${values.host}]` : values.host;
    io.stdout.write(`Serving the Operations Manual from ${relative(io.cwd, dir) || '.'}/ at http://${shown}:${actual}/\nPress Ctrl-C to stop.\n`);
    await new Promise<void>((ok) => {
      const stop = () => server.close(() => ok());
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};

export default command;
