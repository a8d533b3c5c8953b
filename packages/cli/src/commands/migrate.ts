import type { Command } from 'commander';
import { configFromFlags, type ServerFlags } from './serve.ts';

export function registerMigrate(program: Command): void {
  program.command('migrate')
    .description('Apply database migrations and exit')
    .option('--data-dir <dir>', 'data directory (CARDEPASS_DATA_DIR, default ./data)')
    .option('--database-url <url>', 'PostgreSQL URL (DATABASE_URL)')
    .option('--json', 'print the result as JSON')
    .action(async (flags: ServerFlags & { json?: boolean }) => {
      // Loaded here rather than at the top: see serve.ts.
      const { openPlatform } = await import('@cardepass/server');
      const { store, migrations } = await openPlatform(await configFromFlags(flags));
      await store.close();
      if (flags.json) console.log(JSON.stringify({ ok: true, applied: migrations.applied }));
      else console.log(migrations.applied.length ? `Applied: ${migrations.applied.join(', ')}` : 'Database is up to date');
    });
}
