// Data key rotation: new cards use the new key at once in every process; the
// re-encryption of existing cards survives a crash halfway (progress is in the
// rows) and is resumed by rotating again; every card reads the same PAN and
// CVV before, during and after.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeysPlatform, type KeysPlatform, type KeysProcess } from '../../../test/keys-kit.ts';
import { CardReencryption } from '../../services/keys/card-reencryption.ts';

const CARDS = 11;

describe('POST /admin/v1/keys/data/rotate', { timeout: 60_000 }, () => {
  let k: KeysPlatform;
  let other: KeysProcess;
  let c: Awaited<ReturnType<KeysPlatform['customer']>>;
  const cardIds: string[] = [];
  /** PAN and CVV of each card as first read, before any rotation. */
  const original = new Map<string, { cardNumber: string; cvv: string }>();

  const versions = async () => (await sql<{ id: string; v: number; pan: string }>`SELECT id, data_key_version AS v, pan_encrypted AS pan FROM cards`.execute(k.store.db)).rows;
  async function expectCardsUnchanged(through: KeysProcess = k.first): Promise<void> {
    for (const cardId of original.keys()) {
      const card = await through.api('GET', `/v1/cards/${cardId}`, { token: c.token });
      expect(card.statusCode, card.body).toBe(200);
      expect({ cardNumber: card.json.data.cardNumber, cvv: card.json.data.cvv }).toEqual(original.get(cardId));
    }
  }
  async function waitForReencryption(through: KeysProcess): Promise<any> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const status = await through.admin('GET', '/keys/data/status');
      expect(status.statusCode, status.body).toBe(200);
      if (!status.json.data.running && status.json.data.remaining === 0) return status.json.data;
      if (Date.now() > deadline) throw new Error(`re-encryption did not finish: ${status.body}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    k = await createKeysPlatform();
    other = await k.start();
    c = await k.customer();
    for (let i = 0; i < CARDS; i++) cardIds.push(await k.applyCard(c.token));
    for (const cardId of cardIds) {
      const card = (await k.first.api('GET', `/v1/cards/${cardId}`, { token: c.token })).json.data;
      original.set(cardId, { cardNumber: card.cardNumber, cvv: card.cvv });
    }
  }, 120_000);
  afterAll(async () => { await k?.close(); });

  it('starts on version 0 (the master key itself) with every card on it', async () => {
    const status = await k.first.admin('GET', '/keys/data/status');
    expect(status.json.data).toEqual({ currentVersion: 0, remaining: 0, cardsByVersion: [{ version: 0, cards: CARDS }], running: false, cardsDone: 0, lastError: null });
  });

  it('survives a crash halfway: reads work throughout, and rotating again resumes instead of adding a key', async () => {
    const before = new Map((await versions()).map((row) => [row.id, row.pan]));
    expect(await k.first.app.ctx.keyring.data.rotate()).toBe(1);
    // A re-encryption that dies after its second batch of 3 (a test hook standing in for a crash), reading every card between batches.
    const crashing = new CardReencryption(k.store, k.first.app.ctx.keyring.data, k.first.app.log, {
      batchSize: 3, settle_ms: 0,
      afterBatch: async (batch) => {
        await expectCardsUnchanged(other);
        if (batch === 2) throw new Error('simulated crash');
      },
    });
    await expect(crashing.run()).rejects.toThrow('simulated crash');

    const halfway = await other.admin('GET', '/keys/data/status');
    expect(halfway.json.data).toMatchObject({ currentVersion: 1, remaining: CARDS - 6, cardsByVersion: [{ version: 0, cards: CARDS - 6 }, { version: 1, cards: 6 }] });
    await expectCardsUnchanged(k.first);
    await expectCardsUnchanged(other);

    // A card issued now, by the other process, is encrypted with the new key at once.
    const fresh = await k.applyCard(c.token, other);
    expect((await versions()).find((row) => row.id === fresh)!.v).toBe(1);
    const freshCard = (await k.first.api('GET', `/v1/cards/${fresh}`, { token: c.token })).json.data;
    original.set(fresh, { cardNumber: freshCard.cardNumber, cvv: freshCard.cvv });

    const resumed = await k.first.admin('POST', '/keys/data/rotate');
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(resumed.json.data).toMatchObject({ rotated: false, currentVersion: 1 });
    const done = await waitForReencryption(k.first);
    expect(done).toMatchObject({ currentVersion: 1, remaining: 0, cardsByVersion: [{ version: 1, cards: CARDS + 1 }], lastError: null });
    expect(done.cardsDone).toBe(CARDS - 6);
    // Every ciphertext was rewritten; the cards read exactly as before, in both processes.
    for (const row of await versions()) if (before.has(row.id)) expect(row.pan).not.toBe(before.get(row.id));
    await expectCardsUnchanged(k.first);
    await expectCardsUnchanged(other);
  });

  it('adds a new key when the previous rotation is complete, and re-encrypts everything in the background', async () => {
    const rotated = await other.admin('POST', '/keys/data/rotate');
    expect(rotated.json.data).toMatchObject({ rotated: true, currentVersion: 2 });
    const done = await waitForReencryption(other);
    expect(done.cardsByVersion).toEqual([{ version: 2, cards: CARDS + 1 }]);
    await expectCardsUnchanged(k.first);
    const stored = await sql<{ version: number; wrapped: string }>`SELECT version, wrapped FROM data_keys ORDER BY version`.execute(k.store.db);
    expect(stored.rows.map((row) => row.version)).toEqual([1, 2]);
    // Only wrapped keys are stored, and no answer carries one.
    expect(rotated.body + JSON.stringify(done)).not.toContain(stored.rows[1]!.wrapped.split('.')[3]);
  });

  it('refuses to start a process whose master key cannot open the stored data keys', async () => {
    await expect(k.start({ keys: { dataKey: randomBytes(32) } })).rejects.toThrow(/not the master key/);
  });

  it('needs the admin key', async () => {
    for (const [method, path] of [['POST', '/keys/data/rotate'], ['GET', '/keys/data/status']] as const) {
      const refused = await k.first.admin(method, path, { key: 'wrong' });
      expect(refused.statusCode).toBe(401);
      expect(refused.json.errorCode).toBe('ADMIN_UNAUTHORIZED');
    }
    expect((await k.first.admin('GET', '/keys/data/status')).json.data.currentVersion).toBe(2);
  });
});
