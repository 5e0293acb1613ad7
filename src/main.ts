import { serve } from '@hono/node-server';
import { createApp } from './app';
import { boot } from './boot';
import { ConfigError, loadConfig } from './config/config';
import { environmentWithEnvFile } from './config/env-file';
import { DataDirLockedError } from './db/data-lock';
import { createLogger } from './lib/logger';
import { DEFAULT_LOCALE } from './i18n/locales';
import { hasAdministrator } from './modules/accounts/accounts.repository';
import { portProblem, portProblemMessage } from './lib/port';

/** The only place that reads the environment and starts things. */
async function main() {
  let config;
  try {
    config = loadConfig(environmentWithEnvFile(process.env, process.cwd()));
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nSee .env.example for every variable and its meaning.\n`);
      process.exit(1);
    }
    throw e;
  }
  const log = createLogger(config.logLevel);
  const empty = process.argv.includes('--empty');
  // Before the database: a taken port is said in one line, not after minutes of migrations and a stack.
  const problem = await portProblem(config.port, config.host);
  if (problem) {
    process.stderr.write(portProblemMessage(problem, config.port, config.host));
    process.exit(1);
  }
  const { deps, handle, search, indexStarted, mail, jobs } = await boot(config, log, { demo: config.demoData && !empty });
  const app = createApp(deps);
  void indexStarted.then(() => warmUp(app, log));
  // A new installation (`--empty`, or the demo turned off) has nobody who can sign in to run it.
  const firstAdmin = (await hasAdministrator(deps.db))
    ? ''
    : `No administrator yet. Create the first one with:\n  npm run user -- add --email you@example.org --name "Your Name" --role admin\n` +
      (config.databaseUrl ? '' : 'With the embedded database, stop the server first (Ctrl+C): one process at a time owns its data folder.\n');
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const where = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`;
    process.stdout.write(`Stocktake is running at ${config.baseUrl}/ (database: ${where})\n${firstAdmin}`);
    log.info('listening', { port: info.port, host: config.host });
  });
  // Taken between the check and here (another process was quicker): the same line, not a stack.
  server.once('error', (e: NodeJS.ErrnoException) => {
    process.stderr.write(portProblemMessage(e.code ?? 'EUNKNOWN', config.port, config.host));
    search.stop();
    mail?.stop();
    void (jobs?.stop(0) ?? Promise.resolve()).finally(() => void handle.close().finally(() => process.exit(1)));
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    mail?.stop();
    server.close();
    // The index is written to its snapshot (if it changed), and a running job is stopped and handed back
    // (another instance or the next start takes it), before the database closes.
    void Promise.all([
      search.close().catch((e: unknown) => log.warn('search index snapshot could not be written', { error: String(e) })),
      jobs?.stop(),
    ]).finally(() => void handle.close().finally(() => process.exit(0)));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * Once the index is ready, the home page and a search are asked for once, in process: the first visitors after a
 * start then do not pay for what a first request fills (the memory of published entries, the map's shapes, compiled
 * code). At 100,000 entries the first home page took 0.4 s, and every request that came meanwhile waited behind it.
 */
async function warmUp(app: ReturnType<typeof createApp>, log: ReturnType<typeof createLogger>): Promise<void> {
  const started = performance.now();
  for (const path of [`/${DEFAULT_LOCALE}/`, `/${DEFAULT_LOCALE}/search?q=digital`]) {
    try {
      const res = await app.request(path, { headers: { 'accept-encoding': 'gzip' } });
      await res.arrayBuffer();
      if (res.status !== 200) log.warn('warm-up request failed', { path, status: res.status });
    } catch (e) {
      log.warn('warm-up request failed', { path, error: String(e) });
    }
  }
  log.info('first pages ready', { ms: Math.round(performance.now() - started) });
}

main().catch((e: unknown) => {
  if (e instanceof DataDirLockedError) {
    process.stderr.write(`Stocktake could not start. ${e.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`Stocktake could not start: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
