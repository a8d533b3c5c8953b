// The customers and products pages in a real browser: an owner creates a customer (its API secret shown
// once, then gone), deposits 1,000.00 USD and sees the balance, adjusts it, sets product entitlements,
// creates and revokes an API credential, switches two-factor on and disables the customer; edits a
// product's fees and retires another. A viewer sees the same pages without a single button, and a
// customer user sees only its entitled products. Every page and dialog is checked with axe-core and photographed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../../server/test/people-kit.ts';
import { browserAvailable, checkPage, openConsoleBrowser, type ConsoleBrowser } from './browser.ts';

const PASSWORD = 'a-long-customers-passphrase-42';

describe.skipIf(!browserAvailable())('console customers and products pages in a real browser', () => {
  let b: ConsoleBrowser;
  let page: Page;
  let users: Record<'owner' | 'viewer', TestUser>;
  let customerId = '';
  const customerName = `Acme Travel ${Date.now().toString(36)}`;
  beforeAll(async () => {
    b = await openConsoleBrowser();
    page = b.page;
    users = {
      owner: await createUser(b.platform, 'owner', { password: PASSWORD }),
      viewer: await createUser(b.platform, 'viewer', { password: PASSWORD }),
    };
  }, 120_000);
  afterAll(async () => {
    if (b) await b.platform.expectLedgerClean();
    await b?.close();
  });

  const signInAs = async (email: string) => {
    if (await page.getByRole('button', { name: 'Sign out' }).isVisible().catch(() => false)) {
      await page.getByRole('button', { name: 'Sign out' }).click();
    } else {
      await b.open('/console/sign-in');
    }
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  };
  const dialog = () => page.getByRole('dialog');
  const tokenStatus = async (clientId: string, clientSecret: string) => (await b.platform.app.inject({
    method: 'POST', url: '/openapi/connect/token', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).toString(),
  })).statusCode;
  const detail = async () => (await b.platform.admin('GET', `/customers/${customerId}`)).json.data;

  it('an owner creates a customer: the name is required, the first API secret is shown once and works', async () => {
    await signInAs(users.owner.email);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    await checkPage(page, 'customers-list');
    await page.getByRole('button', { name: 'New customer' }).click();
    await dialog().waitFor();
    await dialog().getByRole('button', { name: 'Create the customer' }).click();
    await expect.poll(() => dialog().locator('.field-error').textContent()).toBe('This field is required');
    await checkPage(page, 'customer-new-dialog');
    await dialog().getByLabel('Name').fill(customerName);
    let posts = 0;
    const count = (request: { method(): string; url(): string }) => { if (request.method() === 'POST' && request.url().endsWith('/admin/v1/customers')) posts++; };
    page.on('request', count);
    await dialog().getByRole('button', { name: 'Create the customer' }).dblclick();
    await page.getByTestId('client-secret').waitFor();
    page.off('request', count);
    expect(posts).toBe(1);
    expect(await dialog().textContent()).toContain('It is shown only this once');
    const clientId = (await page.getByTestId('client-id').textContent())!;
    const clientSecret = (await page.getByTestId('client-secret').textContent())!;
    expect(await tokenStatus(clientId, clientSecret)).toBe(200);
    await checkPage(page, 'customer-created-secret');
    await dialog().getByRole('button', { name: 'I have stored the secret' }).click();
    expect(await dialog().count()).toBe(0);
    // Gone: not on the page, nor in the browser's storage; the server has only its hash.
    expect(await page.content()).not.toContain(clientSecret);
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toContain(clientSecret);
  });

  it('searches and filters on the server, then opens the customer', async () => {
    await page.getByLabel('Search').fill(customerName.slice(5));
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('q')).toBe(customerName.slice(5));
    await page.getByLabel('Status').selectOption('Disabled');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByRole('main').textContent()).toContain('No customers match these filters.');
    await page.getByLabel('Status').selectOption('Active');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('link', { name: customerName }).click();
    await page.getByRole('heading', { name: customerName, level: 1 }).waitFor();
    customerId = new URL(page.url()).pathname.split('/').pop()!;
    expect(customerId).toMatch(/\S{6,}/);
    await checkPage(page, 'customer-detail');
  });

  it('deposits 1,000.00 USD once (amount checked first) and sees the balance; adjusts with a reason', async () => {
    const form = page.getByRole('form', { name: 'Deposit' });
    expect(await form.getByLabel('Reference').inputValue()).toMatch(/^dep-[0-9a-f]{32}$/);
    await form.getByLabel('Amount (USD)').fill('1000.001');
    await form.getByRole('button', { name: 'Deposit' }).click();
    await expect.poll(() => form.locator('.field-error').textContent()).toBe('Too many decimals for USD (at most 2)');
    await form.getByLabel('Amount (USD)').fill('1000.00');
    let posts = 0;
    const count = (request: { method(): string; url(): string }) => { if (request.method() === 'POST' && request.url().endsWith('/admin/v1/deposits')) posts++; };
    page.on('request', count);
    await form.getByRole('button', { name: 'Deposit' }).dblclick();
    await expect.poll(() => page.getByTestId('deposit-done').textContent()).toContain('1,000.00 USD recorded');
    page.off('request', count);
    expect(posts).toBe(1);
    await expect.poll(() => page.getByTestId('balances').locator('tr', { hasText: 'USD' }).textContent()).toBe('USD1,000.00 USD0.00 USD1,000.00 USD');
    expect((await detail()).balances).toContainEqual({ currency: 'USD', amount: 1000, ledgerAmount: 1000, heldAmount: 0 });
    await checkPage(page, 'customer-deposit-done');

    const adjust = page.getByRole('form', { name: 'Adjustment' });
    await adjust.getByLabel('Signed amount (USD)').fill('-25.5');
    await adjust.getByRole('button', { name: 'Record the adjustment' }).click();
    await expect.poll(() => adjust.locator('.field-error').textContent()).toBe('This field is required');
    await adjust.getByLabel('Reason').fill('bank charge on the incoming transfer');
    await adjust.getByRole('button', { name: 'Record the adjustment' }).click();
    await expect.poll(() => page.getByTestId('adjust-done').textContent()).toContain('-25.50 USD recorded');
    await expect.poll(() => page.getByTestId('balances').locator('tr', { hasText: 'USD' }).textContent()).toBe('USD974.50 USD0.00 USD974.50 USD');
    // More than the account holds: the server's own refusal, shown in the form.
    await adjust.getByLabel('Signed amount (USD)').fill('-5000');
    await adjust.getByLabel('Reason').fill('too much');
    await adjust.getByRole('button', { name: 'Record the adjustment' }).click();
    await expect.poll(() => adjust.getByRole('alert').textContent()).toMatch(/insufficient/i);
    await checkPage(page, 'customer-adjust-refused');
    expect((await detail()).balances).toContainEqual({ currency: 'USD', amount: 974.5, ledgerAmount: 974.5, heldAmount: 0 });
  });

  it('sets product entitlements to selected products', async () => {
    const section = page.getByRole('region', { name: 'Product entitlements' });
    await section.getByLabel('Only the selected products').check();
    await section.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => section.getByRole('alert').textContent()).toBe('Select at least one product, or choose all products');
    await section.getByRole('checkbox', { name: /PROD001/ }).check();
    await section.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => section.getByRole('status').textContent()).toBe('Saved.');
    expect((await b.platform.admin('GET', `/customers/${customerId}/products`)).json.data).toEqual({ productAccess: 'Selected', productCodes: ['PROD001'] });
    await checkPage(page, 'customer-entitlements');
  });

  it('creates an API credential (secret once) and revokes it after a confirmation', async () => {
    const section = page.getByRole('region', { name: 'API credentials' });
    await expect.poll(() => section.locator('tbody tr').count()).toBe(1);
    await section.getByRole('button', { name: 'New API credential' }).click();
    await page.getByTestId('client-secret').waitFor();
    const clientId = (await page.getByTestId('client-id').textContent())!;
    const clientSecret = (await page.getByTestId('client-secret').textContent())!;
    expect(await tokenStatus(clientId, clientSecret)).toBe(200);
    await checkPage(page, 'credential-created-secret');
    await dialog().getByRole('button', { name: 'I have stored the secret' }).click();
    expect(await page.content()).not.toContain(clientSecret);
    await expect.poll(() => section.locator('tbody tr').count()).toBe(2);
    await section.getByRole('button', { name: `Revoke ${clientId}` }).click();
    await dialog().waitFor();
    expect(await dialog().textContent()).toContain('cannot be undone');
    await checkPage(page, 'credential-revoke-dialog');
    await dialog().getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => section.locator('tr', { hasText: clientId }).textContent()).toContain('Revoked');
    expect(await tokenStatus(clientId, clientSecret)).toBe(401);
    expect(await section.getByRole('button', { name: /^Revoke/ }).count()).toBe(1);
  });

  it('requires two-factor for the customer\'s users, then disables and enables it (confirmed)', async () => {
    const settings = page.getByRole('region', { name: 'Settings' });
    await settings.getByLabel('Name').fill(' ');
    await settings.getByRole('button', { name: 'Rename' }).click();
    await expect.poll(() => settings.locator('.field-error').textContent()).toBe('Enter a name');
    await settings.getByLabel('Name').fill(`${customerName} Ltd`);
    await settings.getByRole('button', { name: 'Rename' }).click();
    await page.getByRole('heading', { name: `${customerName} Ltd`, level: 1 }).waitFor();
    expect((await detail()).name).toBe(`${customerName} Ltd`);
    await page.getByLabel('Require two-factor sign-in for this customer\'s users').check();
    await expect.poll(async () => (await detail()).requireTotp).toBe(true);
    await expect.poll(() => page.getByRole('region', { name: 'Settings' }).textContent()).toContain('Required for its users');
    await page.getByLabel('Require two-factor sign-in for this customer\'s users').uncheck();
    await expect.poll(async () => (await detail()).requireTotp).toBe(false);
    await page.getByRole('button', { name: 'Disable customer' }).click();
    await dialog().waitFor();
    await checkPage(page, 'customer-disable-dialog');
    await dialog().getByRole('button', { name: 'Disable customer' }).click();
    await expect.poll(() => page.getByTestId('customer-status').textContent()).toBe('Disabled');
    expect((await detail()).status).toBe('Disabled');
    await page.getByRole('button', { name: 'Enable customer' }).click();
    await dialog().getByRole('button', { name: 'Enable customer' }).click();
    await expect.poll(() => page.getByTestId('customer-status').textContent()).toBe('Active');
  });

  it('edits a product\'s fees (percent shown as %, sent as a fraction) and retires another', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Products' }).click();
    await page.getByRole('heading', { name: 'Products', level: 1 }).waitFor();
    await checkPage(page, 'products-list');
    await page.getByRole('button', { name: 'New product' }).click();
    await dialog().waitFor();
    await dialog().getByRole('button', { name: 'Create the product' }).click();
    await expect.poll(() => dialog().locator('.field-error').count()).toBe(3);
    await checkPage(page, 'product-new-dialog');
    await dialog().getByLabel('Code').fill('PROD-JPY');
    await dialog().getByLabel('Name').fill('Yen travel card');
    await dialog().getByLabel('BIN range').fill('4123');
    await dialog().getByRole('checkbox', { name: 'JPY' }).check();
    await dialog().getByLabel('Card issue: how it is charged').selectOption('Fixed');
    await dialog().getByLabel('Card issue: fixed amount').fill('1.5');
    await dialog().getByRole('button', { name: 'Create the product' }).click();
    await expect.poll(() => dialog().locator('.field-error').allTextContents()).toEqual(['Enter 6 to 8 digits', 'Too many decimals for JPY (at most 0)']);
    await dialog().getByLabel('BIN range').fill('41234567');
    await dialog().getByLabel('Card issue: fixed amount').fill('150');
    await dialog().getByRole('button', { name: 'Create the product' }).click();
    await expect.poll(() => page.getByTestId('product-saved').textContent()).toBe('Product PROD-JPY saved.');
    expect((await b.platform.admin('GET', '/products')).json.data.find((p: { productCode: string }) => p.productCode === 'PROD-JPY'))
      .toMatchObject({ cardCurrency: ['USD', 'JPY'], cardOrganization: 'VISA', binRange: '41234567', fees: [{ feeCode: 'CARD_ISSUE', chargeMethodType: 'Fixed', fixedValue: '150' }] });

    await page.getByRole('button', { name: 'Edit PROD001' }).click();
    await dialog().waitFor();
    await dialog().getByLabel('Top-up: how it is charged').selectOption('Percent');
    await dialog().getByLabel('Top-up: percent (%)').fill('150');
    await dialog().getByLabel('Card issue: how it is charged').selectOption('Fixed');
    await dialog().getByLabel('Card issue: fixed amount').fill('2.505');
    await dialog().getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => dialog().locator('.field-error').allTextContents()).toEqual([
      'Too many decimals for USD (at most 2)', 'Enter a percentage from 0 to 100 with at most 4 decimals']);
    await checkPage(page, 'product-edit-dialog');
    await dialog().getByLabel('Top-up: percent (%)').fill('2.25');
    await dialog().getByLabel('Card issue: fixed amount').fill('2.50');
    await dialog().getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByTestId('product-saved').textContent()).toBe('Product PROD001 saved.');
    const prod1 = (await b.platform.admin('GET', '/products')).json.data.find((p: { productCode: string }) => p.productCode === 'PROD001');
    expect(prod1.fees).toEqual(expect.arrayContaining([
      { feeCode: 'CARD_TOPUP', chargeMethodType: 'Percent', fixedValue: '0', percent: 0.0225 },
      expect.objectContaining({ feeCode: 'CARD_ISSUE', chargeMethodType: 'Fixed', fixedValue: '2.50' }),
    ]));
    await expect.poll(() => page.locator('tr[data-product="PROD001"]').textContent()).toContain('Top-up: 2.25 %');

    await page.getByRole('button', { name: 'Retire PROD002' }).click();
    await dialog().waitFor();
    await checkPage(page, 'product-retire-dialog');
    await dialog().getByRole('button', { name: 'Retire' }).click();
    await expect.poll(() => page.locator('tr[data-product="PROD002"]').textContent()).toContain('Retired');
    expect(await page.getByRole('button', { name: 'Edit PROD002' }).count()).toBe(0);
    expect((await b.platform.admin('GET', '/products')).json.data.find((p: { productCode: string }) => p.productCode === 'PROD002').retiredOn).not.toBeNull();
    await checkPage(page, 'products-list-after');
  });

  it('a viewer sees customers and products without any button or form', async () => {
    await signInAs(users.viewer.email);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('link', { name: customerName }).waitFor();
    expect(await page.getByRole('button', { name: 'New customer' }).count()).toBe(0);
    await checkPage(page, 'customers-list-viewer');
    await page.getByRole('link', { name: customerName }).click();
    await page.getByRole('heading', { name: customerName, level: 1 }).waitFor();
    await page.getByRole('region', { name: 'API credentials' }).locator('tbody tr').first().waitFor();
    await page.getByRole('region', { name: 'Product entitlements' }).getByRole('checkbox').first().waitFor();
    expect(await page.getByRole('main').getByRole('button').allTextContents()).toEqual([]);
    expect(await page.getByRole('form', { name: 'Deposit' }).count()).toBe(0);
    expect(await page.getByLabel('Only the selected products').isDisabled()).toBe(true);
    await checkPage(page, 'customer-detail-viewer');
    await b.open('/console/products');
    await page.locator('tr[data-product="PROD001"]').waitFor();
    expect(await page.getByRole('main').getByRole('button').count()).toBe(0);
    await checkPage(page, 'products-list-viewer');
  });

  it('a customer user sees only its entitled products, read-only, and no customers page', async () => {
    const customerViewer = await createUser(b.platform, 'customer_viewer', { customerId, password: PASSWORD });
    await signInAs(customerViewer.email);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).count()).toBe(0);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Products' }).click();
    await page.locator('tr[data-product="PROD001"]').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.getByRole('main').getByRole('button').count()).toBe(0);
    await checkPage(page, 'products-list-customer');
    expect(b.pageErrors).toEqual([]);
  });
});
