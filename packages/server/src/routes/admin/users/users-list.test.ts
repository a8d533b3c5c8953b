import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { createUser, type TestUser } from '../../../../test/people-kit.ts';
import { expectError } from '../../../../test/standard-kit.ts';

describe('GET /admin/v1/users and /users/{userId}', () => {
  let p: TestPlatform;
  let customerId: string;
  let otherCustomerId: string;
  let owner: TestUser;
  let mine: TestUser[];
  let theirs: TestUser;
  const ids = (response: any) => response.json.data.data.map((u: any) => u.userId);
  beforeAll(async () => {
    p = await createTestPlatform({ products: false });
    ({ customerId } = await p.customer());
    ({ customerId: otherCustomerId } = await p.customer());
    owner = await createUser(p, 'owner', { email: 'boss@example.test' });
    mine = [
      await createUser(p, 'customer_admin', { customerId, email: 'alice@acme.test' }),
      await createUser(p, 'customer_developer', { customerId, email: 'bob_dev@acme.test' }),
      await createUser(p, 'customer_viewer', { customerId, email: 'carol@acme.test' }),
    ];
    theirs = await createUser(p, 'customer_admin', { customerId: otherCustomerId, email: 'dave@other.test' });
    await p.store.db.updateTable('users').set({ name: 'Carol Percent%' }).where('id', '=', mine[2]!.userId).execute();
  });
  afterAll(async () => { await p?.close(); });

  it('operators see every user, paged, oldest first; never a password or secret', async () => {
    const all = await owner.call('GET', '/users?PageSize=2');
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json.data).toMatchObject({ pageNumber: 1, pageSize: 2, totalRecords: 5, totalPages: 3 });
    expect(ids(all)).toEqual([owner.userId, mine[0]!.userId]);
    const last = await owner.call('GET', '/users?PageSize=2&PageNumber=3');
    expect(ids(last)).toEqual([theirs.userId]);
    expect(Object.keys(all.json.data.data[0]).sort()).toEqual(
      ['createdOn', 'customerId', 'email', 'lastSignInOn', 'name', 'passwordSet', 'role', 'status', 'totpEnabled', 'userId']);
    expect(all.body).not.toMatch(/hash|secret|scrypt/i);
  });

  it('filters by customer, role, status and text (wildcards literal)', async () => {
    expect(ids(await owner.call('GET', `/users?customerId=${otherCustomerId}`))).toEqual([theirs.userId]);
    expect(ids(await owner.call('GET', '/users?role=customer_developer'))).toEqual([mine[1]!.userId]);
    expect(ids(await owner.call('GET', '/users?q=ACME.TEST'))).toEqual(mine.map((u) => u.userId));
    expect(ids(await owner.call('GET', '/users?q=percent%25'))).toEqual([mine[2]!.userId]);
    expect(ids(await owner.call('GET', '/users?q=b_d'))).toEqual([mine[1]!.userId]);
    expect(ids(await owner.call('GET', '/users?q=_'))).toEqual([mine[1]!.userId]);
    await p.store.db.updateTable('users').set({ status: 'Disabled' }).where('id', '=', mine[1]!.userId).execute();
    expect(ids(await owner.call('GET', '/users?status=Disabled'))).toEqual([mine[1]!.userId]);
    await p.store.db.updateTable('users').set({ status: 'Active' }).where('id', '=', mine[1]!.userId).execute();
  });

  it('customer users see only their own team; another customer is 404', async () => {
    for (const user of mine) {
      const response = await user.call('GET', '/users');
      expect(response.statusCode, response.body).toBe(200);
      expect(ids(response)).toEqual(mine.map((u) => u.userId));
      expect(ids(await user.call('GET', `/users?customerId=${customerId}&role=owner`))).toEqual([]);
      expectError(await user.call('GET', `/users?customerId=${otherCustomerId}`), 404, 'CUSTOMER_NOT_FOUND');
    }
  });

  it('one user by id: operators any, customer users their team only (others 404 USER_NOT_FOUND)', async () => {
    const viewer = await createUser(p, 'viewer');
    expect((await viewer.call('GET', `/users/${theirs.userId}`)).json.data).toMatchObject({ userId: theirs.userId, email: 'dave@other.test', role: 'customer_admin', customerId: otherCustomerId });
    expect((await mine[2]!.call('GET', `/users/${mine[0]!.userId}`)).json.data.userId).toBe(mine[0]!.userId);
    expectError(await mine[0]!.call('GET', `/users/${theirs.userId}`), 404, 'USER_NOT_FOUND', theirs.userId);
    expectError(await mine[0]!.call('GET', `/users/${owner.userId}`), 404, 'USER_NOT_FOUND');
    expectError(await owner.call('GET', '/users/USRNOSUCHUSER'), 404, 'USER_NOT_FOUND');
  });

  it('validates the query, naming the parameter', async () => {
    expectError(await owner.call('GET', '/users?PageSize=101'), 400, 'VALIDATION_FAILED', 'PageSize');
    expectError(await owner.call('GET', '/users?role=root'), 400, 'VALIDATION_FAILED', 'role');
    expectError(await owner.call('GET', `/users?q=${'x'.repeat(101)}`), 400, 'VALIDATION_FAILED', 'q');
    expectError(await owner.call('GET', '/users?status=Gone'), 400, 'VALIDATION_FAILED', 'status');
  });
});
