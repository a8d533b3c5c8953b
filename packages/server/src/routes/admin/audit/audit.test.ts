// GET /admin/v1/audit, GET /admin/v1/audit/{auditId}
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../test/harness.ts';
import { createUser, expectAuditClean, type TestUser } from '../../../../test/people-kit.ts';
import { recordAudit, type AuditOrigin } from '../../../services/audit/audit-log.ts';

const origin = (id: string): AuditOrigin => ({ actor: { type: 'user', id, label: `${id}@example.test` }, ip: '192.0.2.1', responseId: `resp-${id}` });

describe('admin audit log', () => {
  let p: TestPlatform;
  let c1: TestCustomer;
  let c2: TestCustomer;
  let customerAdmin: TestUser;
  beforeAll(async () => {
    p = await createTestPlatform({ products: false });
    c1 = await p.customer();
    c2 = await p.customer();
    // Rows as the routes write them: two about c1, one about c2, one platform change (a product, through the API).
    await recordAudit(p.store.db, origin('u-alice'), { action: 'card.block', targetType: 'card', targetId: 'card-1', customerId: c1.customerId, before: { status: 'Active' }, after: { status: 'Blocked' }, reason: 'lost' });
    await recordAudit(p.store.db, origin('u-bob'), { action: 'user.invite', targetType: 'user', targetId: 'u-new', customerId: c1.customerId, after: { email: 'new@example.test', password: 'never shown' } });
    await recordAudit(p.store.db, origin('u-alice'), { action: 'card.block', targetType: 'card', targetId: 'card-2', customerId: c2.customerId });
    const created = await p.admin('POST', '/products', { productCode: 'AUD1', productName: 'Audited', cardModels: ['Standard'], cardCurrency: ['USD'], binRange: '522981' });
    expect(created.statusCode, created.body).toBe(200);
    customerAdmin = await createUser(p, 'customer_admin', { customerId: c1.customerId });
  });
  afterAll(async () => { await p?.close(); });

  const list = (query = '') => p.admin('GET', `/audit?${query}`);
  /** Rows stored, by the database's own count: other changes (creating the customers) are audited too. */
  const stored = async (where: (q: any) => any = (q) => q) =>
    Number((await where(p.store.db.selectFrom('audit_log').select((eb: any) => eb.fn.countAll().as('n'))).executeTakeFirstOrThrow()).n);

  it('lists every row newest first with who, what, whose, before and after (secrets redacted)', async () => {
    const response = await list();
    expect(response.statusCode, response.body).toBe(200);
    const rows = response.json.data.data;
    expect(response.json.data.totalRecords).toBe(await stored());
    expect(rows.slice(0, 4).map((r: any) => r.action)).toEqual(['product.create', 'card.block', 'user.invite', 'card.block']);
    expect(rows.map((r: any) => r.seq)).toEqual([...rows.map((r: any) => r.seq)].sort((a: number, b: number) => b - a));
    expect(rows[0]).toMatchObject({ actorType: 'admin_key', actorId: 'admin-key', actorLabel: 'admin key', customerId: null, targetType: 'product', targetId: 'AUD1', before: null });
    expect(rows[0].after).toMatchObject({ productCode: 'AUD1', retiredOn: null });
    expect(rows[3]).toMatchObject({
      actorType: 'user', actorId: 'u-alice', customerId: c1.customerId, before: { status: 'Active' }, after: { status: 'Blocked' }, reason: 'lost', ip: '192.0.2.1', responseId: 'resp-u-alice',
    });
    expect(rows[3].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[2].after).toEqual({ email: 'new@example.test', password: '[redacted]' });
  });

  it('filters by actor, action, target, customer and dates, and pages', async () => {
    const count = async (query: string) => (await list(query)).json.data.totalRecords;
    expect(await count('actorId=u-alice')).toBe(2);
    expect(await count('actorType=admin_key')).toBe(await stored((q) => q.where('actor_type', '=', 'admin_key')));
    expect(await count('actorType=admin_key&targetType=product')).toBe(1);
    expect(await count('action=card.block')).toBe(2);
    expect(await count('targetType=card&targetId=card-2')).toBe(1);
    expect(await count(`customerId=${c1.customerId}`)).toBe(await stored((q) => q.where('customer_id', '=', c1.customerId)));
    expect(await count(`customerId=${c1.customerId}&actorType=user`)).toBe(2);
    const today = new Date().toISOString().slice(0, 10);
    expect(await count(`from=${today}&to=${today}`)).toBe(await stored());
    expect(await count('to=2020-01-01')).toBe(0);
    const all = (await list('PageSize=100')).json.data.data;
    const page = (await list('PageSize=3&PageNumber=2')).json.data;
    expect(page).toMatchObject({ totalRecords: all.length, totalPages: Math.ceil(all.length / 3), pageNumber: 2 });
    expect(page.data).toEqual(all.slice(3, 6));
    for (const [query, field] of [['actorType=robot', 'actorType'], ['from=2025-01-01&to=2025-12-01', ''], ['PageSize=0', 'PageSize']] as const) {
      const response = await list(query);
      expect(response.statusCode, query).toBe(400);
      expect(response.json.errorMessage).toContain(field);
    }
  });

  it('GET by id answers the row; an unknown id is a 404', async () => {
    const [latest] = (await list()).json.data.data;
    const response = await p.admin('GET', `/audit/${latest.auditId}`);
    expect(response.statusCode).toBe(200);
    expect(response.json.data).toEqual(latest);
    const missing = await p.admin('GET', '/audit/aud_nothing');
    expect(missing.statusCode).toBe(404);
    expect(missing.json.errorCode).toBe('AUDIT_ENTRY_NOT_FOUND');
  });

  it('a customer admin sees its customer\'s rows only; other rows are 404, another customer is 404', async () => {
    const own = (await customerAdmin.call('GET', '/audit')).json.data;
    expect(own.totalRecords).toBe(await stored((q) => q.where('customer_id', '=', c1.customerId)));
    expect(own.data.filter((r: any) => r.actorType === 'user').map((r: any) => r.action)).toEqual(['user.invite', 'card.block']);
    expect(own.data.every((r: any) => r.customerId === c1.customerId)).toBe(true);
    expect((await customerAdmin.call('GET', `/audit/${own.data[0].auditId}`)).statusCode).toBe(200);
    const others = (await list('PageSize=100')).json.data.data.filter((r: any) => r.customerId !== c1.customerId);
    expect(others.map((r: any) => r.action)).toEqual(expect.arrayContaining(['product.create', 'card.block']));
    for (const row of others) {
      const response = await customerAdmin.call('GET', `/audit/${row.auditId}`);
      expect(response.statusCode, row.action).toBe(404);
      expect(response.json.errorCode).toBe('AUDIT_ENTRY_NOT_FOUND');
    }
    expect((await customerAdmin.call('GET', `/audit?customerId=${c2.customerId}`)).json.errorCode).toBe('CUSTOMER_NOT_FOUND');
  });

  it('roles without audit.read get 403; operators with it read everything', async () => {
    for (const role of ['customer_viewer', 'customer_developer'] as const) {
      const user = await createUser(p, role, { customerId: c1.customerId });
      const response = await user.call('GET', '/audit');
      expect(response.statusCode, role).toBe(403);
      expect(response.json.errorCode).toBe('FORBIDDEN');
    }
    const support = await createUser(p, 'support');
    expect((await support.call('GET', '/audit')).json.data.totalRecords).toBe(await stored());
    expect((await p.app.inject({ method: 'GET', url: '/admin/v1/audit' })).statusCode).toBe(401);
    await expectAuditClean(p);
  });
});
