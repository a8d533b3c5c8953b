// Card events carry the card as GET /v1/cards renders it, without its number
// and CVV, and no event anywhere (stored subject, API payload, webhook body)
// carries a card's PAN or CVV.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from '../../../test/harness.ts';
import { applyCard, card, postOk } from '../../../test/standard-kit.ts';
import { applyShareCard, sbPostOk } from '../../../test/share-balance-kit.ts';
import { approved, authorize, simulateOk } from '../../../test/transactions-kit.ts';
import { allEvents, cardWithoutNumbers, eventsInOrder } from '../../../test/events-kit.ts';
import { deliverAll, deliverer, registerEndpoint, startReceiver, type Receiver } from '../../../test/webhook-receiver.ts';

// Short digit strings that are not card data: amounts in minor units (an order's stored detail keeps them as
// text, e.g. amountMinor "500") and merchant category codes. A random CVV would match one of them now and then.
const NOT_CARD_DATA = /(Minor|_minor|^mcc)$/;

/** Every string value anywhere in a JSON document (but those under NOT_CARD_DATA keys), and every key. */
function stringsAndKeys(value: unknown, out: { strings: string[]; keys: string[] } = { strings: [], keys: [] }, key = '') {
  if (typeof value === 'string') {
    if (!NOT_CARD_DATA.test(key)) out.strings.push(value);
  } else if (Array.isArray(value)) for (const item of value) stringsAndKeys(item, out, key);
  else if (value && typeof value === 'object') {
    for (const [name, item] of Object.entries(value)) {
      out.keys.push(name);
      stringsAndKeys(item, out, name);
    }
  }
  return out;
}

describe('card data in events', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  let receiver: Receiver;
  const cards: Array<{ cardId: string; cardNumber: string; cvv: string }> = [];
  beforeAll(async () => {
    p = await createTestPlatform();
    c = await p.customer({ USD: '2000' });
    receiver = await startReceiver();
    await registerEndpoint(p, c, { url: receiver.url });
  });
  afterAll(async () => {
    await receiver?.close();
    await p?.close();
  });

  it('card.created is the card as GET /v1/cards renders it at that moment, without cardNumber and cvv', async () => {
    const { cardId } = await applyCard(p, c, '80');
    const now = await cardWithoutNumbers(p, c, cardId);
    const [created] = await eventsInOrder(p, c, { CardId: cardId, EventType: 'card.created' });
    expect(created.data).toEqual(now);
    expect(created.data).toMatchObject({ cardId, status: 'Active', balanceAmount: 80 });
    expect(Object.keys(created.data)).not.toContain('cardNumber');
    expect(Object.keys(created.data)).not.toContain('cvv');
    // A top-up changes neither status nor limits: no card.updated for it.
    await postOk(p, c, 'topup', { cardId, topUpAmount: '3' });
    expect(await eventsInOrder(p, c, { CardId: cardId, EventType: 'card.updated' })).toEqual([]);
  });

  it('no event, stored or sent, contains any card number or CVV', async () => {
    // Every kind of event about cards of both modes.
    const standard = (await applyCard(p, c, '100')).cardId;
    const share = (await applyShareCard(p, c, { maxAuthAmount: '90', maxCreditAmount: '300' })).cardId;
    await postOk(p, c, 'topup', { cardId: standard, topUpAmount: '10' });
    await postOk(p, c, 'withdraw', { cardId: standard, withdrawAmount: '5' });
    await postOk(p, c, 'block', { cardId: standard });
    await postOk(p, c, 'unblock', { cardId: standard });
    await sbPostOk(p, c, 'creditLimit', { cardId: share, maxAuthAmount: '80', maxCreditAmount: '250' });
    for (const cardId of [standard, share]) {
      const auth = await approved(p, c, cardId, '12', { merchantName: 'Data Shop' });
      await simulateOk(p, c, 'clear', { transactionId: auth });
      await simulateOk(p, c, 'refund', { transactionId: auth, amount: '2' });
      await simulateOk(p, c, 'reverse', { transactionId: await approved(p, c, cardId, '4') });
      await authorize(p, c, cardId, '9999');
    }
    await postOk(p, c, 'cancel', { cardId: standard });
    await deliverAll(deliverer(p), p.store, c.customerId, 30_000);

    const { rows } = await sql<{ card_id: string }>`SELECT id AS card_id FROM cards WHERE customer_id = ${c.customerId}`.execute(p.store.db);
    for (const { card_id: cardId } of rows) {
      const { cardNumber, cvv } = await card(p, c, cardId);
      expect(cardNumber).toMatch(/^\d{15,19}$/);
      expect(cvv).toMatch(/^\d{3,4}$/);
      cards.push({ cardId, cardNumber, cvv });
    }
    expect(cards.length).toBeGreaterThanOrEqual(3);

    const subjects = (await sql<{ subject: unknown }>`SELECT subject FROM events WHERE customer_id = ${c.customerId}`.execute(p.store.db)).rows
      .map((r) => (typeof r.subject === 'string' ? JSON.parse(r.subject) : r.subject));
    const listed = await allEvents(p, c);
    const admin = await p.admin('GET', `/events?customerId=${c.customerId}&PageSize=100`);
    expect(admin.statusCode).toBe(200);
    const sent = receiver.requests.map((r) => JSON.parse(r.body));
    expect(subjects.length).toBe(listed.length);
    // Every event but the opening deposit, made before the endpoint existed.
    expect(sent.length).toBe(listed.length - 1);
    expect(listed.length).toBeGreaterThan(30);

    const documents: Array<[string, unknown]> = [['subjects', subjects], ['GET /v1/events', listed], ['admin events', admin.json], ['webhook bodies', sent]];
    for (const [where, document] of documents) {
      const text = JSON.stringify(document);
      const { strings, keys } = stringsAndKeys(document);
      expect(keys.filter((k) => /^(cardNumber|cvv|pan|pan_encrypted|cvv_encrypted)$/i.test(k)), where).toEqual([]);
      for (const { cardNumber, cvv } of cards) {
        expect(text.includes(cardNumber), `${where} contains a card number`).toBe(false);
        // A CVV is a short digit string: look for it as a value, not inside amounts or ids.
        expect(strings.includes(cvv), `${where} contains a CVV value ${cvv}`).toBe(false);
      }
    }
    // The scan does see card data where it is: the card endpoint itself.
    const shown = JSON.stringify((await p.api('GET', `/v1/cards/${cards[0]!.cardId}`, { token: c.token })).json);
    expect(shown.includes(cards[0]!.cardNumber) && stringsAndKeys(JSON.parse(shown)).strings.includes(cards[0]!.cvv)).toBe(true);
  });
});
