import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { replaceSecretFile } from '../../lib/key-files.ts';
import type { Users } from './users.ts';

export const OWNER_PASSWORD_FILE = 'owner.password';

/**
 * The first start's owner, for the start-up banner: created when the database
 * has no user at all, its generated password saved 0600 in the data directory
 * (like admin.key) and returned in the banner's lines this once. Later starts
 * only say where the file is, while it exists. Never through the logger.
 */
export async function bootstrapOwner(users: Users, options: { ownerEmail: string; dataDir: string }): Promise<string[]> {
  const file = path.join(options.dataDir, OWNER_PASSWORD_FILE);
  const lines: string[] = [];
  const created = await users.ensureOwner(options.ownerEmail);
  if (created) {
    let saved: string;
    try {
      mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
      saved = `also saved in ${replaceSecretFile(options.dataDir, OWNER_PASSWORD_FILE, created.password)}`;
    } catch (error) {
      // A read-only data directory (PostgreSQL deployments may not need one) must not stop the start:
      // the banner is then the only copy, and says so.
      saved = `not saved: ${(error as Error).message}; note it now`;
    }
    lines.push(`  Owner:         ${created.email}`, `  Owner password: ${created.password}   (${saved})`);
  } else if (existsSync(file)) {
    lines.push(`  Owner password: in ${file}`);
  }
  return lines;
}
