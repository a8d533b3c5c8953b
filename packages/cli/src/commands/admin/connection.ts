// Where `cardepass admin` finds its server and admin key, and the context each
// action builds from them. Kept apart from index.ts so the command files can
// import it without an import cycle through the registration.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { AdminClient, AdminConnectionError } from '../../admin-client.ts';

interface ConnectionFlags { url: string; adminKey?: string; json?: boolean }

/** What every admin action needs: a client for the server and whether to print JSON. */
/** keyFile: the admin.key file the key was read from, when it came from one (a rotation rewrites it). */
export interface AdminContext { client: AdminClient; json: boolean; keyFile: string | null }

/** The options every admin command takes; defined once, on `admin`. */
export function addConnectionOptions(command: Command): Command {
  return command
    .addOption(new Option('--url <url>', 'server base URL').env('CARDEPASS_URL').default('http://127.0.0.1:8080'))
    .addOption(new Option('--admin-key <key>', 'admin key (else ./data/admin.key or $CARDEPASS_DATA_DIR/admin.key)').env('CARDEPASS_ADMIN_KEY'))
    .option('--json', "print the API's data as JSON");
}

/**
 * The key files `cardepass serve` writes: in $CARDEPASS_DATA_DIR when set,
 * else ./data (the server's defaults). Both are tried, so an operator with
 * CARDEPASS_DATA_DIR set for another installation still finds ./data.
 */
function adminKeyFiles(): string[] {
  const dirs = [process.env.CARDEPASS_DATA_DIR, 'data'].filter((dir): dir is string => Boolean(dir));
  return [...new Set(dirs.map((dir) => path.resolve(dir, 'admin.key')))];
}

/** --admin-key, else CARDEPASS_ADMIN_KEY (commander applies both), else the first key file that exists. */
function resolveAdminKey(flag: string | undefined): { key: string; file: string | null } {
  if (flag) return { key: flag, file: null };
  for (const file of adminKeyFiles()) {
    if (!existsSync(file)) continue;
    const key = readFileSync(file, 'utf8').trim();
    if (key) return { key, file };
  }
  throw new AdminConnectionError(
    `no admin key: pass --admin-key, set CARDEPASS_ADMIN_KEY, or run where the server's data directory has admin.key (looked in ${adminKeyFiles().join(', ')})`,
  );
}

/** Called by each action with its own Command: the options of `admin` merged with the action's. */
export function adminContext(command: Command): AdminContext {
  const flags = command.optsWithGlobals<ConnectionFlags>();
  const { key, file } = resolveAdminKey(flags.adminKey);
  return { client: new AdminClient(flags.url, key), json: Boolean(flags.json), keyFile: file };
}
