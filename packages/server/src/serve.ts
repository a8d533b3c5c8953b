import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { openPlatform } from './bootstrap.ts';
import { buildApp } from './app.ts';
import { seedIfEmpty } from './seed.ts';
import { WorkerLoop } from './worker/loop.ts';
import { stopPlatform } from './ops/shutdown.ts';
import { WebhookDeliverer } from './services/webhooks/delivery-worker.ts';
import { bootstrapOwner } from './services/people/owner-bootstrap.ts';

export interface RunningPlatform { app: FastifyInstance; url: string; stop(): Promise<void> }

/** `cardepass serve`: migrate, seed an empty store, listen, run the worker loop; stops cleanly on SIGINT/SIGTERM. */
export async function serve(config: Config, print: (line: string) => void = console.log): Promise<RunningPlatform> {
  const { store, keys } = await openPlatform(config);
  const app = await buildApp({ config, store, keys }).catch(async (error: unknown) => { await store.close(); throw error; });
  const seeded = config.seed ? await seedIfEmpty(app.ctx, config.dataDir) : null;
  const worker = config.role === 'api' ? null : new WorkerLoop(app.ctx.executor, config.workerPollMs, app.log, () => app.ctx.transactions.expireDue());
  const deliverer = config.role === 'api' ? null : new WebhookDeliverer({
    store, dataKeys: app.ctx.keys.dataKeys, config, log: app.log, onOutcome: (outcome) => app.metrics.webhookAttempt(outcome),
  });
  // The console's first owner (a process that serves no HTTP leaves it to one that does), made before the port
  // opens so that a client that sees the server answer also finds the banner complete. Printed, never logged.
  const ownerLines = config.role === 'worker' ? [] : await bootstrapOwner(app.ctx.users, { ownerEmail: config.ownerEmail, dataDir: config.dataDir })
    .catch(async (error: unknown) => { await app.close(); await store.close(); throw error; });
  let url = '';
  // A port in use (or not ours to take) leaves nothing open behind it: the CLI then says why in one line.
  if (config.role !== 'worker') url = await app.listen({ host: config.host, port: config.port }).catch(async (error: unknown) => { await app.close(); await store.close(); throw error; });
  else await app.ready();
  worker?.start();
  deliverer?.start();

  const base = `${url}${config.basePath}`;
  print(`Cardepass ${config.environment} — ${config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`}, role ${config.role}`);
  if (url) print(`  API base URL:  ${base}   (token: POST ${base}/connect/token, admin: ${url}/admin/v1)`);
  // Only a key the platform generated just now, and only when it became the database's key: an operator's own
  // key (CARDEPASS_ADMIN_KEY, or an admin.key they wrote) is never echoed, nor a fresh file a rotated database refuses.
  if (keys.adminKeyCreated && app.ctx.keyring.adminKeyAtStart === 'seeded') print(`  Admin key:     ${keys.adminKey}`);
  // A key file made earlier (by `cardepass migrate`) that this start put in force: where to find it, not the key.
  else if (keys.adminKeySource === 'file' && app.ctx.keyring.adminKeyAtStart === 'seeded') print(`  Admin key:     in ${path.join(config.dataDir, 'admin.key')}`);
  if (url) print(`  Console:       ${url}/console`);
  for (const line of ownerLines) print(line);
  if (seeded) {
    print(`  Demo customer: ${seeded.customerId}`);
    print(`    client_id:     ${seeded.clientId}`);
    print(`    client_secret: ${seeded.clientSecret}`);
    if (seeded.credentialsFile) print(`    (also saved in ${seeded.credentialsFile})`);
  }

  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= stopPlatform({ app, worker, deliverer, store, shutdownTimeoutMs: config.shutdownTimeoutMs }));
  return { app, url, stop };
}
