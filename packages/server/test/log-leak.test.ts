// No secret reaches the log. A real `cardepass serve` process at LOG_LEVEL=trace
// (the production logger, its serializers and redaction, not a test one) goes
// through a whole scenario — tokens good, bad and throttled, a card with its PAN
// and CVV, money and card-network events, admin calls, wrong and throttled admin
// keys — and then everything it printed is searched for every secret it saw.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from './database.ts';
import { startServe, type ServeProcess } from './deploy/serve-process.ts';

const SUITE_TIMEOUT_MS = 180_000;

describe('log leak scan: a full scenario at LOG_LEVEL=trace', { timeout: SUITE_TIMEOUT_MS }, () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cardepass-log-leak-'));
  let server: ServeProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs the scenario (the lock warnings included) and none of the PANs, CVVs, secrets, tokens or admin keys', async () => {
    const databaseUrl = await testDatabaseUrl();
    const adminKey = `cdpadm_${randomBytes(32).toString('base64url')}`;
    server = await startServe({
      CARDEPASS_DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), LOG_LEVEL: 'trace',
      CARDEPASS_ADMIN_KEY: adminKey, CARDEPASS_AUTH_FAILURES_PER_PAIR: '3', CARDEPASS_ADMIN_AUTH_FAILURES_PER_IP: '3',
    });
    const url = server.url;
    /** Every secret the scenario handled: the log must contain none of them. */
    const secrets: Array<[string, string]> = [['admin key', adminKey]];
    const call = async (method: string, route: string, headers: Record<string, string>, body?: unknown) => {
      const response = await fetch(`${url}${route}`, {
        method, headers: { ...headers, ...(body === undefined || typeof body === 'string' ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      return { status: response.status, body: await response.json() as any };
    };
    const admin = (method: string, route: string, body?: unknown, key = adminKey) => call(method, `/admin/v1${route}`, { 'x-admin-key': key }, body);
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const tokenCall = (clientId: string, secret: string) =>
      call('POST', '/openapi/connect/token', form, new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }).toString());

    // Operator: a customer with two clients, and money.
    const customer = (await admin('POST', '/customers', { name: 'Leak Test Ltd' })).body.data;
    const other = (await admin('POST', `/customers/${customer.customerId}/clients`)).body.data;
    secrets.push(['client secret', customer.clientSecret], ['second client secret', other.clientSecret]);
    expect((await admin('POST', '/deposits', { customerId: customer.customerId, currency: 'USD', amount: '1000', reference: 'leak-dep-1' })).status).toBe(200);
    // Admin key as a bearer credential too.
    expect((await call('GET', '/admin/v1/customers', { authorization: `Bearer ${adminKey}` })).status).toBe(200);

    // Tokens: form and Basic, good and bad (near misses contain the real secret), then a throttled client.
    const basic = (id: string, secret: string) => ({ ...form, authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });
    const token = (await tokenCall(customer.clientId, customer.clientSecret)).body.access_token as string;
    const basicToken = (await call('POST', '/openapi/connect/token', basic(customer.clientId, customer.clientSecret), 'grant_type=client_credentials')).body.access_token as string;
    secrets.push(['access token', token], ['second access token', basicToken],
      ['Basic credentials', Buffer.from(`${customer.clientId}:${customer.clientSecret}`).toString('base64')]);
    expect((await tokenCall(customer.clientId, `${customer.clientSecret}x`)).status).toBe(401);
    expect((await call('POST', '/openapi/connect/token', basic(customer.clientId, `${customer.clientSecret}x`), 'grant_type=client_credentials')).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await tokenCall(other.clientId, `${other.clientSecret}${i}`)).status).toBe(401);
    expect((await tokenCall(other.clientId, other.clientSecret)).status).toBe(429);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await call('GET', '/openapi/v1/ping', { authorization: `Bearer ${token}x` })).status).toBe(401);

    // A card: apply, read its PAN and CVV, top up, and the network's authorize / clear / reverse / refund.
    const apply = await call('POST', '/openapi/v1/orders/standard/apply', bearer, { productCode: 'PROD001', cardCurrency: 'USD', topUpAmount: '100', customerOrderNo: 'leak-apply-1' });
    expect(apply.status, JSON.stringify(apply.body)).toBe(200);
    const cardId = apply.body.data.cardInfos[0].cardId as string;
    const card = (await call('GET', `/openapi/v1/cards/${cardId}`, bearer)).body.data;
    expect(card.cardNumber).toMatch(/^\d{16}$/);
    secrets.push(['PAN', card.cardNumber]);
    expect((await call('POST', '/openapi/v1/orders/standard/topup', bearer, { cardId, topUpAmount: '25', customerOrderNo: 'leak-topup-1' })).status).toBe(200);
    const simulate = async (action: string, body: unknown) => {
      const response = await call('POST', `/openapi/v1/simulate/${action}`, bearer, body);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body.data;
    };
    const purchase = await simulate('authorize', { cardId, amount: '12.34', merchantName: 'Leak Shop', mcc: '5411', merchantCountry: 'US' });
    await simulate('clear', { transactionId: purchase.transactionId });
    await simulate('refund', { transactionId: purchase.transactionId, amount: '2' });
    const hold = await simulate('authorize', { cardId, amount: '5' });
    await simulate('reverse', { transactionId: hold.transactionId });
    expect((await call('GET', '/openapi/v1/transactions', bearer)).status).toBe(200);
    expect((await call('GET', '/openapi/v1/cards/CARDNOPE', bearer)).status).toBe(404);

    // Key rotation: a new signing key (its tokens work), a new data key (every card re-encrypted, the PAN
    // reads the same), a new admin key (the old one refused at once). New keys and tokens are secrets too.
    expect((await admin('POST', '/keys/jwt/rotate')).status).toBe(200);
    const rotatedToken = (await tokenCall(customer.clientId, customer.clientSecret)).body.access_token as string;
    secrets.push(['access token after rotate-jwt', rotatedToken]);
    expect((await call('GET', '/openapi/v1/ping', { authorization: `Bearer ${rotatedToken}` })).status).toBe(200);
    expect((await call('GET', '/openapi/v1/ping', bearer)).status).toBe(200);
    expect((await admin('POST', '/keys/data/rotate')).status).toBe(200);
    for (let tries = 0; (await admin('GET', '/keys/data/status')).body.data.remaining > 0; tries++) {
      expect(tries, 'the re-encryption finishes').toBeLessThan(200);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await call('GET', `/openapi/v1/cards/${cardId}`, { authorization: `Bearer ${rotatedToken}` })).body.data.cardNumber).toBe(card.cardNumber);
    const rotatedAdminKey = (await admin('POST', '/keys/admin/rotate')).body.data.adminKey as string;
    secrets.push(['rotated admin key', rotatedAdminKey]);
    expect((await admin('GET', '/customers', undefined, rotatedAdminKey)).status).toBe(200);

    // Failed admin logins (the replaced key, near misses of the current one), until the address is locked;
    // then the right key is refused too.
    for (const wrong of [adminKey, `${rotatedAdminKey}x`, rotatedAdminKey.slice(0, -1)]) expect((await admin('GET', '/customers', undefined, wrong)).status).toBe(401);
    const locked = await admin('GET', '/customers', undefined, rotatedAdminKey);
    expect(locked.status).toBe(429);
    expect(locked.body.errorCode).toBe('TOO_MANY_FAILED_ATTEMPTS');

    expect(await server.stop()).toBe(0);
    const log = server.output();
    const lines = log.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    // The log really is the whole scenario, at trace level.
    expect(lines.filter((line) => line.msg === 'incoming request').length).toBeGreaterThan(25);
    const locks = lines.filter((line) => line.msg === 'credential attempts locked: too many failures');
    expect(locks.map((line) => [line.scope, line.clientId, line.ip])).toEqual([['client_ip', other.clientId, '127.0.0.1'], ['admin_ip', undefined, '127.0.0.1']]);

    expect(card.cvv).toMatch(/^\d{3}$/);
    for (const [what, value] of secrets) expect(log.includes(value), `${what} found in the log`).toBe(false);
    // A 3-digit CVV occurs by chance in ids and timings: search it as the string value a leak would log.
    expect(log).not.toContain(`"${card.cvv}"`);
    expect(log).not.toMatch(/"(cvv|cardNumber|client_secret|clientSecret|access_token|x-admin-key)"\s*:/i);
  });
});
