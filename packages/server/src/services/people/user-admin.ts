import { sql, type RawBuilder, type Selectable, type Transaction } from 'kysely';
import { assignableRoles, isCustomerRole, type Role, type people } from '@cardepass/contract';
import type { Store } from '../../db/store.ts';
import type { DB, UsersTable } from '../../db/types.ts';
import { ApiError } from '../../lib/api-error.ts';
import { newUserId } from '../../lib/ids.ts';
import { auditInsert, type AuditOrigin } from '../audit/audit-log.ts';
import { createPasswordLink, type NewPasswordLink } from './password-links.ts';
import { emailKeyOf } from './users.ts';

/**
 * Managing users: an owner (or the admin key) manages everyone, a customer
 * admin its own customer's team. Every change runs in one transaction with its
 * audit row; a refused change writes nothing. Passwords, links and two-factor
 * secrets are the users service's (users.ts); this file never sees one.
 */
export type UserRow = Selectable<UsersTable>;

/** Who is managing: their role, their user id (null for the admin key) and their customer (null for operators). */
export interface Manager { role: Role; userId: string | null; customerId: string | null }

export function renderUser(row: UserRow): people.User {
  return {
    userId: row.id, email: row.email, name: row.name, role: row.role, customerId: row.customer_id, status: row.status,
    totpEnabled: row.totp_enabled_at !== null, passwordSet: row.password_hash !== null,
    lastSignInOn: row.last_sign_in_at === null ? null : new Date(row.last_sign_in_at).toISOString(),
    createdOn: new Date(row.created_at).toISOString(),
  };
}

type Trx = Transaction<DB>;
/** The rows of one statement in the transaction (Kysely's, so the password link joins it: see password-links.ts). */
const rowsOf = async <T>(trx: Trx, query: RawBuilder<T>): Promise<T[]> => (await query.execute(trx)).rows;

const notFound = (userId: string) => new ApiError('USER_NOT_FOUND', { userId });
const validation = (field: string, en: string, zh: string) => new ApiError('VALIDATION_FAILED', { field, reason: { en, zh } });

/** A customer admin manages its own customer's users only; others are answered as if they did not exist. */
const manages = (manager: Manager, row: UserRow) => manager.customerId === null || row.customer_id === manager.customerId;

export interface NewUser { email: string; name?: string; role: Role; customerId?: string }

/**
 * Creates a user with no password and its invitation link, together. The
 * customer of a customer role is the manager's own for a customer admin; an
 * operator names it. Duplicate e-mails lose to the unique index, so two
 * concurrent invitations of one address give one user and one 409.
 */
export async function createUserRecord(store: Store, manager: Manager, input: NewUser, origin: AuditOrigin): Promise<{ row: UserRow; link: NewPasswordLink }> {
  if (!assignableRoles(manager.role).includes(input.role)) throw new ApiError('ROLE_NOT_ASSIGNABLE', { role: input.role });
  const customerId = manager.customerId ?? input.customerId ?? null;
  if (manager.customerId !== null && input.customerId !== undefined && input.customerId !== manager.customerId) {
    throw new ApiError('CUSTOMER_NOT_FOUND', { customerId: input.customerId });
  }
  if (isCustomerRole(input.role) && customerId === null) throw validation('customerId', 'is required for a customer role', '客户角色必须指定');
  if (!isCustomerRole(input.role) && customerId !== null) throw validation('customerId', 'must be absent for an operator role', '运营方角色不能指定客户');
  try {
    return await store.db.transaction().execute(async (trx) => {
      if (customerId !== null) {
        const [customer] = await rowsOf(trx, sql<{ id: string }>`SELECT id FROM customers WHERE id = ${customerId}`);
        if (!customer) throw new ApiError('CUSTOMER_NOT_FOUND', { customerId });
      }
      const [row] = await rowsOf(trx, sql<UserRow>`
        INSERT INTO users (id, email, email_key, name, role, customer_id, created_by)
        VALUES (${newUserId()}, ${input.email}, ${emailKeyOf(input.email)}, ${input.name ?? null}, ${input.role}, ${customerId}, ${origin.actor.id})
        RETURNING *`);
      const link = await createPasswordLink(trx, row!.id, 'invite', origin.actor.id);
      await auditInsert(origin, { action: 'user.create', targetType: 'user', targetId: row!.id, customerId, after: renderUser(row!) }).execute(trx);
      return { row: row!, link };
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new ApiError('USER_EXISTS', { email: input.email });
    throw error;
  }
}

/** One user the manager may see (operators: any; customer users: their customer's). */
export async function visibleUser(store: Store, customerScope: string | null, userId: string): Promise<UserRow> {
  const row = await store.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!row || (customerScope !== null && row.customer_id !== customerScope)) throw notFound(userId);
  return row;
}

/**
 * Locks the user for a change by this manager: 404 when not theirs to manage.
 * Self-service goes through /me (password, two-factor) where the current
 * password or code is asked; here a stolen session must not mint itself a reset link.
 */
async function lockManaged(trx: Trx, manager: Manager, userId: string, refuseSelf: boolean): Promise<UserRow> {
  const [row] = await rowsOf(trx, sql<UserRow>`SELECT * FROM users WHERE id = ${userId} FOR UPDATE`);
  if (!row || !manages(manager, row)) throw notFound(userId);
  if (refuseSelf && row.id === manager.userId) throw new ApiError('USER_SELF_CHANGE');
  if (!assignableRoles(manager.role).includes(row.role)) throw notFound(userId);
  return row;
}

/** Ends every live session of the user, in the caller's transaction. */
const revokeSessions = (userId: string) => sql<{ token_hash: string }>`
  UPDATE user_sessions SET revoked_at = now() WHERE user_id = ${userId} AND revoked_at IS NULL RETURNING token_hash`;

export interface UserChanges { name?: string | null; role?: Role; status?: 'Active' | 'Disabled' }

/**
 * Name, role, status. Nobody changes their own role or disables themselves,
 * and the platform never loses its last active owner: every change that could
 * take an owner away first locks all owners' rows (always in id order, so two
 * concurrent demotions queue instead of deadlocking, and the second sees the first).
 */
export async function updateUserRecord(store: Store, manager: Manager, userId: string, changes: UserChanges, origin: AuditOrigin): Promise<UserRow> {
  if (changes.role !== undefined && !assignableRoles(manager.role).includes(changes.role)) throw new ApiError('ROLE_NOT_ASSIGNABLE', { role: changes.role });
  return store.db.transaction().execute(async (trx) => {
    // Only an operator manager can reach an owner; a customer admin's changes never need this lock.
    const touchesOwners = manager.customerId === null && (changes.role !== undefined || changes.status === 'Disabled');
    const owners = touchesOwners
      ? await rowsOf(trx, sql<{ id: string; status: string }>`SELECT id, status FROM users WHERE role = 'owner' ORDER BY id FOR UPDATE`)
      : [];
    const before = await lockManaged(trx, manager, userId, false);
    const role = changes.role ?? before.role;
    const status = changes.status ?? before.status;
    const name = changes.name === undefined ? before.name : changes.name;
    if (before.id === manager.userId && (role !== before.role || status !== before.status)) throw new ApiError('USER_SELF_CHANGE');
    if (isCustomerRole(role) !== isCustomerRole(before.role)) {
      throw validation('role', 'cannot move a user between operator and customer roles; create a new user', '不能在运营方角色与客户角色之间转换，请新建用户');
    }
    const losesOwner = before.role === 'owner' && before.status === 'Active' && (role !== 'owner' || status !== 'Active');
    if (losesOwner && !owners.some((owner) => owner.id !== before.id && owner.status === 'Active')) throw new ApiError('LAST_OWNER');
    // Nothing to change is no change: no write, no audit row.
    if (role === before.role && status === before.status && name === before.name) return before;
    const [after] = await rowsOf(trx, sql<UserRow>`UPDATE users SET name = ${name}, role = ${role}, status = ${status} WHERE id = ${userId} RETURNING *`);
    // A disabled user's sessions already fail (authenticate checks the status); revoking them
    // as well means enabling the user again does not bring a forgotten session back to life.
    if (status === 'Disabled' && before.status !== 'Disabled') await revokeSessions(userId).execute(trx);
    await auditInsert(origin, {
      action: 'user.update', targetType: 'user', targetId: userId, customerId: before.customer_id, before: renderUser(before), after: renderUser(after!),
    }).execute(trx);
    return after!;
  });
}

/**
 * An administrator's password reset: a new one-time link, every older unused
 * link of the user stops working, the user's sessions end (whoever holds one
 * may be why the reset was asked), and the audit row, in one transaction.
 * Refuses the manager's own account (see lockManaged).
 */
export async function resetUserPassword(store: Store, manager: Manager, userId: string, origin: AuditOrigin): Promise<{ row: UserRow; link: NewPasswordLink; sessionsEnded: number }> {
  return store.db.transaction().execute(async (trx) => {
    const row = await lockManaged(trx, manager, userId, true);
    await sql`UPDATE password_links SET expires_at = now() WHERE user_id = ${userId} AND used_at IS NULL AND expires_at > now()`.execute(trx);
    const link = await createPasswordLink(trx, userId, 'reset', origin.actor.id);
    const sessionsEnded = (await rowsOf(trx, revokeSessions(userId))).length;
    await auditInsert(origin, {
      action: 'user.password_reset', targetType: 'user', targetId: userId, customerId: row.customer_id, after: { linkExpiresOn: link.expiresAt, sessionsEnded },
    }).execute(trx);
    return { row, link, sessionsEnded };
  });
}

/** Signs the user out everywhere; answers how many sessions ended. */
export async function signOutUser(store: Store, manager: Manager, userId: string, origin: AuditOrigin): Promise<number> {
  return store.db.transaction().execute(async (trx) => {
    const row = await lockManaged(trx, manager, userId, false);
    const sessionsEnded = (await rowsOf(trx, revokeSessions(userId))).length;
    await auditInsert(origin, {
      action: 'user.sign_out_everywhere', targetType: 'user', targetId: userId, customerId: row.customer_id, after: { sessionsEnded },
    }).execute(trx);
    return sessionsEnded;
  });
}

/** Clears a lost authenticator: the user signs in with the password alone (and enrols again if the organisation requires it). */
export async function resetUserTotp(store: Store, manager: Manager, userId: string, origin: AuditOrigin): Promise<UserRow> {
  return store.db.transaction().execute(async (trx) => {
    const before = await lockManaged(trx, manager, userId, true);
    const [after] = await rowsOf(trx, sql<UserRow>`
      UPDATE users SET totp_secret_enc = NULL, totp_key_version = NULL, totp_enabled_at = NULL, totp_last_step = NULL, recovery_code_hashes = '{}'
      WHERE id = ${userId} RETURNING *`);
    await auditInsert(origin, {
      action: 'user.totp_reset', targetType: 'user', targetId: userId, customerId: before.customer_id,
      before: { totpEnabled: before.totp_enabled_at !== null }, after: { totpEnabled: false },
    }).execute(trx);
    return after!;
  });
}
