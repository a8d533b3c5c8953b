import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../test/harness.ts';
import { auditRowsFor, createUser, expectAuditClean, type TestUser } from '../../../../test/people-kit.ts';
import { expectError } from '../../../../test/standard-kit.ts';
import { auditCount, auditText } from '../../../../test/users-kit.ts';

const URL_A = 'http://127.0.0.1:9/hook-a';

describe('/admin/v1 webhook endpoint changes (console): create, update, delete, rotateSecret, test, recover, resend', () => {
  let p: TestPlatform;
  let mine: TestCustomer;
  let theirs: TestCustomer;
  let operator: TestUser;
  let developer: TestUser;
  let viewer: TestUser;
  beforeAll(async () => {
    p = await createTestPlatform({ products: false });
    mine = await p.customer();
    theirs = await p.customer();
    operator = await createUser(p, 'admin');
    developer = await createUser(p, 'customer_developer', { customerId: mine.customerId });
    viewer = await createUser(p, 'customer_viewer', { customerId: mine.customerId });
  });
  afterAll(async () => { await p?.close(); });

  it('an operator creates an endpoint for a named customer, a customer user for its own; the secret shows once and is never audited', async () => {
    const byOperator = await operator.call('POST', '/webhooks/endpoints', { customerId: theirs.customerId, url: URL_A, eventTypes: ['card.created'] });
    expect(byOperator.statusCode, byOperator.body).toBe(200);
    expect(byOperator.headers['cache-control']).toBe('no-store');
    const { endpointId, secret } = byOperator.json.data;
    expect(secret).toMatch(/^whsec_/);
    const listed = await p.api('GET', '/v1/webhooks/endpoints', { token: theirs.token });
    expect(listed.json.data.map((e: any) => e.endpointId)).toEqual([endpointId]);
    const rows = await auditRowsFor(p, endpointId);
    expect(rows.map((r) => [r.action, r.actor_id, r.customer_id])).toEqual([['webhook_endpoint.create', operator.userId, theirs.customerId]]);
    expect(auditText(rows)).not.toContain(secret);

    const byDeveloper = await developer.call('POST', '/webhooks/endpoints', { url: URL_A });
    expect(byDeveloper.statusCode, byDeveloper.body).toBe(200);
    expect((await p.api('GET', `/v1/webhooks/endpoints/${byDeveloper.json.data.endpointId}`, { token: mine.token })).statusCode).toBe(200);
    await expectAuditClean(p);
  });

  it('refuses: an operator without customerId, a customer user naming another customer, an unknown customer, a viewer', async () => {
    const before = await auditCount(p);
    expectError(await operator.call('POST', '/webhooks/endpoints', { url: URL_A }), 400, 'VALIDATION_FAILED', 'customerId');
    expectError(await developer.call('POST', '/webhooks/endpoints', { url: URL_A, customerId: theirs.customerId }), 404, 'CUSTOMER_NOT_FOUND');
    expectError(await operator.call('POST', '/webhooks/endpoints', { url: URL_A, customerId: 'CUSNOSUCHCUSTOMER' }), 404, 'CUSTOMER_NOT_FOUND');
    expectError(await operator.call('POST', '/webhooks/endpoints', { url: URL_A, customerId: mine.customerId, colour: 'red' }), 400, 'VALIDATION_FAILED', 'colour');
    expectError(await viewer.call('POST', '/webhooks/endpoints', { url: URL_A }), 403, 'FORBIDDEN', 'customer_viewer');
    expectError(await (await createUser(p, 'support')).call('POST', '/webhooks/endpoints', { url: URL_A, customerId: mine.customerId }), 403, 'FORBIDDEN');
    expect(await auditCount(p)).toBe(before);
  });

  it('update, test, rotateSecret, recover, delete: each audited once with the right actor and customer', async () => {
    const endpointId = (await developer.call('POST', '/webhooks/endpoints', { url: URL_A })).json.data.endpointId;
    const updated = await developer.call('POST', `/webhooks/endpoints/${endpointId}/update`, { description: 'orders', status: 'Disabled' });
    expect(updated.json.data).toMatchObject({ endpointId, description: 'orders', status: 'Disabled' });
    const tested = await operator.call('POST', `/webhooks/endpoints/${endpointId}/test`);
    expect(tested.json.data).toMatchObject({ type: 'webhook.test' });
    const rotated = await developer.call('POST', `/webhooks/endpoints/${endpointId}/rotateSecret`);
    expect(rotated.json.data.secret).toMatch(/^whsec_/);
    const recovered = await developer.call('POST', `/webhooks/endpoints/${endpointId}/recover`, { since: new Date(Date.now() - 3_600_000).toISOString() });
    expect(recovered.json.data).toEqual({ queued: 0 });
    const deleted = await operator.call('POST', `/webhooks/endpoints/${endpointId}/delete`);
    expect(deleted.json.data).toMatchObject({ endpointId, status: 'Disabled' });
    const rows = await auditRowsFor(p, endpointId);
    expect(rows.map((r) => [r.action, r.actor_id])).toEqual([
      ['webhook_endpoint.create', developer.userId], ['webhook_endpoint.update', developer.userId], ['webhook_endpoint.test', operator.userId],
      ['webhook_endpoint.rotate_secret', developer.userId], ['webhook_endpoint.recover', developer.userId], ['webhook_endpoint.delete', operator.userId],
    ]);
    expect(rows.every((r) => r.customer_id === mine.customerId)).toBe(true);
    expect(rows[1]).toMatchObject({ before: { status: 'Enabled', description: null }, after: { status: 'Disabled', description: 'orders' } });
    expect(auditText(rows)).not.toContain(rotated.json.data.secret);
    expectError(await developer.call('POST', `/webhooks/endpoints/${endpointId}/update`, { description: 'x' }), 404, 'WEBHOOK_ENDPOINT_NOT_FOUND');
    await expectAuditClean(p);
  });

  it('another customer\'s endpoint or event is 404 to a customer user, changing and auditing nothing', async () => {
    const theirEndpoint = (await operator.call('POST', '/webhooks/endpoints', { customerId: theirs.customerId, url: URL_A })).json.data.endpointId;
    const theirEvent = (await p.api('POST', `/v1/webhooks/endpoints/${theirEndpoint}/test`, { token: theirs.token })).json.data.eventId;
    const before = await auditCount(p);
    for (const [path, body] of [['update', { description: 'pwned' }], ['delete', undefined], ['rotateSecret', undefined], ['test', undefined], ['recover', { since: new Date().toISOString().slice(0, 10) }]] as const) {
      expectError(await developer.call('POST', `/webhooks/endpoints/${theirEndpoint}/${path}`, body), 404, 'WEBHOOK_ENDPOINT_NOT_FOUND', theirEndpoint);
    }
    expectError(await developer.call('POST', `/events/${theirEvent}/resend`, {}), 404, 'EVENT_NOT_FOUND', theirEvent);
    expectError(await developer.call('POST', '/webhooks/endpoints/we_nosuchendpoint/delete'), 404, 'WEBHOOK_ENDPOINT_NOT_FOUND');
    expect(await auditCount(p)).toBe(before);
    expect((await p.api('GET', `/v1/webhooks/endpoints/${theirEndpoint}`, { token: theirs.token })).json.data).toMatchObject({ status: 'Enabled', description: null });
  });

  it('resend queues the event again to its customer\'s endpoints; audited once; a foreign endpointId is 404', async () => {
    const endpointId = (await developer.call('POST', '/webhooks/endpoints', { url: URL_A })).json.data.endpointId;
    const eventId = (await developer.call('POST', `/webhooks/endpoints/${endpointId}/test`)).json.data.eventId;
    const resent = await operator.call('POST', `/events/${eventId}/resend`, { endpointId });
    expect(resent.json).toMatchObject({ hasError: false, data: { queued: 1 } });
    expect((await developer.call('POST', `/events/${eventId}/resend`, {})).json.data).toEqual({ queued: 1 });
    const rows = await auditRowsFor(p, eventId);
    expect(rows.map((r) => [r.action, r.actor_id, r.customer_id])).toEqual([['event.resend', operator.userId, mine.customerId], ['event.resend', developer.userId, mine.customerId]]);
    const theirEndpoint = (await operator.call('POST', '/webhooks/endpoints', { customerId: theirs.customerId, url: URL_A })).json.data.endpointId;
    const before = await auditCount(p);
    expectError(await operator.call('POST', `/events/${eventId}/resend`, { endpointId: theirEndpoint }), 404, 'WEBHOOK_ENDPOINT_NOT_FOUND');
    expectError(await viewer.call('POST', `/events/${eventId}/resend`, {}), 403, 'FORBIDDEN');
    expect(await auditCount(p)).toBe(before);
  });

  it('the integrator API\'s own changes are audited too, as the API client', async () => {
    const created = await p.api('POST', '/v1/webhooks/endpoints', { token: mine.token, body: { url: URL_A } });
    const endpointId = created.json.data.endpointId;
    await p.api('POST', `/v1/webhooks/endpoints/${endpointId}/update`, { token: mine.token, body: { description: 'by client' } });
    await p.api('POST', `/v1/webhooks/endpoints/${endpointId}/delete`, { token: mine.token });
    const rows = await auditRowsFor(p, endpointId);
    expect(rows.map((r) => [r.action, r.actor_type, r.actor_id])).toEqual([
      ['webhook_endpoint.create', 'api_client', mine.clientId], ['webhook_endpoint.update', 'api_client', mine.clientId], ['webhook_endpoint.delete', 'api_client', mine.clientId],
    ]);
    expect(auditText(rows)).not.toContain(created.json.data.secret);
    await expectAuditClean(p);
  });
});
