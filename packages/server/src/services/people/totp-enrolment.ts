import { sql } from 'kysely';
import type { Store } from '../../db/store.ts';
import { ApiError } from '../../lib/api-error.ts';
import { recordAudit, type AuditOrigin } from '../audit/audit-log.ts';
import type { DataKeyring } from '../keys/data-keyring.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { acceptedTotpStep, newRecoveryCodes, newTotpSecret, normalizeRecoveryCode, openTotpSecret, sealTotpSecret, totpEnrolment } from './totp.ts';
import type { Users } from './users.ts';

export interface TotpEnrolmentStart { secret: string; otpauthUri: string; qrSvg: string }

/**
 * A user's own two-factor enrolment: start (a new secret, stored sealed but not
 * yet in force), confirm with a first code (in force; ten recovery codes answered
 * once), and disable (password and a current code, unless the organisation requires it).
 */
export class TotpEnrolments {
  constructor(private readonly store: Store, private readonly dataKeys: DataKeyring, private readonly users: Users) {}

  /** A new pending secret, replacing any earlier unconfirmed one. 409 TOTP_ALREADY_ENABLED while one is in force. */
  async start(userId: string): Promise<TotpEnrolmentStart> {
    const row = await this.users.get(userId);
    if (row.totp_enabled_at) throw new ApiError('TOTP_ALREADY_ENABLED');
    const secret = newTotpSecret();
    const sealed = await sealTotpSecret(this.dataKeys, userId, secret);
    // Not audited: nothing is in force until confirm, which is (user.totp_enable).
    const result = await this.store.db.updateTable('users').set({ totp_secret_enc: sealed.encrypted, totp_key_version: sealed.keyVersion })
      .where('id', '=', userId).where('totp_enabled_at', 'is', null).executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new ApiError('TOTP_ALREADY_ENABLED');
    return totpEnrolment(secret, row.email);
  }

  /**
   * Puts the pending secret in force when the code is right for it. Answers the
   * ten recovery codes (only their scrypt hashes are kept). The code's step is
   * recorded, so the same code cannot also sign in. Audit row `user.totp_enable`.
   */
  async confirm(userId: string, code: string, origin: AuditOrigin): Promise<string[]> {
    const row = await this.users.get(userId);
    if (row.totp_enabled_at) throw new ApiError('TOTP_ALREADY_ENABLED');
    if (!row.totp_secret_enc || row.totp_key_version === null) throw new ApiError('TOTP_NOT_SET_UP');
    const secret = await openTotpSecret(this.dataKeys, userId, { encrypted: row.totp_secret_enc, keyVersion: row.totp_key_version });
    const step = acceptedTotpStep(secret, code, null);
    if (step === null) throw new ApiError('TOTP_INVALID');
    const codes = newRecoveryCodes();
    const hashes = await Promise.all(codes.map((recovery) => hashPassword(normalizeRecoveryCode(recovery))));
    await this.store.db.transaction().execute(async (trx) => {
      // Only the secret that was checked: a second start in between (a new QR code) wins, and this confirm fails.
      const enabled = await trx.updateTable('users')
        .set({ totp_enabled_at: sql`now()`, totp_last_step: step.toString(), recovery_code_hashes: hashes })
        .where('id', '=', userId).where('totp_enabled_at', 'is', null).where('totp_secret_enc', '=', row.totp_secret_enc)
        .executeTakeFirst();
      if (Number(enabled.numUpdatedRows) !== 1) throw new ApiError('TOTP_NOT_SET_UP');
      await recordAudit(trx, origin, { action: 'user.totp_enable', targetType: 'user', targetId: userId, customerId: row.customer_id });
    });
    return codes;
  }

  /**
   * Turns two-factor off: the password and a current code (not a used one) are
   * both needed, and the organisation must not require it. Answers 'wrong_password'
   * or 'wrong_code' for the caller to count as a failed credential.
   */
  async disable(userId: string, password: string, code: string, origin: AuditOrigin): Promise<'disabled' | 'wrong_password' | 'wrong_code'> {
    const row = await this.users.get(userId);
    if (!row.totp_enabled_at) throw new ApiError('TOTP_NOT_SET_UP');
    if (await this.users.organisationRequiresTotp(row)) throw new ApiError('TOTP_REQUIRED_BY_ORGANISATION');
    if (!row.password_hash || !(await verifyPassword(password, row.password_hash))) return 'wrong_password';
    if (!(await this.users.acceptTotpCode(row, code))) return 'wrong_code';
    await this.store.db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ totp_secret_enc: null, totp_key_version: null, totp_enabled_at: null, recovery_code_hashes: [] })
        .where('id', '=', userId).execute();
      await recordAudit(trx, origin, { action: 'user.totp_disable', targetType: 'user', targetId: userId, customerId: row.customer_id });
    });
    return 'disabled';
  }
}
