import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@cardepass/contract';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { expectAuditClean } from '../../../../test/people-kit.ts';
import { auditRowsOf, auditTotal, cardOrdersWorld, expectRefused, SETUP_TIMEOUT_MS, v1Card, type CardOrdersWorld } from '../../../../test/card-orders-kit.ts';

describe('POST /admin/v1/cards/{cardId}/reveal', () => {
  let p: TestPlatform;
  let w: CardOrdersWorld;
  let cardId: string;
  /** Every line the server logged, at trace level: searched for the numbers it revealed. */
  const logLines: string[] = [];
  beforeAll(async () => {
    const stream = new Writable({ write(chunk, _encoding, done) { logLines.push(String(chunk)); done(); } });
    p = await createTestPlatform({ logger: { level: 'trace', stream } });
    w = await cardOrdersWorld(p);
    cardId = await v1Card(p, w.c);
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => { await p?.close(); });

  const reveal = (role: Role, id = cardId, body: unknown = { reason: 'customer asked on the phone, ticket 4411' }) =>
    w.users[role].call('POST', `/cards/${id}/reveal`, body);

  it('reveals the number, CVV and expiry GET /v1/cards shows, to owner, admin and customer admin, each audited once with its reason', async () => {
    const v1 = (await p.api('GET', `/v1/cards/${cardId}`, { token: w.c.token })).json.data;
    for (const role of ['owner', 'admin', 'customer_admin'] as const) {
      const reason = `check by ${role}`;
      const response = await reveal(role, cardId, { reason });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json.data).toEqual({ cardId, cardNumber: v1.cardNumber, cvv: v1.cvv, expirationMMYY: v1.expirationMMYY });
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers.pragma).toBe('no-cache');
      const rows = (await auditRowsOf(p, 'card.reveal')).filter((row) => row.actor_id === w.users[role].userId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        actor_type: 'user', target_type: 'card', target_id: cardId, customer_id: w.c.customerId, reason, response_id: response.json.responseId,
      });
    }
    await expectAuditClean(p);
  });

  it('the admin key reveals any card, audited as the admin key', async () => {
    const otherCard = await v1Card(p, w.other);
    const response = await p.admin('POST', `/cards/${otherCard}/reveal`, { reason: 'automation check' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json.data.cardNumber).toMatch(/^\d{16}$/);
    const rows = (await auditRowsOf(p, 'card.reveal')).filter((row) => row.target_id === otherCard);
    expect(rows).toMatchObject([{ actor_type: 'admin_key', actor_id: 'admin-key', customer_id: w.other.customerId, reason: 'automation check' }]);
  });

  it('refuses support, viewer, customer developer and customer viewer (403), and records nothing', async () => {
    const before = await auditTotal(p);
    for (const role of ['support', 'viewer', 'customer_developer', 'customer_viewer'] as const) {
      const response = await reveal(role);
      expectRefused(response, 403, 'FORBIDDEN');
      expect(response.body).not.toMatch(/\d{16}/);
    }
    expect(await auditTotal(p)).toBe(before);
  });

  it('answers another customer\'s card as a card that does not exist (404), and records nothing', async () => {
    const otherCard = await v1Card(p, w.other);
    const before = await auditTotal(p);
    expectRefused(await reveal('customer_admin', otherCard), 404, 'CARD_NOT_FOUND');
    expectRefused(await reveal('owner', 'CARD_DOES_NOT_EXIST'), 404, 'CARD_NOT_FOUND');
    expect(await auditTotal(p)).toBe(before);
  });

  it('requires a reason of 1 to 500 characters (400 naming it), and records nothing', async () => {
    const before = await auditTotal(p);
    for (const body of [{}, { reason: '' }, { reason: 'x'.repeat(501) }, { reason: 'ok', extra: 1 }]) {
      const response = await reveal('owner', cardId, body);
      expectRefused(response, 400, 'VALIDATION_FAILED');
      if (!('extra' in body)) expect(response.json.errorMessage).toContain('reason');
    }
    expect((await reveal('owner', cardId, { reason: 'y'.repeat(500) })).statusCode).toBe(200);
    expect(await auditTotal(p)).toBe(before + 1);
  });

  it('reveals nothing when the audit row cannot be written', async () => {
    // A real failure of the audit insert, made by the database itself: a trigger of this test only refuses
    // to advance the chain's head, which every audit insert must do.
    await sql`CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit unavailable'; END $$`.execute(p.store.db);
    await sql`CREATE TRIGGER test_refuse_audit BEFORE UPDATE ON audit_chain FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()`.execute(p.store.db);
    try {
      const pan = (await p.api('GET', `/v1/cards/${cardId}`, { token: w.c.token })).json.data.cardNumber;
      const before = await auditTotal(p);
      const response = await reveal('owner');
      expect(response.statusCode).toBe(500);
      expect(response.body).not.toContain(pan);
      expect(response.json.data).toBeNull();
      expect(await auditTotal(p)).toBe(before);
    } finally {
      await sql`DROP TRIGGER test_refuse_audit ON audit_chain`.execute(p.store.db);
      await sql`DROP FUNCTION test_refuse_audit()`.execute(p.store.db);
    }
    expect((await reveal('owner')).statusCode).toBe(200);
    await expectAuditClean(p);
  });

  it('never puts a revealed number or CVV in the audit log or the server log', async () => {
    const revealed = (await reveal('admin')).json.data;
    const cvvPattern = new RegExp(`"cvv"|\\b${revealed.cvv}\\b(?![0-9])`);
    const audit = await sql<{ row: string }>`SELECT a::text AS row FROM audit_log a`.execute(p.store.db);
    expect(audit.rows.length).toBeGreaterThan(0);
    for (const { row } of audit.rows) {
      expect(row).not.toContain(revealed.cardNumber);
      expect(row).not.toMatch(/cardNumber|"cvv"/);
    }
    expect(logLines.length).toBeGreaterThan(0);
    const log = logLines.join('');
    expect(log).toContain('/reveal');
    expect(log).not.toContain(revealed.cardNumber);
    expect(log).not.toMatch(cvvPattern);
  });
});
