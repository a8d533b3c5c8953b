import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { expectError } from '../../../../test/standard-kit.ts';
import { transactions } from '../../../../test/transactions-kit.ts';
import { createUser } from '../../../../test/people-kit.ts';
import { WORLD_SETUP_MS, buildAdminReadsWorld, channel, type AdminReadsWorld } from '../../../../test/admin-reads-kit.ts';

describe('GET /admin/v1/transactions/{transactionId}', () => {
  const switchable = channel();
  let p: TestPlatform;
  let w: AdminReadsWorld;

  beforeAll(async () => {
    p = await createTestPlatform({ channel: switchable });
    w = await buildAdminReadsWorld(p, switchable);
  }, WORLD_SETUP_MS);
  afterAll(async () => { await p?.close(); });

  it('answers an authorization with its life, oldest first: the hold, its clearing and refund', async () => {
    const response = await p.admin('GET', `/transactions/${w.clearedAuth}`);
    expect(response.statusCode, response.body).toBe(200);
    const { transaction, authorization, life } = response.json.data;
    const own = (await transactions(p, w.a, { AuthorizationId: w.clearedAuth })).data.map((t: any) => ({ ...t, customerId: w.a.customerId }));
    expect(life).toEqual([...own].reverse());
    expect(life.map((t: any) => t.transactionType)).toEqual(['Authorization', 'Clearing', 'Refund']);
    expect(transaction).toEqual(life[0]);
    expect(authorization).toEqual(life[0]);
    expect(authorization).toMatchObject({ status: 'Settled', amount: 12.34, clearedAmount: 12.34, refundedAmount: 2.34, heldAmount: 0 });
  });

  it('answers a clearing or a reversal with the life of the authorization it belongs to', async () => {
    const clearing = (await transactions(p, w.a, { AuthorizationId: w.clearedAuth, TransactionType: 'Clearing' })).data[0];
    const response = await p.admin('GET', `/transactions/${clearing.transactionId}`);
    expect(response.json.data.transaction).toMatchObject({ transactionId: clearing.transactionId, transactionType: 'Clearing', authorizationId: w.clearedAuth });
    expect(response.json.data.authorization.transactionId).toBe(w.clearedAuth);
    expect(response.json.data.life).toHaveLength(3);
    const reversed = await p.admin('GET', `/transactions/${w.reversedAuth}`);
    expect(reversed.json.data.life.map((t: any) => [t.transactionType, t.status])).toEqual([['Authorization', 'Reversed'], ['Reversal', 'Completed']]);
    expect(reversed.json.data.authorization).toMatchObject({ reversedAmount: 3, heldAmount: 0 });
  });

  it('answers 404 TRANSACTION_NOT_FOUND for an unknown transaction and for another customer\'s to a customer user', async () => {
    expectError(await p.admin('GET', '/transactions/TXN000000000000NOSUCHTX'), 404, 'TRANSACTION_NOT_FOUND');
    const userB = await createUser(p, 'customer_viewer', { customerId: w.b.customerId });
    expectError(await userB.call('GET', `/transactions/${w.clearedAuth}`), 404, 'TRANSACTION_NOT_FOUND');
    const userA = await createUser(p, 'customer_viewer', { customerId: w.a.customerId });
    const own = await userA.call('GET', `/transactions/${w.clearedAuth}`);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json.data.life).toHaveLength(3);
    expect((await (await createUser(p, 'viewer')).call('GET', `/transactions/${w.reversedAuth}`)).statusCode).toBe(200);
    await p.expectLedgerClean();
  });
});
