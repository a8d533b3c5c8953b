import type { Command } from 'commander';
// Type-only: the server (Fastify, PGlite, pg…) is loaded when serve or migrate
// runs, so `cardepass admin …`, which only speaks HTTP, starts without it.
import type { Config } from '@cardepass/server';

export interface ServerFlags { dataDir?: string; port?: string; host?: string; databaseUrl?: string; role?: string; seed?: boolean }

/** Flags override the environment: --data-dir, --port, --host, --database-url, --role, --no-seed. */
export async function configFromFlags(flags: ServerFlags): Promise<Config> {
  const { loadConfig } = await import('@cardepass/server');
  const env = { ...process.env };
  if (flags.dataDir) env.CARDEPASS_DATA_DIR = flags.dataDir;
  if (flags.port) env.PORT = flags.port;
  if (flags.host) env.HOST = flags.host;
  if (flags.databaseUrl) env.DATABASE_URL = flags.databaseUrl;
  if (flags.role) env.CARDEPASS_ROLE = flags.role;
  if (flags.seed === false) env.CARDEPASS_SEED = 'false';
  return loadConfig(env);
}

export function registerServe(program: Command): void {
  program.command('serve')
    .description('Start the platform (API and worker); embedded PGlite unless DATABASE_URL is set')
    .option('--data-dir <dir>', 'data directory (CARDEPASS_DATA_DIR, default ./data)')
    .option('--port <port>', 'HTTP port (PORT, default 8080)')
    .option('--host <host>', 'listen address (HOST, default 127.0.0.1)')
    .option('--database-url <url>', 'PostgreSQL URL (DATABASE_URL)')
    .option('--role <role>', 'all | api | worker (CARDEPASS_ROLE, default all)')
    .option('--no-seed', 'do not seed demo products and a demo customer into an empty store')
    .action(async (flags: ServerFlags) => {
      const { serve, describeStartupError, exitOnSignals, tuneHeapGrowth } = await import('@cardepass/server');
      const config = await configFromFlags(flags);
      tuneHeapGrowth(config.heapGrowthPercent);
      let running: Awaited<ReturnType<typeof serve>>;
      try {
        running = await serve(config);
      } catch (error) {
        // One line that names the problem and the fix; the full error only when asked for (LOG_LEVEL=debug).
        console.error(describeStartupError(error, config));
        if (['debug', 'trace'].includes(config.logLevel)) console.error(error);
        process.exit(1);
      }
      const log = running.app.log;
      exitOnSignals({
        stop: () => running.stop(),
        timeout_ms: config.shutdownTimeoutMs,
        log: { info: (message) => log.info(message), error: (message) => log.error(message) },
        exit: (code) => process.exit(code),
      });
    });
}
