import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { openPlatform } from './bootstrap.ts';
import { buildApp } from './app.ts';
import { seedIfEmpty } from './seed.ts';
import { WorkerLoop } from './worker/loop.ts';

export interface RunningPlatform { app: FastifyInstance; url: string; stop(): Promise<void> }

/** `cardepass serve`: migrate, seed an empty store, listen, run the worker loop; stops cleanly on SIGINT/SIGTERM. */
export async function serve(config: Config, print: (line: string) => void = console.log): Promise<RunningPlatform> {
  const { store, keys } = await openPlatform(config);
  const app = await buildApp({ config, store, keys });
  const seeded = config.seed ? await seedIfEmpty(app.ctx, config.dataDir) : null;
  const worker = config.role === 'api' ? null : new WorkerLoop(app.ctx.executor, config.workerPollMs, app.log, () => app.ctx.transactions.expireDue());
  let url = '';
  if (config.role !== 'worker') url = await app.listen({ host: config.host, port: config.port });
  else await app.ready();
  worker?.start();

  const base = `${url}${config.basePath}`;
  print(`Cardepass ${config.environment} — ${config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`}, role ${config.role}`);
  if (url) print(`  API base URL:  ${base}   (token: POST ${base}/connect/token, admin: ${url}/admin/v1)`);
  if (keys.adminKeyCreated || seeded) print(`  Admin key:     ${keys.adminKey}`);
  if (seeded) {
    print(`  Demo customer: ${seeded.customerId}`);
    print(`    client_id:     ${seeded.clientId}`);
    print(`    client_secret: ${seeded.clientSecret}`);
    if (seeded.credentialsFile) print(`    (also saved in ${seeded.credentialsFile})`);
  }

  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= (async () => {
    await app.close();
    await worker?.stop();
    await store.close();
  })());
  return { app, url, stop };
}
