// POST /admin/v1/adjustments, and the audit of POST /admin/v1/deposits.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../test/harness.ts';
import { auditRowsFor, createUser, expectAuditClean } from '../../../../test/people-kit.ts';

describe('funding adjustments and audited deposits', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform(); });
  afterAll(async () => { await p?.close(); });

  const ref = () => `adj-${randomBytes(6).toString('hex')}`;
  const adjust = (body: Record<string, unknown>) => p.admin('POST', '/adjustments', body);
  const usd = async (c: TestCustomer) =>
    (await p.api('GET', '/v1/accounts', { token: c.token })).json.data.find((a: { currency: string }) => a.currency === 'USD');
  const entries = async (c: TestCustomer, type: string) =>
    p.store.db.selectFrom('journal_entries').select('id').where('customer_id', '=', c.customerId).where('entry_type', '=', type).execute();
  const auditOf = async (c: TestCustomer, action: string) =>
    p.store.db.selectFrom('audit_log').selectAll().where('customer_id', '=', c.customerId).where('action', '=', action).orderBy('seq').execute();

  describe('POST /adjustments', () => {
    it('credits and debits the funding account against its external account, with the reason in the audit log', async () => {
      const c = await p.customer({ USD: '100' });
      const credit = await adjust({ customerId: c.customerId, currency: 'USD', amount: '12.50', reference: ref(), reason: 'Goodwill credit, ticket 42' });
      expect(credit.statusCode, credit.body).toBe(200);
      expect(Object.keys(credit.json.data).sort()).toEqual(['adjustmentId', 'amount', 'balanceAfter', 'createdOn', 'currency', 'customerId', 'reference']);
      expect(credit.json.data).toMatchObject({ customerId: c.customerId, currency: 'USD', amount: 12.5, balanceAfter: 112.5 });
      const debit = await adjust({ customerId: c.customerId, currency: 'USD', amount: -2.5, reference: ref(), reason: 'Bank fee passed on' });
      expect(debit.json.data).toMatchObject({ amount: -2.5, balanceAfter: 110 });
      const debitText = await adjust({ customerId: c.customerId, currency: 'USD', amount: '-10', reference: ref(), reason: 'Correction' });
      expect(debitText.json.data).toMatchObject({ amount: -10, balanceAfter: 100 });
      expect(await usd(c)).toMatchObject({ amount: 100, ledgerAmount: 100 });

      const logs = (await p.api('GET', '/v1/accounts/accountLogs', { token: c.token, query: { Currency: 'USD' } })).json.data.data;
      expect(logs.slice(0, 3).map((l: { logType: string; amount: number }) => [l.logType, l.amount])).toEqual([['Adjustment', -10], ['Adjustment', -2.5], ['Adjustment', 12.5]]);

      const rows = await auditOf(c, 'ledger.adjustment');
      expect(rows).toHaveLength(3);
      expect(rows[0]).toMatchObject({
        actor_type: 'admin_key', target_type: 'journal_entry', target_id: credit.json.data.adjustmentId, reason: 'Goodwill credit, ticket 42',
        after: { entryType: 'Adjustment', currency: 'USD', amount: '12.50', balanceAfter: '112.50' },
      });
      expect(rows[1]!.after).toMatchObject({ amount: '-2.50' });
      await p.expectLedgerClean();
      await expectAuditClean(p);
    });

    it('refuses a debit beyond the available balance with INSUFFICIENT_FUNDS, recording nothing', async () => {
      const c = await p.customer({ USD: '50' });
      const refused = await adjust({ customerId: c.customerId, currency: 'USD', amount: '-50.01', reference: ref(), reason: 'Too much' });
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json.errorCode).toBe('INSUFFICIENT_FUNDS');
      expect(await entries(c, 'Adjustment')).toHaveLength(0);
      expect(await auditOf(c, 'ledger.adjustment')).toHaveLength(0);
      expect((await adjust({ customerId: c.customerId, currency: 'USD', amount: '-50', reference: ref(), reason: 'Exactly all' })).json.data.balanceAfter).toBe(0);
      expect(await usd(c)).toMatchObject({ amount: 0 });
      await p.expectLedgerClean();
    });

    it('is idempotent per reference: a replay answers the same adjustment and records no second audit row; other parameters → 409', async () => {
      const c = await p.customer({ USD: '20' });
      const body = { customerId: c.customerId, currency: 'USD', amount: '-5', reference: ref(), reason: 'Once' };
      const first = await adjust(body);
      const again = await adjust(body);
      expect(again.json.data).toEqual(first.json.data);
      const conflict = await adjust({ ...body, amount: '-6' });
      expect(conflict.statusCode).toBe(409);
      expect(conflict.json.errorCode).toBe('ADJUSTMENT_REFERENCE_CONFLICT');
      expect((await adjust({ ...body, amount: '5' })).json.errorCode).toBe('ADJUSTMENT_REFERENCE_CONFLICT');
      // A deposit may reuse the reference: the two are told apart by their type.
      expect((await p.admin('POST', '/deposits', { customerId: c.customerId, currency: 'USD', amount: '1', reference: body.reference })).statusCode).toBe(200);
      expect(await entries(c, 'Adjustment')).toHaveLength(1);
      expect(await auditOf(c, 'ledger.adjustment')).toHaveLength(1);
      expect(await usd(c)).toMatchObject({ amount: 16 });
      await p.expectLedgerClean();
    });

    it('parallel adjustments and deposits with one reference each: one entry and one audit row per reference', async () => {
      const c = await p.customer({ USD: '100' });
      const adjustment = { customerId: c.customerId, currency: 'USD', amount: '-30', reference: ref(), reason: 'Race' };
      const deposit = { customerId: c.customerId, currency: 'USD', amount: '7', reference: ref(), reason: 'Race' };
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? adjust(adjustment) : p.admin('POST', '/deposits', deposit))));
      for (const answer of answers) expect(answer.statusCode, answer.body).toBe(200);
      expect(new Set(answers.filter((_, i) => i % 2 === 0).map((a) => a.json.data.adjustmentId)).size).toBe(1);
      expect(new Set(answers.filter((_, i) => i % 2 === 1).map((a) => a.json.data.depositId)).size).toBe(1);
      expect(await entries(c, 'Adjustment')).toHaveLength(1);
      expect(await auditOf(c, 'ledger.adjustment')).toHaveLength(1);
      expect(await auditOf(c, 'ledger.deposit')).toHaveLength(2); // the harness's first deposit and this one
      expect(await usd(c)).toMatchObject({ amount: 77 });
      await p.expectLedgerClean();
      await expectAuditClean(p);
    });

    it('validates every field with a 400 naming it; unknown customer → 404; nothing moves', async () => {
      const c = await p.customer({ USD: '10' });
      const good = { customerId: c.customerId, currency: 'USD', amount: '1', reference: ref(), reason: 'Valid' };
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ ...good, reason: undefined }, 'reason', 'VALIDATION_FAILED'],
        [{ ...good, reason: '' }, 'reason', 'VALIDATION_FAILED'],
        [{ ...good, reason: 'x'.repeat(501) }, 'reason', 'VALIDATION_FAILED'],
        [{ ...good, amount: '0' }, 'amount', 'INVALID_AMOUNT'],
        [{ ...good, amount: '-0' }, 'amount', 'INVALID_AMOUNT'],
        [{ ...good, amount: '--1' }, 'amount', 'INVALID_AMOUNT'],
        [{ ...good, amount: '1.001' }, 'amount', 'INVALID_AMOUNT'],
        [{ ...good, amount: -1.001 }, 'amount', 'INVALID_AMOUNT'],
        [{ ...good, amount: '1e3' }, 'amount', 'INVALID_AMOUNT'],
        [{ ...good, currency: 'XXX' }, 'currency', 'VALIDATION_FAILED'],
        [{ ...good, reference: '' }, 'reference', 'VALIDATION_FAILED'],
        [{ ...good, extra: true }, 'extra', 'VALIDATION_FAILED'],
      ];
      for (const [body, field, code] of cases) {
        const response = await adjust(body);
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(response.json.errorCode, JSON.stringify(body)).toBe(code);
        expect(response.json.errorMessage).toContain(field);
      }
      expect((await adjust({ ...good, customerId: 'CUSNOSUCH' })).json.errorCode).toBe('CUSTOMER_NOT_FOUND');
      expect((await adjust({ ...good, reason: 'x'.repeat(500) })).statusCode).toBe(200);
      expect(await entries(c, 'Adjustment')).toHaveLength(1);
      await p.expectLedgerClean();
    });

    it('is refused (403) to everyone without money.deposit, changing nothing', async () => {
      const c = await p.customer({ USD: '10' });
      for (const role of ['support', 'viewer'] as const) {
        const user = await createUser(p, role);
        const response = await user.call('POST', '/adjustments', { customerId: c.customerId, currency: 'USD', amount: '-10', reference: ref(), reason: 'x' });
        expect(response.statusCode, role).toBe(403);
        expect((await user.call('POST', '/deposits', { customerId: c.customerId, currency: 'USD', amount: '10', reference: ref() })).statusCode).toBe(403);
      }
      const customerAdmin = await createUser(p, 'customer_admin', { customerId: c.customerId });
      expect((await customerAdmin.call('POST', '/adjustments', { customerId: c.customerId, currency: 'USD', amount: '5', reference: ref(), reason: 'x' })).statusCode).toBe(403);
      const admin = await createUser(p, 'admin');
      const allowed = await admin.call('POST', '/adjustments', { customerId: c.customerId, currency: 'USD', amount: '5', reference: ref(), reason: 'By a person' });
      expect(allowed.statusCode, allowed.body).toBe(200);
      expect((await auditRowsFor(p, allowed.json.data.adjustmentId))[0]).toMatchObject({ actor_type: 'user', actor_id: admin.userId });
      expect(await usd(c)).toMatchObject({ amount: 15 });
    });
  });

  describe('POST /deposits audit', () => {
    it('records ledger.deposit once with its reason; a replay records nothing more', async () => {
      const c = await p.customer();
      const body = { customerId: c.customerId, currency: 'USD', amount: '250', reference: ref(), reason: 'Wire 2026-11-30' };
      const first = await p.admin('POST', '/deposits', body);
      expect(first.statusCode, first.body).toBe(200);
      expect((await p.admin('POST', '/deposits', body)).json.data).toEqual(first.json.data);
      const { reason: _, ...withoutReason } = body;
      expect((await p.admin('POST', '/deposits', withoutReason)).json.data).toEqual(first.json.data);
      const rows = await auditRowsFor(p, first.json.data.depositId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        action: 'ledger.deposit', actor_type: 'admin_key', customer_id: c.customerId, reason: 'Wire 2026-11-30',
        after: { entryType: 'Deposit', amount: '250.00', reference: body.reference, balanceAfter: '250.00' },
      });
      expect((await p.admin('POST', '/deposits', { ...body, reference: ref(), reason: 'y'.repeat(501) })).json.errorMessage).toContain('reason');
      await p.expectLedgerClean();
      await expectAuditClean(p);
    });
  });
});
