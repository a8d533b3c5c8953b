import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@cardepass/contract';
import { createTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { createUser, type TestUser } from '../../../../test/people-kit.ts';
import { readExport, readExportText } from '../../../../test/csv-kit.ts';
import { newUserId } from '../../../../src/lib/ids.ts';
import { EXPORT_LISTS } from './export-lists.ts';
import { exportStream } from './export-csv.ts';
import { listPages } from './list-pages.ts';

// Users are the cheapest rows to have thousands of: one INSERT of many, through no service.
async function insertUsers(p: TestPlatform, count: number, role: Role = 'viewer', names: Array<string | null> = []) {
  for (let start = 0; start < count; start += 500) {
    const rows = Array.from({ length: Math.min(500, count - start) }, (_, i) => {
      const n = start + i;
      const email = `bulk-${role}-${n}-${newUserId().slice(-6).toLowerCase()}@example.test`;
      return { id: newUserId(), email, email_key: email, role, customer_id: null, name: names[n] ?? `Bulk user ${n}`, password_hash: null, created_by: 'exports-test' };
    });
    await p.store.db.insertInto('users').values(rows).execute();
  }
}

const INJECTIONS = ['=HYPERLINK("http://evil.test","x")', '+1+2', '-2+3+cmd|\' /C calc\'!A0', '@SUM(A1:A2)', '\tTabbed', '\rReturned'];

describe('GET /admin/v1/exports/:list (bounds, injection, streaming)', () => {
  let p: TestPlatform;
  let viewer: TestUser;
  const BULK = 2500;

  beforeAll(async () => {
    p = await createTestPlatform({ products: false });
    await insertUsers(p, INJECTIONS.length + 1, 'support', [...INJECTIONS, 'Wu, "Quoted"\nNewline 吴']);
    await insertUsers(p, BULK);
    viewer = await createUser(p, 'viewer');
  }, 120_000);
  afterAll(async () => { await p?.close(); });

  it('lets a viewer export every user (the list allows it), each once, in the list\'s order', async () => {
    const file = readExport(await viewer.call('GET', '/exports/users'), 'users');
    const total = (await p.admin('GET', '/users?PageSize=1')).json.data.totalRecords;
    expect(total).toBeGreaterThan(BULK);
    expect(file.rows).toHaveLength(total);
    expect(new Set(file.rows.map((r) => r.userId)).size).toBe(total);
    const second = (await p.admin('GET', '/users?PageSize=100&PageNumber=2')).json.data.data.map((u: any) => u.userId);
    expect(file.rows.slice(100, 200).map((r) => r.userId)).toEqual(second);
    expect(file.comments).toEqual([]);
    // passwordSet is harmless, but its name says "password": dropped by name, like every such field.
    expect(file.header).toEqual(['userId', 'email', 'name', 'role', 'customerId', 'status', 'totpEnabled', 'lastSignInOn', 'createdOn']);
  });

  it('defuses formula cells with a leading apostrophe, and quotes commas, quotes and line breaks (RFC 4180)', async () => {
    const response = await p.admin('GET', '/exports/users?role=support');
    const file = readExport(response, 'users');
    const listed = (await p.admin('GET', '/users?role=support')).json.data.data.map((u: any) => u.name as string);
    expect([...listed].sort()).toEqual([...INJECTIONS, 'Wu, "Quoted"\nNewline 吴'].sort());
    expect(file.rows.map((r) => r.name)).toEqual(listed.map((name: string) => (/^[=+\-@\t\r]/.test(name) ? `'${name}` : name)));
    expect(response.body).toContain('"Wu, ""Quoted""\nNewline 吴"');
    expect(response.body).toContain(`"'=HYPERLINK(""http://evil.test"",""x"")"`);
    // No line of the file begins with a formula character.
    for (const line of file.text.split('\r\n')) expect(line).not.toMatch(/^[=+\-@]/);
  });

  it('passes the list\'s own filters and refusals through', async () => {
    expect(readExport(await p.admin('GET', '/exports/users?role=owner'), 'users').rows.every((r) => r.role === 'owner')).toBe(true);
    const bad = await p.admin('GET', '/exports/users?role=emperor');
    expect(bad.statusCode).toBe(400);
    expect(bad.json).toMatchObject({ hasError: true, errorCode: 'VALIDATION_FAILED', responseId: bad.headers['x-response-id'] });
    expect(bad.json.errorMessage).toContain('role');
  });

  it('ends a file whose later page is refused with an error line naming the responseId, not silently short', async () => {
    const doomed = await createUser(p, 'viewer');
    const fetchPage = listPages(p.app, { headers: { cookie: doomed.cookie }, query: {} }, '/admin/v1/users');
    const first = await fetchPage(1);
    if (!first.ok) throw new Error(first.envelope.errorMessage);
    // The session ends between page 1 and page 2 (signed out elsewhere, or disabled).
    await p.app.ctx.sessions.revokeAllOf(doomed.userId);
    let text = '';
    for await (const chunk of exportStream({ first: first.page, fetchPage, maxRows: 100_000, responseId: 'export-response-id', log: p.app.log })) text += chunk;
    const file = readExportText(text);
    expect(file.rows).toHaveLength(100);
    expect(file.comments).toHaveLength(1);
    expect(file.comments[0]).toMatch(/^# error: SIGN_IN_REQUIRED .* at page 2; the export is incomplete \(responseId export-response-id\)$/);
    expect(text.split('\r\n').at(-2)).toMatch(/^"# error: SIGN_IN_REQUIRED /);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('fetches the next page only when the reader has taken the previous ones (backpressure: a page or two in memory)', async () => {
    const fetchUsers = listPages(p.app, { headers: { 'x-admin-key': p.adminKey }, query: {} }, '/admin/v1/users');
    const first = await fetchUsers(1);
    if (!first.ok) throw new Error(first.envelope.errorMessage);
    expect(first.page.totalPages).toBeGreaterThan(20);
    const fetched: number[] = [];
    const stream = exportStream({ first: first.page, fetchPage: (n) => { fetched.push(n); return fetchUsers(n); }, maxRows: 100_000, responseId: 'r', log: p.app.log });
    const chunks = stream[Symbol.asyncIterator]();
    await chunks.next();
    // A reader that stops: the stream fills its 16 KiB buffer and waits.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fetched.length).toBeLessThanOrEqual(3);
    let rest = 0;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) rest += 1;
    expect(rest).toBeGreaterThan(20);
    expect(fetched).toEqual(Array.from({ length: first.page.totalPages - 1 }, (_, i) => i + 2));
  });

  it('exports a registered page-answering list for every name of the table', async () => {
    const routes = new Set(p.app.registeredRoutes.filter((r) => r.method === 'GET').map((r) => r.url));
    const customer = await p.customer({ USD: '1' });
    for (const [name, path] of Object.entries(EXPORT_LISTS)) {
      expect(routes, name).toContain(`/admin/v1${path}`);
      const query = name === 'events' ? `?customerId=${customer.customerId}` : '';
      const page = await p.admin('GET', `${path}${query}${query ? '&' : '?'}PageSize=1`);
      expect(page.json.data, name).toMatchObject({ pageNumber: 1, pageSize: 1, totalRecords: expect.any(Number), totalPages: expect.any(Number), data: expect.any(Array) });
      const file = await p.admin('GET', `/exports/${name}${query}`);
      expect(readExport(file, name).rows).toHaveLength(page.json.data.totalRecords);
    }
  });

  it('streams thousands of rows over HTTP page by page, holding a page or two', async () => {
    const address = await p.app.listen({ port: 0, host: '127.0.0.1' });
    const rssBefore_mb = process.memoryUsage().rss / 2 ** 20;
    let rssPeak_mb = rssBefore_mb;
    const started = performance.now();
    const response = await fetch(`${address}/admin/v1/exports/users`, { headers: { 'x-admin-key': p.adminKey } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBeNull();
    const reader = response.body!.getReader();
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    let text = '';
    let chunks = 0;
    let firstChunk_ms = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (chunks++ === 0) firstChunk_ms = performance.now() - started;
      text += decoder.decode(value, { stream: true });
      rssPeak_mb = Math.max(rssPeak_mb, process.memoryUsage().rss / 2 ** 20);
    }
    const total_ms = performance.now() - started;
    const file = readExportText(text);
    expect(file.rows.length).toBeGreaterThan(BULK);
    expect(chunks).toBeGreaterThan(5);
    console.log(`[exports] ${file.rows.length} rows, ${(text.length / 1024).toFixed(0)} KiB in ${chunks} chunks: first chunk ${firstChunk_ms.toFixed(0)} ms, `
      + `all ${total_ms.toFixed(0)} ms (${(file.rows.length / (total_ms / 1000)).toFixed(0)} rows/s); RSS ${rssBefore_mb.toFixed(0)} → peak ${rssPeak_mb.toFixed(0)} MiB`);
  });
});

describe('GET /admin/v1/exports/:list at a low CARDEPASS_EXPORT_MAX_ROWS', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform({ config: { exportMaxRows: 5 }, products: false });
    await insertUsers(p, 12, 'support');
    await insertUsers(p, 5, 'admin');
  });
  afterAll(async () => { await p?.close(); });

  it('stops at the limit and says so on the last line', async () => {
    const response = await p.admin('GET', '/exports/users?role=support');
    const file = readExport(response, 'users');
    expect(file.rows).toHaveLength(5);
    expect(file.comments).toEqual(['# truncated at 5 rows']);
    expect(response.body.endsWith('# truncated at 5 rows\r\n')).toBe(true);
    const firstFive = (await p.admin('GET', '/users?role=support&PageSize=5')).json.data.data.map((u: any) => u.userId);
    expect(file.rows.map((r) => r.userId)).toEqual(firstFive);
  });

  it('writes no truncation line when the list has exactly the limit', async () => {
    const file = readExport(await p.admin('GET', '/exports/users?role=admin'), 'users');
    expect(file.rows).toHaveLength(5);
    expect(file.comments).toEqual([]);
  });
});
