import type { Store } from '../db/store.ts';
import { MIGRATIONS } from '../db/migrate.ts';
import { withTimeout } from './timeout.ts';

export type Readiness = { ready: true } | { ready: false; reason: string };

/**
 * Whether this process can serve: the database answers, and every migration
 * this code ships is applied (a process started before `cardepass migrate`
 * finished, or against a restored older database, must not take traffic).
 * Migrations the database has beyond ours do not make it unready: during a
 * rolling upgrade the old processes keep serving the additive new schema.
 * Bounded by timeout_ms: a database that does not answer is unreachable.
 */
export async function checkReadiness(store: Store, timeout_ms: number): Promise<Readiness> {
  let applied: Set<number>;
  try {
    const { rows } = await withTimeout(store.query<{ version: number }>('SELECT version FROM schema_migrations'), timeout_ms);
    applied = new Set(rows.map((row) => Number(row.version)));
  } catch (error) {
    const e = error as { code?: string; message?: string };
    // undefined_table: reachable, but never migrated.
    if (e.code === '42P01') return { ready: false, reason: `migrations pending: ${MIGRATIONS.map(name).join(', ')}` };
    return { ready: false, reason: `database unreachable: ${describe(e)}` };
  }
  const pending = MIGRATIONS.filter((m) => !applied.has(m.version));
  return pending.length === 0 ? { ready: true } : { ready: false, reason: `migrations pending: ${pending.map(name).join(', ')}` };
}

const name = (m: { version: number; name: string }) => `${m.version}_${m.name}`;

/** The driver's message, with its code when it has one (ECONNREFUSED, 57P01 …); never the URL, which may carry a password. */
function describe(e: { code?: string; message?: string }): string {
  const message = (e.message ?? String(e)).replace(/postgres(ql)?:\/\/\S+/g, 'postgres://…');
  return e.code && !message.includes(e.code) ? `${message} (${e.code})` : message;
}
