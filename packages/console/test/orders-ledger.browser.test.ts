// The orders, transactions and ledger pages in a real browser, on real data (admin-reads-kit: two
// customers, orders of both modes, one that failed, an authorization cleared and partly refunded,
// one reversed) plus a top-up placed from the console. An operator filters orders by type and opens
// one (fees, postings, who asked), follows a transaction's timeline, explores an account's entries and
// verifies the ledger; a customer user sees only its own orders and its own funding accounts.
// Every page and state is checked with axe-core and photographed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../../server/test/people-kit.ts';
import { WORLD_SETUP_MS, buildAdminReadsWorld, channel, type AdminReadsWorld } from '../../server/test/admin-reads-kit.ts';
import { browserAvailable, checkPage, openConsoleBrowser, type ConsoleBrowser } from './browser.ts';

const PASSWORD = 'a-long-ledger-passphrase-31';

describe.skipIf(!browserAvailable())('console orders, transactions and ledger pages in a real browser', () => {
  const switchable = channel();
  let b: ConsoleBrowser;
  let page: Page;
  let w: AdminReadsWorld;
  let admin: TestUser;
  let viewerA: TestUser;
  let consoleOrderNo = '';
  beforeAll(async () => {
    b = await openConsoleBrowser({ channel: switchable });
    page = b.page;
    w = await buildAdminReadsWorld(b.platform, switchable);
    admin = await createUser(b.platform, 'admin', { password: PASSWORD });
    viewerA = await createUser(b.platform, 'customer_viewer', { customerId: w.a.customerId, password: PASSWORD });
    // One order placed from the console (by a customer admin of A): the order page names who asked for it.
    const customerAdmin = await createUser(b.platform, 'customer_admin', { customerId: w.a.customerId });
    const topUp = await customerAdmin.call('POST', `/cards/${w.marketing}/topup`, { topUpAmount: '15', customerOrderNo: 'console-ledger-test-1' });
    expect(topUp.statusCode, topUp.body).toBe(200);
    consoleOrderNo = topUp.json.data.orderNo;
  }, WORLD_SETUP_MS);
  afterAll(async () => {
    if (b) await b.platform.expectLedgerClean();
    await b?.close();
  });

  const main = () => page.getByRole('main');
  const nav = () => page.getByRole('navigation', { name: 'Main' });
  const rows = () => main().locator('table.table tbody tr');
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
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  };

  it('an operator lists every customer\'s orders, filters by type on the server, opens a failed order', async () => {
    await signInAs(admin);
    await nav().getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
    await expect.poll(() => page.getByText('10 records', { exact: true }).count()).toBe(1);
    expect(await main().textContent()).toContain(w.b.customerId);
    await checkPage(page, 'orders-list');

    const requests: string[] = [];
    const watch = (request: { url(): string }) => { if (request.url().includes('/admin/v1/orders?')) requests.push(request.url()); };
    page.on('request', watch);
    await page.getByLabel('Type').selectOption('CardTopUp');
    await page.getByLabel('Customer id').fill(w.a.customerId);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByText('3 records', { exact: true }).count()).toBe(1);
    page.off('request', watch);
    // Filtered by the server: the query carries the filters, and the URL keeps them for a reload.
    expect(requests.at(-1)).toContain('orderType=CardTopUp');
    expect(requests.at(-1)).toContain(`customerId=${w.a.customerId}`);
    expect(new URL(page.url()).searchParams.get('orderType')).toBe('CardTopUp');
    expect(await rows().count()).toBe(3);
    expect(await main().locator('tbody .badge').allTextContents()).toEqual(expect.arrayContaining(['Failed', 'Completed']));
    await checkPage(page, 'orders-filtered');

    await main().getByRole('link', { name: w.failedOrderNo }).click();
    await page.getByRole('heading', { name: `Order ${w.failedOrderNo}`, level: 1 }).waitFor();
    expect(await page.getByTestId('order-status').textContent()).toBe('Failed');
    const failure = (await b.platform.admin('GET', `/orders/${w.failedOrderNo}`)).json.data.order.failureReason;
    expect(failure).toBeTruthy();
    expect(await page.getByTestId('order-failure').textContent()).toBe(failure);
    expect(await page.getByTestId('order-requested-by').textContent()).toBe('Integrator API');
    expect(await main().textContent()).toContain('No money has moved for this order');
    await checkPage(page, 'order-failed');
  });

  it('opens the console-placed top-up: who asked, its fee lines and its balanced journal postings', async () => {
    await b.open(`/console/orders/${consoleOrderNo}`);
    await page.getByRole('heading', { name: `Order ${consoleOrderNo}`, level: 1 }).waitFor();
    const detail = (await b.platform.admin('GET', `/orders/${consoleOrderNo}`)).json.data;
    expect(detail.order.requestedBy).toBeTruthy();
    expect(await page.getByTestId('order-requested-by').textContent()).toBe(detail.order.requestedBy);
    expect(await page.getByTestId('order-status').textContent()).toBe('Completed');
    const fees = page.getByRole('table', { name: 'Fee lines' });
    expect(await fees.locator('tbody tr').count()).toBe(detail.feeLines.length);
    expect(detail.journalEntries).toHaveLength(1);
    const postings = page.getByRole('table', { name: /Postings of entry/ });
    expect(await postings.locator('tbody tr').count()).toBe(detail.journalEntries[0].postings.length);
    // The card's leg shows the top-up with the currency's decimals.
    expect(await postings.textContent()).toContain('15.00 USD');
    await checkPage(page, 'order-detail');
  });

  it('opens a transaction: the authorization\'s timeline (authorized, cleared, refunded) with amounts and times', async () => {
    await nav().getByRole('link', { name: 'Transactions' }).click();
    await page.getByRole('heading', { name: 'Transactions', level: 1 }).waitFor();
    await expect.poll(() => rows().count()).toBeGreaterThan(0);
    await checkPage(page, 'transactions-list');
    await page.getByLabel('Type').selectOption('Refund');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByText('1 records', { exact: true }).count()).toBe(1);
    await rows().first().getByRole('link').click();
    await page.getByRole('heading', { name: /^Transaction /, level: 1 }).waitFor();
    const steps = page.getByTestId('timeline').locator('li');
    await expect.poll(() => steps.count()).toBe(3);
    const texts = (await steps.allTextContents()).map((s) => s.replace(/\s+/g, ' '));
    expect(texts[0]).toContain('Authorized: 12.34 USD held');
    expect(texts[1]).toContain('Cleared in full: 12.34 USD');
    expect(texts[2]).toContain('Refunded: 2.34 USD credited back');
    expect(texts[2]).toContain('this transaction');
    expect(await page.getByTestId('authorization-summary').textContent()).toContain('2.34 USD');
    // Times in the user's zone, the UTC time on hover.
    expect(await steps.first().locator('time').getAttribute('title')).toMatch(/Z \(UTC\)$/);
    await checkPage(page, 'transaction-timeline');

    await steps.first().getByRole('link').click();
    await page.getByRole('heading', { name: `Transaction ${w.clearedAuth}`, level: 1 }).waitFor();
    expect(await page.getByTestId('transaction-status').textContent()).toBe('Settled');
  });

  it('explores the ledger: a funding account\'s entries page by page, an entry\'s postings, and verifies the ledger', async () => {
    await nav().getByRole('link', { name: 'Ledger' }).click();
    await page.getByRole('heading', { name: 'Ledger', level: 1 }).waitFor();
    await expect.poll(() => rows().count()).toBeGreaterThan(0);
    await checkPage(page, 'ledger-accounts');
    await page.getByLabel('Customer id').fill(w.a.customerId);
    await page.getByLabel('Account type').selectOption('funding');
    await page.getByLabel('Currency').selectOption('USD');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByText('1 records', { exact: true }).count()).toBe(1);
    const account = (await b.platform.admin('GET', `/ledger/accounts?customerId=${w.a.customerId}&type=funding&currency=USD`)).json.data.data[0];
    await rows().first().getByRole('link').click();
    await page.getByRole('heading', { name: `Account ${account.accountId}`, level: 1 }).waitFor();
    await expect.poll(() => rows().count()).toBeGreaterThan(0);
    const total = (await b.platform.admin('GET', `/ledger/entries?accountId=${account.accountId}`)).json.data.totalRecords;
    expect(total).toBeGreaterThan(5);
    await expect.poll(() => page.getByText(`${total} records`, { exact: true }).count()).toBe(1);
    // The console's top-up debited this account twice (amount and fee): one row, the net and the balance after both.
    const paid = (await b.platform.admin('GET', `/orders/${consoleOrderNo}`)).json.data.order.totalPayAmount as number;
    const topUpRow = rows().filter({ hasText: consoleOrderNo });
    expect(await topUpRow.locator('td.numeric').allTextContents()).toEqual([
      `-${paid.toFixed(2)} USD`, `${(account.ledgerBalance as number).toLocaleString('en-US', { minimumFractionDigits: 2 })} USD`]);
    await checkPage(page, 'ledger-account');
    // Paged on the server: 5 a page, the next page holds the rest.
    await b.open(`/console/ledger/accounts/${account.accountId}?PageSize=5`);
    await expect.poll(() => rows().count()).toBe(5);
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => rows().count()).toBe(Math.min(5, total - 5));
    expect(new URL(page.url()).searchParams.get('PageNumber')).toBe('2');
    expect(await main().getByRole('navigation').textContent()).toContain(`Page 2 of ${Math.ceil(total / 5)}`);

    await rows().first().getByRole('link').first().click();
    await page.getByRole('heading', { name: /^Journal entry \d+$/, level: 1 }).waitFor();
    expect(await main().getByRole('table').locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    await checkPage(page, 'ledger-entry');

    await nav().getByRole('link', { name: 'Ledger' }).click();
    await page.getByRole('button', { name: 'Verify ledger' }).click();
    await expect.poll(() => page.getByTestId('ledger-verify-result').textContent()).toMatch(/^The ledger is consistent: \d+ entries and \d+ accounts checked\.$/);
    await checkPage(page, 'ledger-verified');
  });

  it('a customer user sees only its own orders and its own funding accounts, without verify or customer filters', async () => {
    await signInAs(viewerA);
    expect(await nav().getByRole('link').allTextContents()).toEqual(expect.arrayContaining(['Orders', 'Transactions', 'Funding accounts']));
    await nav().getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
    const own = (await viewerA.call('GET', '/orders?PageSize=100')).json.data;
    await expect.poll(() => page.getByText(`${own.totalRecords} records`, { exact: true }).count()).toBe(1);
    expect(own.data.every((o: { customerId: string }) => o.customerId === w.a.customerId)).toBe(true);
    expect(await page.getByLabel('Customer id').count()).toBe(0);
    expect(await main().textContent()).not.toContain(w.b.customerId);
    await checkPage(page, 'orders-customer');
    // Another customer's order is answered as not found.
    const otherOrder = (await b.platform.admin('GET', `/orders?customerId=${w.b.customerId}`)).json.data.data[0].orderNo;
    await b.open(`/console/orders/${otherOrder}`);
    await expect.poll(() => main().textContent()).toContain('There is no order with this number, or it is not yours to see.');
    await checkPage(page, 'order-not-found');

    await nav().getByRole('link', { name: 'Funding accounts' }).click();
    await page.getByRole('heading', { name: 'Funding accounts and their logs', level: 1 }).waitFor();
    await expect.poll(() => rows().count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: 'Verify ledger' }).count()).toBe(0);
    expect(await page.getByLabel('Account type').locator('option').allTextContents()).toEqual(['Any', 'Funding account', 'Card balance']);
    const types = await main().locator('tbody tr td:nth-child(2)').allTextContents();
    expect(types.every((type) => type === 'Funding account' || type === 'Card balance')).toBe(true);
    await checkPage(page, 'ledger-customer');
    expect(b.pageErrors).toEqual([]);
  });
});
