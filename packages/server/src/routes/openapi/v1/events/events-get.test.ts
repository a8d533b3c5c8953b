import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../../../test/harness.ts';
import { applyCard, expectError } from '../../../../../test/standard-kit.ts';
import { allEvents } from '../../../../../test/events-kit.ts';

describe('GET /v1/events/{eventId}', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  let listed: any[];
  beforeAll(async () => {
    p = await createTestPlatform();
    c = await p.customer({ USD: '500' });
    await applyCard(p, c, '50');
    listed = await allEvents(p, c);
  });
  afterAll(async () => { await p.close(); });

  it('answers each event exactly as the list shows it', async () => {
    expect(listed.map((e) => e.type)).toEqual(['order.completed', 'card.created', 'account.credited']);
    for (const event of listed) {
      const response = await p.api('GET', `/v1/events/${event.eventId}`, { token: c.token });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json).toMatchObject({ hasError: false, errorCode: null });
      expect(response.json.data).toEqual(event);
    }
  });

  it('answers an unknown or malformed id with a 404 or 400', async () => {
    expectError(await p.api('GET', '/v1/events/evt_00000000000000000000000000000000', { token: c.token }), 404, 'EVENT_NOT_FOUND', 'evt_0000');
    expectError(await p.api('GET', `/v1/events/${'e'.repeat(65)}`, { token: c.token }), 400, 'VALIDATION_FAILED', 'eventId');
  });

  it("answers another customer's event as one that does not exist, and needs a token", async () => {
    const stranger = await p.customer();
    for (const event of listed) expectError(await p.api('GET', `/v1/events/${event.eventId}`, { token: stranger.token }), 404, 'EVENT_NOT_FOUND');
    expectError(await p.api('GET', `/v1/events/${listed[0].eventId}`, { token: null }), 401, 'UNAUTHORIZED');
  });
});
