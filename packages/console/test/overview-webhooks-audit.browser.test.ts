// The overview, webhooks/events and audit pages in a real browser: an owner sees balances, cards by
// status and 30 days of charts drawn from orders and authorizations made through the API; a customer
// developer creates a webhook endpoint (the secret shown once), sends a test event and sees it
// delivered to a real receiver; the owner finds that endpoint's creation in the audit log, opens it
// and verifies the chain. Every page, dialog and state is checked with axe-core and photographed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../../server/test/people-kit.ts';
import type { TestCustomer } from '../../server/test/harness.ts';
import { applyCard, funding, postOk } from '../../server/test/standard-kit.ts';
import { authorize } from '../../server/test/transactions-kit.ts';
import { deliverAll, deliverer, startReceiver, type Receiver } from '../../server/test/webhook-receiver.ts';
import { browserAvailable, checkPage, openConsoleBrowser, type ConsoleBrowser } from './browser.ts';

const PASSWORD = 'a-long-overview-passphrase-31';
// The machine is shared and slow: a page's answer may take seconds (vitest's default wait is 1 s).
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });

describe.skipIf(!browserAvailable())('console overview, webhooks and audit pages in a real browser', () => {
  let b: ConsoleBrowser;
  let page: Page;
  let customer: TestCustomer;
  let receiver: Receiver;
  let owner: TestUser;
  let developer: TestUser;
  let endpointId = '';
  let secret = '';
  beforeAll(async () => {
    b = await openConsoleBrowser();
    page = b.page;
    receiver = await startReceiver();
    customer = await b.platform.customer({ USD: '1000' });
    owner = await createUser(b.platform, 'owner', { password: PASSWORD });
    developer = await createUser(b.platform, 'customer_developer', { customerId: customer.customerId, password: PASSWORD });
    // Today's activity, through the integrator API: 2 cards (top-ups 100 and 50), a top-up of 25, a
    // withdrawal of 10, one approved and one declined authorization.
    const first = await applyCard(b.platform, customer, '100');
    await applyCard(b.platform, customer, '50');
    await postOk(b.platform, customer, 'topup', { cardId: first.cardId, topUpAmount: '25' });
    await postOk(b.platform, customer, 'withdraw', { cardId: first.cardId, withdrawAmount: '10' });
    expect((await authorize(b.platform, customer, first.cardId, '20')).status).toBe('Pending');
    expect((await authorize(b.platform, customer, first.cardId, '90000')).status).toBe('Declined');
  }, 120_000);
  afterAll(async () => {
    if (b) await b.platform.expectLedgerClean();
    await receiver?.close();
    await b?.close();
  });

  const signInAs = async (user: TestUser) => {
    if (await page.getByRole('button', { name: 'Sign out' }).isVisible().catch(() => false)) {
      await page.getByRole('button', { name: 'Sign out' }).click();
    } else {
      await b.open('/console/sign-in');
    }
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('E-mail address').fill(user.email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  };
  const chart = (name: string) => page.getByRole('figure', { name });
  /** The chart's own table, opened with its "Show as table" button: today's (the last) row's cells. */
  const todayRow = async (name: string) => {
    await chart(name).getByRole('button', { name: 'Show as table' }).click();
    return chart(name).locator('tbody tr').last().locator('th, td').allTextContents();
  };

  it('an owner sees balances, cards by status and 30 days of charts from the real orders', async () => {
    await signInAs(owner);
    // With no customer chosen: every customer's USD funding account, paged on the server.
    const usd = await funding(b.platform, customer);
    await poll(() => page.getByRole('table', { name: 'Funding accounts in USD' }).textContent()).toContain(customer.customerId);
    await poll(() => page.getByRole('img').count()).toBe(3);
    await checkPage(page, 'overview-operator-all');

    await page.getByLabel('Find a customer').fill(customer.customerId);
    await poll(async () => (await page.getByLabel('Customer', { exact: true }).locator('option').allTextContents()).some((o) => o.includes(customer.customerId))).toBe(true);
    await page.getByLabel('Customer', { exact: true }).selectOption(customer.customerId);
    await page.getByRole('button', { name: 'Apply' }).click();
    await poll(() => new URL(page.url()).searchParams.get('customerId')).toBe(customer.customerId);
    await poll(() => page.getByTestId('balances').locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: 'USD' }) }).locator('th, td').allTextContents())
      .toEqual(['USD', `${usd.amount.toFixed(2)} USD`, `${usd.ledgerAmount.toFixed(2)} USD`, `${usd.heldAmount.toFixed(2)} USD`]);
    await poll(() => page.getByTestId('card-counts').textContent()).toBe('Active2Blocked0Cancelled0Expired0');

    // The charts' accessible names summarise them; their tables hold the very numbers drawn: the orders
    // and authorizations made above, and the amounts the statistics endpoint sums (fees are its business).
    const stats = (await b.platform.admin('GET', `/stats/daily?currency=USD&customerId=${customer.customerId}`)).json.data;
    const day = stats.days.at(-1);
    const today = new Date().toISOString().slice(0, 10);
    expect(day.date).toBe(today);
    const money = (amount: number) => `${amount.toFixed(2)} USD`;
    expect(await page.getByRole('img', { name: /^Orders per day, .*Completed 4 in total, Failed 0 in total/ }).count()).toBe(1);
    expect(await page.getByRole('img', { name: /^Authorizations per day, .*Approved 1 in total, Declined 1 in total/ }).count()).toBe(1);
    expect(await page.getByRole('img', { name: `Top-ups and withdrawals per day (USD), ${stats.from} to ${stats.to}: Top-ups ${money(day.topUpAmount)} in total, Withdrawals ${money(day.withdrawalAmount)} in total. Busiest day ${today}.` }).count()).toBe(1);
    expect(day.topUpAmount).toBeGreaterThanOrEqual(175);
    expect(await todayRow('Orders per day')).toEqual([today, '4', '0', '0']);
    expect(await todayRow('Authorizations per day')).toEqual([today, '1', '1']);
    expect(await todayRow('Top-ups and withdrawals per day (USD)')).toEqual([today, money(day.topUpAmount), money(day.withdrawalAmount)]);
    expect(await chart('Orders per day').locator('tbody tr').count()).toBe(30);
    await checkPage(page, 'overview-operator-customer-tables');

    // The currency switch applies at once: no EUR activity.
    await page.getByLabel('Currency').selectOption('EUR');
    await poll(() => page.getByRole('img', { name: /^Orders per day, .*: no activity\.$/ }).count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('customerId')).toBe(customer.customerId);
  });

  it('a customer developer creates an endpoint (secret once), sends a test event and sees it delivered', async () => {
    await signInAs(developer);
    // The customer's own overview: no customer choice, its own balances.
    expect(await page.getByLabel('Find a customer').count()).toBe(0);
    await poll(() => page.getByTestId('card-counts').textContent()).toBe('Active2Blocked0Cancelled0Expired0');
    await checkPage(page, 'overview-customer');
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Audit log' }).count()).toBe(0);

    await nav.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await poll(() => page.getByRole('main').textContent()).toContain('No webhook endpoints yet.');
    await checkPage(page, 'webhooks-empty');
    await page.getByRole('button', { name: 'New endpoint' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Create the endpoint' }).click();
    await poll(() => dialog.locator('.field-error').allTextContents()).toEqual(['This field is required']);
    await dialog.getByLabel('URL').fill('ftp://example.test/hook');
    await dialog.getByRole('button', { name: 'Create the endpoint' }).click();
    await poll(() => dialog.locator('.field-error').allTextContents()).toEqual(['Enter an http or https URL']);
    await checkPage(page, 'webhooks-create-errors');
    await dialog.getByLabel('URL').fill(receiver.url);
    await dialog.getByLabel('card.created').check();
    await dialog.getByLabel('webhook.test').check();
    await dialog.getByLabel('Description').fill('Orders service');
    let creates = 0;
    const count = (request: { method(): string; url(): string }) => { if (request.method() === 'POST' && request.url().endsWith('/admin/v1/webhooks/endpoints')) creates++; };
    page.on('request', count);
    await dialog.getByRole('button', { name: 'Create the endpoint' }).dblclick();
    await page.getByTestId('webhook-secret').waitFor();
    page.off('request', count);
    expect(creates).toBe(1);
    secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    await checkPage(page, 'webhooks-secret-once');
    await page.getByRole('button', { name: 'I have stored the secret' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);
    // Gone with the dialog: the secret is nowhere in the page any more.
    expect(await page.content()).not.toContain(secret);
    const v1 = (await b.platform.api('GET', '/v1/webhooks/endpoints', { token: customer.token })).json.data;
    expect(v1).toHaveLength(1);
    expect(v1[0]).toMatchObject({ url: receiver.url, eventTypes: ['card.created', 'webhook.test'], description: 'Orders service', status: 'Enabled' });
    endpointId = v1[0].endpointId;
    await checkPage(page, 'webhooks-list');

    await page.getByRole('button', { name: `Send test ${receiver.url}` }).click();
    await poll(() => page.getByTestId('webhook-notice').textContent()).toMatch(/^Test event evt_\S+ sent to /);
    await deliverAll(deliverer(b.platform), b.platform.store, customer.customerId, 10_000);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]!.headers['webhook-signature']).toMatch(/^v1,/);

    await page.getByRole('link', { name: 'Events and deliveries' }).click();
    await page.getByRole('heading', { name: 'Events', level: 1 }).waitFor();
    await page.getByLabel('Event type').selectOption('webhook.test');
    await page.getByRole('button', { name: 'Apply' }).click();
    const row = page.locator('tbody tr').filter({ hasText: 'webhook.test' });
    await poll(() => row.count()).toBe(1);
    await poll(() => row.locator('[data-delivery-status]').getAttribute('data-delivery-status')).toBe('Delivered');
    await row.locator('summary').click();
    const attempt = row.getByRole('table').locator('tbody tr');
    await poll(() => attempt.count()).toBe(1);
    expect((await attempt.locator('td').allTextContents())[1]).toBe('200');
    expect(await row.getByRole('button', { name: /^Resend evt_/ }).count()).toBe(1);
    await checkPage(page, 'events-delivered');
  });

  it('the developer resends the event, edits, disables, rotates the secret, recovers and deletes the endpoint', async () => {
    const row = page.locator('tbody tr').filter({ hasText: 'webhook.test' });
    await row.getByRole('button', { name: /^Resend evt_/ }).click();
    await poll(() => page.getByRole('status').filter({ hasText: 'deliveries queued' }).textContent()).toMatch(/^Event evt_\S+: 1 deliveries queued\.$/);
    await page.getByRole('link', { name: 'Webhook endpoints' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    const v1 = async () => (await b.platform.api('GET', `/v1/webhooks/endpoints/${endpointId}`, { token: customer.token })).json.data;

    await page.getByRole('button', { name: `Edit ${receiver.url}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('card.created').uncheck();
    await dialog.getByLabel('Description').fill('Only tests');
    await checkPage(page, 'webhooks-edit');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(await v1()).toMatchObject({ eventTypes: ['webhook.test'], description: 'Only tests' });

    await page.getByRole('button', { name: `Disable ${receiver.url}` }).click();
    await poll(async () => (await v1()).status).toBe('Disabled');
    await page.getByRole('button', { name: `Enable ${receiver.url}` }).click();
    await poll(async () => (await v1()).status).toBe('Enabled');

    await page.getByRole('button', { name: `Rotate secret ${receiver.url}` }).click();
    await checkPage(page, 'webhooks-rotate-confirm');
    await dialog.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByTestId('webhook-secret').waitFor();
    const rotated = (await page.getByTestId('webhook-secret').textContent()) ?? '';
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await page.getByRole('button', { name: 'I have stored the secret' }).click();
    expect(await page.content()).not.toContain(rotated);

    await page.getByRole('button', { name: `Recover ${receiver.url}` }).click();
    await checkPage(page, 'webhooks-recover');
    await dialog.getByRole('button', { name: 'Recover' }).click();
    await poll(() => page.getByTestId('webhook-notice').textContent()).toBe('0 deliveries queued again.');

    await page.getByRole('button', { name: `Delete ${receiver.url}` }).click();
    expect(await dialog.textContent()).toContain('This cannot be undone.');
    await checkPage(page, 'webhooks-delete-confirm');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await poll(() => page.getByRole('main').textContent()).toContain('No webhook endpoints yet.');
    expect((await b.platform.api('GET', '/v1/webhooks/endpoints', { token: customer.token })).json.data).toEqual([]);
  });

  it('the owner filters the audit log to that endpoint\'s creation, opens it and verifies the chain', async () => {
    await signInAs(owner);
    // An operator names the customer first; then sees its endpoints and events (with the same actions).
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await poll(() => page.getByRole('main').textContent()).toContain('Choose a customer above to see its webhook endpoints.');
    await checkPage(page, 'webhooks-operator-choose');
    await b.open(`/console/events?customerId=${customer.customerId}`);
    await poll(() => page.locator('[data-delivery-status]').count()).toBe(2);
    await checkPage(page, 'events-operator');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    await poll(() => page.locator('tbody tr').count()).toBeGreaterThan(1);
    await checkPage(page, 'audit-list');
    await page.getByLabel('Action', { exact: true }).fill('webhook_endpoint.create');
    await page.getByLabel('Target id').fill(endpointId);
    await page.getByRole('button', { name: 'Apply' }).click();
    await poll(() => page.locator('tbody tr').count()).toBe(1);
    const cells = await page.locator('tbody tr td').allTextContents();
    expect(cells.join(' ')).toContain(developer.email);
    expect(cells.join(' ')).toContain(customer.customerId);
    await checkPage(page, 'audit-filtered');

    await page.locator('tbody tr').getByRole('link').click();
    await page.getByRole('heading', { name: /^Audit entry \d+$/ }).waitFor();
    expect(await page.getByRole('heading', { name: 'Before' }).count()).toBe(1);
    const after = JSON.parse((await page.getByTestId('audit-after').textContent()) ?? 'null');
    expect(after).toMatchObject({ url: receiver.url, description: 'Orders service' });
    expect(await page.content()).not.toContain(secret);
    await checkPage(page, 'audit-detail');

    await page.getByRole('link', { name: 'Back to the audit log' }).first().click();
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await poll(() => page.getByTestId('audit-verify-result').textContent()).toMatch(/^Chain intact: \d+ rows checked\.$/);
    const shown = Number((await page.getByTestId('audit-verify-result').textContent())!.match(/(\d+) rows/)![1]);
    // The same count the API gives (a read writes no audit row), and at least the rows this test made.
    const verified = (await b.platform.admin('GET', '/audit/verify')).json.data;
    expect(verified).toMatchObject({ ok: true, rows: shown });
    expect(shown).toBeGreaterThanOrEqual(3);
    await checkPage(page, 'audit-verified');
    expect(b.pageErrors).toEqual([]);
  });
});
