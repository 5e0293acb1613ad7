import { createServer } from 'node:net';

/**
 * Whether `port` on `host` can be listened on now: tried before the database is opened and migrated,
 * so a taken port stops the start at once rather than after the migrations. Resolves with the error
 * code (`EADDRINUSE`, `EACCES`, …) when it cannot, or null.
 */
export function portProblem(port: number, host: string): Promise<string | null> {
  if (port === 0) return Promise.resolve(null);
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'EUNKNOWN'));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(null)));
  });
}

/** The one line an operator reads when the port cannot be used, naming it and how to choose another. */
export function portProblemMessage(code: string, port: number, host: string): string {
  const why = code === 'EADDRINUSE' ? 'is already in use' : code === 'EACCES' ? 'needs privileges this user lacks' : `cannot be used (${code})`;
  return `Stocktake could not start: port ${port} on ${host} ${why}. Stop what holds it, or choose another port, e.g. PORT=${port === 65535 ? 3000 : port + 1} npm start (or PORT in .env).\n`;
}
