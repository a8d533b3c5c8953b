// The cards pages in a real browser: a customer admin applies for a Standard card, tops it up, reveals
// its number (reason required; the audit log has the row) and blocks it; a customer viewer sees the
// card without any action and is refused a forged POST; a support user may block and unblock but not
// reveal or move money. Every page and dialog is checked with axe-core and photographed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../../server/test/people-kit.ts';
import type { TestCustomer } from '../../server/test/harness.ts';
import { browserAvailable, checkA11y, checkPage, openConsoleBrowser, type ConsoleBrowser } from './browser.ts';

const PASSWORD = 'a-long-cards-passphrase-77';

describe.skipIf(!browserAvailable())('console cards pages in a real browser', () => {
  let b: ConsoleBrowser;
  let page: Page;
  let customer: TestCustomer;
  let users: Record<'customer_admin' | 'customer_viewer' | 'support', TestUser>;
  let cardId = '';
  beforeAll(async () => {
    b = await openConsoleBrowser();
    page = b.page;
    customer = await b.platform.customer({ USD: '1000' });
    users = {
      customer_admin: await createUser(b.platform, 'customer_admin', { customerId: customer.customerId, password: PASSWORD }),
      customer_viewer: await createUser(b.platform, 'customer_viewer', { customerId: customer.customerId, password: PASSWORD }),
      support: await createUser(b.platform, 'support', { password: PASSWORD }),
    };
  }, 120_000);
  afterAll(async () => {
    if (b) await b.platform.expectLedgerClean();
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
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  };
  const dialog = () => page.getByRole('dialog');
  const balance = () => page.getByTestId('card-balance').textContent();
  const actionButtons = () => page.locator('.card-actions button').allTextContents();

  it('a customer admin applies for a Standard card: client checks first, then the order, then the card', async () => {
    await signInAs(users.customer_admin);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cards' }).click();
    await page.getByRole('heading', { name: 'Cards', level: 1 }).waitFor();
    await expect.poll(() => page.getByRole('main').textContent()).toContain('No cards match these filters.');
    // A customer user has no customer filter or column: the server scopes it to its own customer.
    expect(await page.getByLabel('Customer id').count()).toBe(0);
    await checkPage(page, 'cards-list-empty');

    await page.getByRole('link', { name: 'New card' }).click();
    await page.getByRole('heading', { name: 'New card', level: 1 }).waitFor();
    expect(await page.getByLabel('Customer', { exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'Apply for the card' }).click();
    await expect.poll(() => page.locator('.field-error').count()).toBeGreaterThanOrEqual(3);
    await checkPage(page, 'card-apply-errors');
    await page.getByLabel('Product').selectOption('PROD001');
    await page.getByLabel('Currency').selectOption('USD');
    await page.getByLabel('First top-up (USD)').fill('100.123');
    await page.getByRole('button', { name: 'Apply for the card' }).click();
    await expect.poll(() => page.locator('.field-error').allTextContents()).toEqual(['Too many decimals for USD (at most 2)']);
    await page.getByLabel('First top-up (USD)').fill('100');
    await page.getByLabel('Alias').fill('Travel');
    let applyPosts = 0;
    const count = (request: { method(): string; url(): string }) => { if (request.method() === 'POST' && request.url().endsWith('/admin/v1/cards')) applyPosts++; };
    page.on('request', count);
    await page.getByRole('button', { name: 'Apply for the card' }).dblclick();
    await expect.poll(() => page.getByTestId('order-result').textContent()).toMatch(/completed/);
    page.off('request', count);
    expect(applyPosts).toBe(1);
    await checkPage(page, 'card-apply-done');
    await page.getByRole('link', { name: 'Open the new card' }).click();
    await page.getByRole('heading', { name: /^Card 522981\*+\d{4}$/ }).waitFor();
    cardId = new URL(page.url()).pathname.split('/').pop()!;
    const v1 = (await b.platform.api('GET', `/v1/cards/${cardId}`, { token: customer.token })).json.data;
    expect(v1).toMatchObject({ status: 'Active', balanceAmount: 100, alias: 'Travel' });
    expect(await balance()).toBe('100.00 USD');
    expect(await actionButtons()).toEqual(['Top up', 'Withdraw', 'Block', 'Cancel card', 'Reveal card number']);
    // The page never carries the full number, only the masked one.
    expect(await page.content()).not.toContain(v1.cardNumber);
    await checkPage(page, 'card-detail');
  });

  it('tops the card up: the amount is checked, the order completes, the balance is refreshed', async () => {
    await page.getByRole('button', { name: 'Top up' }).click();
    await dialog().waitFor();
    await checkPage(page, 'card-topup-dialog');
    await page.getByLabel('Top-up amount (USD)').fill('0');
    await dialog().getByRole('button', { name: 'Top up' }).click();
    await expect.poll(() => dialog().locator('.field-error').textContent()).toBe('The amount must be more than 0');
    // The server's own refusal, in the dialog: more than the funding account holds.
    await page.getByLabel('Top-up amount (USD)').fill('5000');
    await dialog().getByRole('button', { name: 'Top up' }).click();
    await expect.poll(() => dialog().getByRole('alert').textContent()).toMatch(/insufficient|not enough/i);
    await checkPage(page, 'card-topup-refused');
    await page.getByLabel('Top-up amount (USD)').fill('25.5');
    await dialog().getByRole('button', { name: 'Top up' }).click();
    await expect.poll(() => page.getByTestId('order-result').textContent()).toMatch(/Order \S+ completed/);
    expect(await dialog().count()).toBe(0);
    await expect.poll(balance).toBe('125.50 USD');
    await expect.poll(() => page.locator('#card-orders ~ * tbody tr').count()).toBe(2);
    await checkPage(page, 'card-detail-after-topup');
  });

  it('reveals the number for a reason, shows it in groups of 4, records it in the audit log, forgets it on close', async () => {
    const v1 = (await b.platform.api('GET', `/v1/cards/${cardId}`, { token: customer.token })).json.data;
    await page.getByRole('button', { name: 'Reveal card number' }).click();
    await dialog().waitFor();
    expect(await dialog().textContent()).toContain('recorded in the audit log');
    await dialog().getByRole('button', { name: 'Reveal' }).click();
    await expect.poll(() => dialog().locator('.field-error').textContent()).toBe('This field is required');
    await checkPage(page, 'card-reveal-dialog');
    await page.getByLabel('Reason').fill('cardholder asked on the phone, ticket 5512');
    await dialog().getByRole('button', { name: 'Reveal' }).click();
    const shown = page.getByTestId('revealed-card');
    await shown.waitFor();
    const grouped = (v1.cardNumber as string).replace(/(.{4})(?=.)/g, '$1 ');
    expect(await shown.textContent()).toContain(grouped);
    expect(await shown.textContent()).toContain(v1.cvv);
    // Checked for accessibility but not photographed: even a sandbox card's number stays out of files.
    await checkA11y(page, 'card-revealed');
    const audit = await b.platform.admin('GET', `/audit?action=card.reveal&targetId=${cardId}`);
    expect(audit.statusCode, audit.body).toBe(200);
    expect(audit.json.data.data).toMatchObject([{ actorId: users.customer_admin.userId, reason: 'cardholder asked on the phone, ticket 5512', targetId: cardId }]);
    await dialog().getByRole('button', { name: 'Close' }).click();
    expect(await dialog().count()).toBe(0);
    // Gone from the page, the URL and the browser's storage.
    expect(await page.content()).not.toContain(v1.cardNumber);
    expect(page.url()).not.toContain(v1.cardNumber);
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toContain(v1.cardNumber);
  });

  it('asks before cancelling (balance back minus the fee), then blocks the card', async () => {
    await page.getByRole('button', { name: 'Cancel card' }).click();
    await dialog().waitFor();
    expect(await dialog().textContent()).toContain('returns to the funding account minus the cancel fee');
    await checkPage(page, 'card-cancel-dialog');
    await dialog().getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Block' }).click();
    await dialog().waitFor();
    await checkPage(page, 'card-block-dialog');
    await dialog().getByRole('button', { name: 'Block' }).click();
    await expect.poll(() => page.locator('.facts .badge').first().textContent()).toBe('Blocked');
    expect(await actionButtons()).toEqual(['Unblock', 'Cancel card', 'Reveal card number']);
    expect((await b.platform.api('GET', `/v1/cards/${cardId}`, { token: customer.token })).json.data.status).toBe('Blocked');
    await checkPage(page, 'card-detail-blocked');
  });

  it('a customer viewer sees the card but no action, and a forged POST with its session is refused', async () => {
    await signInAs(users.customer_viewer);
    await b.open('/console/cards');
    await page.getByRole('link', { name: /^522981/ }).waitFor();
    expect(await page.getByRole('link', { name: 'New card' }).count()).toBe(0);
    await checkPage(page, 'cards-list-viewer');
    await page.getByRole('link', { name: /^522981/ }).click();
    await page.getByRole('heading', { name: /^Card 522981/ }).waitFor();
    expect(await page.getByRole('heading', { name: 'Actions', exact: true }).count()).toBe(0);
    expect(await page.locator('.card-actions button').count()).toBe(0);
    await checkPage(page, 'card-detail-viewer');
    const session = await page.request.get(`${b.origin}/admin/v1/session`);
    const csrf = (await session.json()).data.csrfToken as string;
    for (const action of ['unblock', 'topup']) {
      const forged = await page.request.post(`${b.origin}/admin/v1/cards/${cardId}/${action}`, {
        headers: { 'x-csrf-token': csrf, 'content-type': 'application/json' }, data: action === 'topup' ? { topUpAmount: '1' } : {},
      });
      expect(forged.status()).toBe(403);
      expect((await forged.json()).errorCode).toBe('FORBIDDEN');
    }
    expect((await b.platform.api('GET', `/v1/cards/${cardId}`, { token: customer.token })).json.data).toMatchObject({ status: 'Blocked', balanceAmount: 125.5 });
  });

  it('a support user filters all customers\' cards and may unblock and block, but not reveal or move money', async () => {
    await signInAs(users.support);
    await b.open(`/console/cards?customerId=${customer.customerId}&status=Blocked`);
    await page.getByRole('link', { name: /^522981/ }).waitFor();
    expect(await page.getByLabel('Customer id').inputValue()).toBe(customer.customerId);
    expect(await page.getByRole('columnheader', { name: 'Customer' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'New card' }).count()).toBe(0);
    await checkPage(page, 'cards-list-operator');
    // Filtered on the server: no Active card of this customer.
    await page.getByLabel('Status').selectOption('Active');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByRole('main').textContent()).toContain('No cards match these filters.');
    expect(new URL(page.url()).searchParams.get('status')).toBe('Active');
    await b.open(`/console/cards/${cardId}`);
    await page.getByRole('heading', { name: /^Card 522981/ }).waitFor();
    expect(await actionButtons()).toEqual(['Unblock']);
    await page.getByRole('button', { name: 'Unblock' }).click();
    await dialog().getByRole('button', { name: 'Unblock' }).click();
    await expect.poll(() => page.getByTestId('order-result').textContent()).toMatch(/completed/);
    await expect.poll(actionButtons).toEqual(['Block']);
    await checkPage(page, 'card-detail-support');
    expect(b.pageErrors).toEqual([]);
  });
});
