import type { Kysely, Selectable, Transaction } from 'kysely';
import { sql } from 'kysely';
import { isCustomerRole } from '@cardepass/contract';
import type { DB, UsersTable } from '../../db/types.ts';
import type { Store } from '../../db/store.ts';
import { ApiError } from '../../lib/api-error.ts';
import { randomToken } from '../../lib/crypto.ts';
import { newUserId } from '../../lib/ids.ts';
import { recordAudit, type AuditOrigin } from '../audit/audit-log.ts';
import type { DataKeyring } from '../keys/data-keyring.ts';
import { DUMMY_PASSWORD_HASH, checkPasswordPolicy, hashPassword, verifyPassword } from './passwords.ts';
import { acceptedTotpStep, normalizeRecoveryCode, openTotpSecret } from './totp.ts';
import { consumePasswordLink, createPasswordLink, type NewPasswordLink, type PasswordLinkPurpose } from './password-links.ts';
import { TotpEnrolments } from './totp-enrolment.ts';

export type UserRow = Selectable<UsersTable>;

/** How a sign-in attempt ended. Only 'failed' and 'totp_invalid' count against the throttle. */
export type SignInOutcome =
  | { kind: 'failed' }
  | { kind: 'totp_required' }
  | { kind: 'totp_invalid' }
  | { kind: 'signed_in'; user: UserRow; secondFactor: 'none' | 'totp' | 'recovery_code' };

/** The sign-in name as stored in users.email_key: addresses are compared without regard to case. */
export const emailKeyOf = (email: string) => email.trim().toLowerCase();

/**
 * Users of the console and the operator API: sign-in (password, then TOTP or a
 * recovery code), password changes, one-time password links, two-factor
 * enrolment (this.totp), and the owner created on a first start.
 */
export class Users {
  readonly totp: TotpEnrolments;

  constructor(private readonly store: Store, private readonly dataKeys: DataKeyring) {
    this.totp = new TotpEnrolments(store, dataKeys, this);
  }

  async get(userId: string): Promise<UserRow> {
    const row = await this.store.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
    if (!row) throw new ApiError('USER_NOT_FOUND', { userId });
    return row;
  }

  /**
   * Checks a sign-in. An unknown address, a disabled user and a user without a
   * password yet all cost one scrypt verification and answer 'failed', so
   * neither the answer nor its timing says which addresses have accounts.
   */
  async authenticate(email: string, password: string, totpCode?: string, recoveryCode?: string): Promise<SignInOutcome> {
    const row = await this.store.db.selectFrom('users').selectAll().where('email_key', '=', emailKeyOf(email)).executeTakeFirst();
    const valid = await verifyPassword(password, row?.password_hash ?? DUMMY_PASSWORD_HASH);
    if (!row || !valid || !row.password_hash || row.status !== 'Active') return { kind: 'failed' };
    if (!row.totp_enabled_at) return { kind: 'signed_in', user: row, secondFactor: 'none' };
    if (totpCode) return (await this.acceptTotpCode(row, totpCode)) ? { kind: 'signed_in', user: row, secondFactor: 'totp' } : { kind: 'totp_invalid' };
    if (recoveryCode) return (await this.useRecoveryCode(row, recoveryCode)) ? { kind: 'signed_in', user: row, secondFactor: 'recovery_code' } : { kind: 'totp_invalid' };
    return { kind: 'totp_required' };
  }

  /**
   * Whether a code of the user's enabled authenticator is right and not used
   * before; when it is, its step is recorded in the same conditional UPDATE, so
   * two requests with one code cannot both pass.
   */
  async acceptTotpCode(row: UserRow, code: string): Promise<boolean> {
    if (!row.totp_secret_enc || row.totp_key_version === null || !row.totp_enabled_at) return false;
    const secret = await openTotpSecret(this.dataKeys, row.id, { encrypted: row.totp_secret_enc, keyVersion: row.totp_key_version });
    const step = acceptedTotpStep(secret, code, row.totp_last_step === null ? null : BigInt(row.totp_last_step));
    if (step === null) return false;
    const result = await this.store.db.updateTable('users').set({ totp_last_step: step.toString() }).where('id', '=', row.id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step.toString())])).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Spends one recovery code: it is removed from the stored hashes, so it works once. */
  private async useRecoveryCode(row: UserRow, code: string): Promise<boolean> {
    const normalized = normalizeRecoveryCode(code);
    for (const hash of row.recovery_code_hashes) {
      if (!(await verifyPassword(normalized, hash))) continue;
      const result = await this.store.db.updateTable('users').set({ recovery_code_hashes: sql`array_remove(recovery_code_hashes, ${hash})` })
        .where('id', '=', row.id).where(sql<boolean>`${hash} = ANY(recovery_code_hashes)`).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    }
    return false;
  }

  /** Whether the user's organisation requires two-factor: operators by setting, customer users by their customer. */
  async organisationRequiresTotp(user: Pick<UserRow, 'role' | 'customer_id'>): Promise<boolean> {
    if (isCustomerRole(user.role) && user.customer_id) {
      const customer = await this.store.db.selectFrom('customers').select('require_totp').where('id', '=', user.customer_id).executeTakeFirst();
      return customer?.require_totp === true;
    }
    const setting = await this.store.db.selectFrom('settings').select('value').where('key', '=', 'operators.require_totp').executeTakeFirst();
    return setting?.value === 'true';
  }

  /** A successful sign-in: the time on the user, and the audit row `session.sign_in` (never a secret), together. */
  async recordSignIn(user: UserRow, origin: AuditOrigin, secondFactor: string): Promise<Date> {
    return this.store.db.transaction().execute(async (trx) => {
      const updated = await trx.updateTable('users').set({ last_sign_in_at: sql`now()` }).where('id', '=', user.id).returning('last_sign_in_at').executeTakeFirstOrThrow();
      await recordAudit(trx, origin, {
        action: 'session.sign_in', targetType: 'user', targetId: user.id, customerId: user.customer_id,
        after: { secondFactor, remainingRecoveryCodes: secondFactor === 'recovery_code' ? Math.max(0, user.recovery_code_hashes.length - 1) : undefined },
      });
      return new Date(updated.last_sign_in_at!);
    });
  }

  /**
   * Changes a signed-in user's own password. A wrong current password is a
   * failed credential (the caller counts it); the new one must pass the policy.
   * Every other session of the user ends; the one that asked stays.
   */
  async changePassword(userId: string, currentPassword: string, newPassword: string, keepTokenHash: string, origin: AuditOrigin): Promise<{ sessionsEnded: number } | 'wrong_password'> {
    const row = await this.get(userId);
    if (!row.password_hash || !(await verifyPassword(currentPassword, row.password_hash))) return 'wrong_password';
    await checkPasswordPolicy(newPassword, row.email, 'newPassword');
    if (await verifyPassword(newPassword, row.password_hash)) {
      throw new ApiError('PASSWORD_TOO_WEAK', { field: 'newPassword', reason: { en: 'it is your current password', zh: '与当前密码相同' } });
    }
    const passwordHash = await hashPassword(newPassword);
    return this.store.db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ password_hash: passwordHash, password_changed_at: sql`now()` }).where('id', '=', userId).execute();
      const ended = await trx.updateTable('user_sessions').set({ revoked_at: sql`now()` })
        .where('user_id', '=', userId).where('revoked_at', 'is', null).where('token_hash', '<>', keepTokenHash).executeTakeFirst();
      await recordAudit(trx, origin, { action: 'user.password_change', targetType: 'user', targetId: userId, customerId: row.customer_id });
      return { sessionsEnded: Number(ended.numUpdatedRows) };
    });
  }

  /** Ends every session of the user, the caller's too, with the audit row `session.sign_out_everywhere` in the same transaction. */
  async signOutEverywhere(userId: string, customerId: string | null, origin: AuditOrigin): Promise<number> {
    return this.store.db.transaction().execute(async (trx) => {
      const ended = await trx.updateTable('user_sessions').set({ revoked_at: sql`now()` })
        .where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
      const sessionsEnded = Number(ended.numUpdatedRows);
      await recordAudit(trx, origin, { action: 'session.sign_out_everywhere', targetType: 'user', targetId: userId, customerId, after: { sessionsEnded } });
      return sessionsEnded;
    });
  }

  /** A one-time link to set the user's password (see password-links.ts); pass the transaction of the change that asked. */
  createPasswordLink(userId: string, purpose: PasswordLinkPurpose, createdBy: string, db: Kysely<DB> | Transaction<DB> = this.store.db): Promise<NewPasswordLink> {
    return createPasswordLink(db, userId, purpose, createdBy);
  }

  /** Sets a password through a one-time link (400 RESET_LINK_INVALID, 400 PASSWORD_TOO_WEAK); answers the user's id. */
  consumePasswordLink(token: string, password: string, ip: string | null = null, responseId: string | null = null): Promise<string> {
    return consumePasswordLink(this.store, token, password, ip, responseId);
  }

  /**
   * The first start's owner: created only when there is no user at all, with a
   * generated password answered this once (the caller saves it 0600 and prints
   * it). Two processes starting together on one database create one owner: the
   * insert is conditional and the address unique.
   */
  async ensureOwner(email: string): Promise<{ userId: string; email: string; password: string } | null> {
    // Every later start ends here, without spending a hash on a password it would not use.
    if (await this.store.db.selectFrom('users').select('id').limit(1).executeTakeFirst()) return null;
    const password = randomToken(18);
    const passwordHash = await hashPassword(password);
    const userId = newUserId();
    const created = await this.store.db.transaction().execute(async (trx) => {
      const inserted = await sql<{ id: string }>`INSERT INTO users (id, email, email_key, role, password_hash, password_changed_at, created_by)
        SELECT ${userId}, ${email}, ${emailKeyOf(email)}, 'owner', ${passwordHash}, now(), 'system'
        WHERE NOT EXISTS (SELECT 1 FROM users) ON CONFLICT (email_key) DO NOTHING RETURNING id`.execute(trx);
      if (inserted.rows.length === 0) return false;
      await recordAudit(trx, { actor: { type: 'system', id: 'bootstrap', label: 'first start' }, ip: null, responseId: null }, {
        action: 'user.create', targetType: 'user', targetId: userId, after: { email, role: 'owner' },
      });
      return true;
    });
    return created ? { userId, email, password } : null;
  }
}
