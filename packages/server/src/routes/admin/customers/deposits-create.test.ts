import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../test/harness.ts';

describe('POST /admin/v1/deposits', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await createTestPlatform({ products: false }); });
  afterAll(async () => { await p?.close(); });

  const ref = () => `bank-${randomBytes(6).toString('hex')}`;
  const deposit = (body: Record<string, unknown>) => p.admin('POST', '/deposits', body);
  const balance = async (c: TestCustomer, currency = 'USD') =>
    (await p.api('GET', '/v1/accounts', { token: c.token })).json.data.find((a: { currency: string }) => a.currency === currency).amount;
  const depositEntries = async (c: TestCustomer) =>
    (await p.store.db.selectFrom('journal_entries').select('id').where('customer_id', '=', c.customerId).where('entry_type', '=', 'Deposit').execute()).length;

  it('credits the funding account and answers the deposit', async () => {
    const c = await p.customer();
    const reference = ref();
    const response = await deposit({ customerId: c.customerId, currency: 'USD', amount: '250.75', reference });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json).toMatchObject({ hasError: false, errorCode: null });
    const data = response.json.data;
    expect(Object.keys(data).sort()).toEqual(['amount', 'balanceAfter', 'createdOn', 'currency', 'customerId', 'depositId', 'reference']);
    expect(data).toMatchObject({ customerId: c.customerId, currency: 'USD', amount: 250.75, reference, balanceAfter: 250.75 });
    expect(data.depositId).toMatch(/^\d+$/);
    expect(await balance(c)).toBe(250.75);
    const second = await deposit({ customerId: c.customerId, currency: 'USD', amount: 0.25, reference: ref() });
    expect(second.json.data).toMatchObject({ amount: 0.25, balanceAfter: 251 });
    expect(await balance(c)).toBe(251);
    await p.expectLedgerClean();
  });

  it('is idempotent per reference: same reference and amount → same deposit, money moved once', async () => {
    const c = await p.customer();
    const body = { customerId: c.customerId, currency: 'USD', amount: '100', reference: ref() };
    const first = await deposit(body);
    const again = await deposit(body);
    const asNumber = await deposit({ ...body, amount: 100.0 });
    const asOtherText = await deposit({ ...body, amount: '100.00' });
    for (const replay of [again, asNumber, asOtherText]) {
      expect(replay.statusCode, replay.body).toBe(200);
      expect(replay.json.data).toEqual(first.json.data);
    }
    expect(await balance(c)).toBe(100);
    expect(await depositEntries(c)).toBe(1);
    await p.expectLedgerClean();
  });

  it('replays keep answering the balance right after the original deposit', async () => {
    const c = await p.customer();
    const body = { customerId: c.customerId, currency: 'USD', amount: '10', reference: ref() };
    await deposit(body);
    await deposit({ ...body, reference: ref(), amount: '5' });
    expect((await deposit(body)).json.data.balanceAfter).toBe(10);
    expect(await balance(c)).toBe(15);
    await p.expectLedgerClean();
  });

  it('concurrent deposits with one reference move the money once', async () => {
    const c = await p.customer();
    const body = { customerId: c.customerId, currency: 'EUR', amount: '42.42', reference: ref() };
    const responses = await Promise.all(Array.from({ length: 6 }, () => deposit(body)));
    for (const response of responses) expect(response.statusCode, response.body).toBe(200);
    expect(new Set(responses.map((r) => r.json.data.depositId)).size).toBe(1);
    expect(await balance(c, 'EUR')).toBe(42.42);
    expect(await depositEntries(c)).toBe(1);
    await p.expectLedgerClean();
  });

  it('same reference with a different amount or currency → 409 DEPOSIT_REFERENCE_CONFLICT, nothing moved', async () => {
    const c = await p.customer();
    const body = { customerId: c.customerId, currency: 'USD', amount: '100', reference: ref() };
    await deposit(body);
    for (const changed of [{ amount: '100.01' }, { amount: '99' }, { currency: 'EUR' }]) {
      const response = await deposit({ ...body, ...changed });
      expect(response.statusCode, JSON.stringify(changed)).toBe(409);
      expect(response.json).toMatchObject({ hasError: true, errorCode: 'DEPOSIT_REFERENCE_CONFLICT', data: null });
      expect(response.json.errorMessage).toContain(body.reference);
    }
    expect(await balance(c)).toBe(100);
    expect(await balance(c, 'EUR')).toBe(0);
    await p.expectLedgerClean();
  });

  it('references are per customer: another customer may use the same one', async () => {
    const a = await p.customer();
    const b = await p.customer();
    const reference = ref();
    expect((await deposit({ customerId: a.customerId, currency: 'USD', amount: '1', reference })).statusCode).toBe(200);
    const other = await deposit({ customerId: b.customerId, currency: 'USD', amount: '2', reference });
    expect(other.statusCode, other.body).toBe(200);
    expect([await balance(a), await balance(b)]).toEqual([1, 2]);
    await p.expectLedgerClean();
  });

  it('bad amounts → 400 INVALID_AMOUNT naming the field, nothing moved', async () => {
    const c = await p.customer();
    for (const amount of ['0', 0, '-5', -5, '1.001', 1.001, 'abc', '1e3', '', '12345678901']) {
      const response = await deposit({ customerId: c.customerId, currency: 'USD', amount, reference: ref() });
      expect(response.statusCode, `${amount}: ${response.body}`).toBe(400);
      expect(response.json.errorCode, String(amount)).toBe('INVALID_AMOUNT');
      expect(response.json.errorMessage).toContain("'amount'");
    }
    // Neither a number nor a string: the schema refuses it.
    for (const amount of [null, true, [1]]) {
      const response = await deposit({ customerId: c.customerId, currency: 'USD', amount, reference: ref() });
      expect(response.json.errorCode, JSON.stringify(amount)).toBe('VALIDATION_FAILED');
      expect(response.json.errorMessage).toContain('amount');
    }
    const jpy = await deposit({ customerId: c.customerId, currency: 'JPY', amount: '1.5', reference: ref() });
    expect(jpy.json.errorCode).toBe('INVALID_AMOUNT');
    expect(await balance(c)).toBe(0);
    expect(await depositEntries(c)).toBe(0);
    await p.expectLedgerClean();
  });

  it('unknown customer → 404 CUSTOMER_NOT_FOUND', async () => {
    const response = await deposit({ customerId: 'CUSNOBODY', currency: 'USD', amount: '1', reference: ref() });
    expect(response.statusCode).toBe(404);
    expect(response.json).toMatchObject({ errorCode: 'CUSTOMER_NOT_FOUND', data: null });
  });

  it('unknown or malformed currency → 400 naming currency', async () => {
    const c = await p.customer();
    for (const currency of ['XYZ', 'usd', 'US', 'USDX']) {
      const response = await deposit({ customerId: c.customerId, currency, amount: '1', reference: ref() });
      expect(response.statusCode, currency).toBe(400);
      expect(response.json.errorCode).toBe('VALIDATION_FAILED');
      expect(response.json.errorMessage).toContain('currency');
    }
  });

  it('requires every field, refuses unknown ones', async () => {
    const c = await p.customer();
    const full = { customerId: c.customerId, currency: 'USD', amount: '1', reference: ref() };
    for (const field of Object.keys(full)) {
      const body: Record<string, unknown> = { ...full };
      delete body[field];
      const response = await deposit(body);
      expect(response.statusCode, field).toBe(400);
      expect(response.json.errorMessage).toContain(field);
    }
    expect((await deposit({ ...full, reference: 'r'.repeat(65) })).statusCode).toBe(400);
    expect((await deposit({ ...full, note: 'typo field' })).statusCode).toBe(400);
    expect(await balance(c)).toBe(0);
  });
});
