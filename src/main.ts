import { serve } from '@hono/node-server';
import { createApp } from './app';
import { boot } from './boot';
import { ConfigError, loadConfig } from './config/config';
import { DataDirLockedError } from './db/data-lock';
import { createLogger } from './lib/logger';

/** The only place that reads the environment and starts things. */
async function main() {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nSee .env.example for every variable and its meaning.\n`);
      process.exit(1);
    }
    throw e;
  }
  const log = createLogger(config.logLevel);
  const empty = process.argv.includes('--empty');
  const { deps, handle, search, mail } = await boot(config, log, { demo: config.demoData && !empty });
  const app = createApp(deps);
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const where = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`;
    process.stdout.write(`Stocktake is running at ${config.baseUrl}/ (database: ${where})\n`);
    log.info('listening', { port: info.port, host: config.host });
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    mail?.stop();
    server.close();
    // The index is written to its snapshot (if it changed) before the database closes.
    void search
      .close()
      .catch((e: unknown) => log.warn('search index snapshot could not be written', { error: String(e) }))
      .finally(() => void handle.close().finally(() => process.exit(0)));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  if (e instanceof DataDirLockedError) {
    process.stderr.write(`Stocktake could not start. ${e.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`Stocktake could not start: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
