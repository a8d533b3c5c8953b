// Replays the curl examples of the published API reference against the app:
// only the host, the client credentials, `your_access_token` and the card ids
// (`CARD123456`, `CARD789012`) are substituted (and a customerOrderNo if the
// flow has used it already); method, headers and body go as written — except
// the share-balance block, unblock and cancel examples, whose body is a
// placeholder (`{"example": "data"}`) and is replaced by the one parameter
// their tables document, cardId. Each must succeed, and the response must
// carry every field the document's response example shows.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestCustomer, type TestPlatform } from './harness.ts';
import { applyCard } from './standard-kit.ts';
import { applyShareCard } from './share-balance-kit.ts';

const REFERENCE = join(dirname(fileURLToPath(import.meta.url)), '../../../docs/spec/api-reference.zh.md');
const HOST = 'https://test.cardepass.com';
const PLACEHOLDER_BODY = /^\s*\{\s*"example":\s*"data"\s*\}\s*$/;

interface Example { heading: string; method: string; url: string; headers: Record<string, string>; data: string | undefined; response: unknown }

/** Splits a shell command into words: single quotes literal, double quotes with \" escapes, backslash-newline joins lines. */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  const text = command.replace(/\\\n/g, ' ');
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      word = (word ?? '') + text.slice(i + 1, end);
      i = end;
    } else if (ch === '"') {
      let j = i + 1;
      let chunk = '';
      for (; text[j] !== '"'; j++) chunk += text[j] === '\\' ? text[++j] : text[j];
      word = (word ?? '') + chunk;
      i = j;
    } else if (/\s/.test(ch)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

/** Every curl example of the document, with the JSON response example that follows it. */
function parseExamples(markdown: string): Example[] {
  const examples: Example[] = [];
  const blocks = [...markdown.matchAll(/^```(\w+)\n([\s\S]*?)^```/gm)];
  blocks.forEach((block, index) => {
    if (block[1] !== 'bash' || !block[2]!.includes('curl ')) return;
    const words = shellWords(block[2]!.trim());
    expect(words[0]).toBe('curl');
    const example: Example = { heading: '', method: '', url: '', headers: {}, data: undefined, response: undefined };
    for (let i = 1; i < words.length; i++) {
      const w = words[i]!;
      if (w === '-X') example.method = words[++i]!;
      else if (w === '-H') {
        const [name, ...value] = words[++i]!.split(':');
        example.headers[name!.trim().toLowerCase()] = value.join(':').trim();
      } else if (w === '-d') example.data = words[++i]!;
      else if (w.startsWith('http')) example.url = w;
      else throw new Error(`unexpected curl argument ${w}`);
    }
    example.method ||= example.data === undefined ? 'GET' : 'POST';
    const before = markdown.slice(0, block.index);
    example.heading = before.slice(before.lastIndexOf('\n## ') + 4).split('\n')[0]!;
    const next = blocks[index + 1];
    if (next?.[1] === 'json') example.response = JSON.parse(next[2]!);
    examples.push(example);
  });
  return examples;
}

/** Every key the documented example shows is present in the actual response (recursively; arrays by their first element). */
function expectShape(actual: unknown, documented: unknown, path = 'response'): void {
  if (documented === null || typeof documented !== 'object' || actual === null || typeof actual !== 'object') return;
  if (Array.isArray(documented)) {
    expect(Array.isArray(actual), `${path} is an array`).toBe(true);
    if (documented.length > 0 && (actual as unknown[]).length > 0) expectShape((actual as unknown[])[0], documented[0], `${path}[0]`);
    return;
  }
  for (const [key, value] of Object.entries(documented)) {
    expect(actual, `${path}.${key}`).toHaveProperty([key]);
    expectShape((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
  }
}

const examples = parseExamples(readFileSync(REFERENCE, 'utf8'));
const pathOf = (e: Example) => e.url.slice(HOST.length);

describe('the API reference\'s curl examples', () => {
  let p: TestPlatform;
  let c: TestCustomer;
  let accessToken: string | undefined;
  /**
   * CARD123456 → a real Standard card of the customer; the cancel example gets a card of its own so later
   * examples still have one. The share-balance examples (CARD789012, placeholder bodies) work on a ShareBalance card.
   */
  const cards = { main: '', toCancel: '', share: '' };
  const usedOrderNos = new Set<string>();

  beforeAll(async () => {
    p = await createTestPlatform();
    c = await p.customer({ USD: '10000' });
    cards.main = (await applyCard(p, c, '300')).cardId;
    cards.toCancel = (await applyCard(p, c, '50')).cardId;
    cards.share = (await applyShareCard(p, c)).cardId;
  });
  afterAll(async () => { await p?.close(); });
  afterEach(async () => { await p.expectLedgerClean(); });

  it('finds every example: 20 to replay', () => {
    expect(examples.every((e) => e.url.startsWith(`${HOST}/openapi/`))).toBe(true);
    // Each has a response example to hold the answer against.
    expect(examples.filter((e) => e.response === undefined).map(pathOf)).toEqual([]);
    // Only these three carry the placeholder body.
    expect(examples.filter((e) => PLACEHOLDER_BODY.test(e.data ?? '')).map(pathOf)).toEqual([
      '/openapi/v1/orders/sharebalance/block', '/openapi/v1/orders/sharebalance/unblock', '/openapi/v1/orders/sharebalance/cancel',
    ]);
    expect(examples.map((e) => `${e.method} ${pathOf(e)}`)).toEqual([
      'POST /openapi/connect/token',
      'GET /openapi/v1/ping',
      'GET /openapi/v1/products',
      'GET /openapi/v1/cards/CARD123456',
      'POST /openapi/v1/orders/standard/apply',
      'POST /openapi/v1/orders/standard/topup',
      'POST /openapi/v1/orders/standard/block',
      'POST /openapi/v1/orders/standard/unblock',
      'POST /openapi/v1/orders/standard/cancel',
      'POST /openapi/v1/orders/standard/withdraw',
      'GET /openapi/v1/orders/standard?OrderType=ApplyCard',
      'POST /openapi/v1/orders/sharebalance/apply',
      'POST /openapi/v1/orders/sharebalance/creditLimit',
      'POST /openapi/v1/orders/sharebalance/block',
      'POST /openapi/v1/orders/sharebalance/unblock',
      'POST /openapi/v1/orders/sharebalance/cancel',
      'GET /openapi/v1/orders/sharebalance?OrderType=ApplyCard',
      'GET /openapi/v1/accounts',
      'GET /openapi/v1/accounts/cardAccountLogs?CardId=CARD123456',
      'GET /openapi/v1/accounts/accountLogs',
    ]);
  });

  // In document order: the token example's token is used by all that follow.
  it.each(examples.map((e) => [`${e.method} ${pathOf(e)} (${e.heading})`, e] as const))('%s', async (_, example) => {
    const cardId = pathOf(example).startsWith('/openapi/v1/orders/standard/cancel') ? cards.toCancel : cards.main;
    const substitute = (text: string) => text
      .replaceAll(HOST, '')
      .replaceAll('your_client_id', c.clientId)
      .replaceAll('your_client_secret', c.clientSecret)
      .replaceAll('your_access_token', accessToken ?? c.token)
      .replaceAll('CARD123456', cardId)
      .replaceAll('CARD789012', cards.share);
    const data = example.data !== undefined && PLACEHOLDER_BODY.test(example.data) ? JSON.stringify({ cardId: cards.share }) : example.data;
    let payload = data === undefined ? undefined : substitute(data);
    // customerOrderNo is unique per customer for ever: make one unique only if this run has used it.
    const orderNo = payload?.match(/"customerOrderNo":\s*"([^"]+)"/)?.[1];
    if (orderNo && usedOrderNos.has(orderNo)) payload = payload!.replace(`"${orderNo}"`, `"${orderNo}-${usedOrderNos.size}"`);
    if (orderNo) usedOrderNos.add(orderNo);

    const headers = Object.fromEntries(Object.entries(example.headers).map(([k, v]) => [k, substitute(v)]));
    const response = await p.app.inject({ method: example.method as 'GET', url: substitute(example.url), headers, ...(payload === undefined ? {} : { payload }) });
    expect(response.statusCode, response.body).toBe(200);
    const json = response.json();
    if (pathOf(example) === '/openapi/connect/token') {
      expect(json).toMatchObject({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600, scope: 'openapi' });
      accessToken = json.access_token;
      return;
    }
    expect(json).toMatchObject({ hasError: false, errorCode: null });
    expectShape(json, example.response);
    if (json.data?.status !== undefined && /\/orders\//.test(example.url)) expect(json.data.status).toBe('Completed');
  });
});
