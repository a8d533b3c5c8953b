// The end-to-end console scenario, all through the browser (the API only checks results): an
// owner enrols two-factor, creates a customer, deposits 1,000.00 USD and invites its administrator; the
// administrator, in a browser of their own, chooses a password, applies for a Standard card, tops it
// up, reveals its number for a reason and blocks it; the owner sees the block and the audit rows; a
// support user and a customer viewer see the card without the actions their roles lack, and forged
// POSTs with their sessions are refused. Every page and state is checked with axe-core and photographed
// (the revealed number is checked but never photographed).
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createUser, expectAuditClean, type TestUser } from '../../server/test/people-kit.ts';
import { browserAvailable, checkA11y, checkPage, openConsoleBrowser, openOtherBrowser, setPasswordFromLink, type ConsoleBrowser } from './browser.ts';

const PASSWORD = 'a-long-scenario-passphrase-58';
const ADMIN_PASSWORD = 'the-scenario-admin-chose-this-3';
const REASON = 'cardholder asked on the phone, ticket 7731';
// Each step drives several pages through axe on a machine shared with other suites.
const STEP_TIMEOUT_ms = 120_000;
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });
const codeFor = (secret: string, at_ms: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at_ms });

describe.skipIf(!browserAvailable())('the console scenario: owner, customer administrator, support and viewer in real browsers', () => {
  let b: ConsoleBrowser;
  let page: Page;
  let owner: TestUser;
  // The customer administrator's own browser: nothing shared with the owner's.
  let theirBrowser: Browser | undefined;
  let theirPage: Page;
  const theirErrors: string[] = [];
  const customerName = `Scenario Travel ${Date.now().toString(36)}`;
  const adminEmail = `scenario.admin.${Date.now().toString(36)}@example.test`;
  let customerId = '';
  let customerToken = '';
  let link = '';
  let cardId = '';

  beforeAll(async () => {
    b = await openConsoleBrowser();
    page = b.page;
    owner = await createUser(b.platform, 'owner', { password: PASSWORD });
  }, STEP_TIMEOUT_ms);
  afterAll(async () => {
    await theirBrowser?.close().catch(() => {});
    await b?.close();
  });

  const signIn = async (on: Page, email: string, password: string) => {
    await on.getByRole('heading', { name: 'Sign in' }).waitFor();
    await on.getByLabel('E-mail address').fill(email);
    await on.getByLabel('Password', { exact: true }).fill(password);
    await on.getByRole('button', { name: 'Sign in' }).click();
  };
  const signOutAndIn = async (user: TestUser) => {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await signIn(page, user.email, PASSWORD);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  };
  const nav = (on: Page, name: string) => on.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
  const dialog = (on: Page = page) => on.getByRole('dialog');
  const cardHeading = (on: Page) => on.getByRole('heading', { name: /^Card 522981\*+\d{4}$/ });
  const actionButtons = (on: Page) => on.locator('.card-actions button').allTextContents();
  const v1Card = async () => (await b.platform.api('GET', `/v1/cards/${cardId}`, { token: customerToken })).json.data;
  /** A POST the page's own session makes with its CSRF token, as a forger with a stolen session would. */
  const forgedPost = async (path: string) => {
    const csrf = (await (await page.request.get(`${b.origin}/admin/v1/session`)).json()).data.csrfToken as string;
    return page.request.post(`${b.origin}/admin/v1${path}`, { headers: { 'x-csrf-token': csrf, 'content-type': 'application/json' }, data: {} });
  };

  it('the owner signs in, enrols two-factor, creates a customer, deposits 1,000.00 USD and invites its administrator', async () => {
    await b.open('/console/sign-in');
    await signIn(page, owner.email, PASSWORD);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await checkPage(page, 'scenario-1-owner-overview');

    await page.getByRole('link', { name: 'Two-factor' }).click();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    const secret = (await page.locator('#totp-secret').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await checkPage(page, 'scenario-1-two-factor-enrol');
    await page.getByLabel('Code from the app').fill(codeFor(secret, Date.now()));
    await page.getByRole('button', { name: 'Turn on two-factor' }).click();
    await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    expect(await page.locator('.recovery-codes li').count()).toBe(10);
    await checkPage(page, 'scenario-1-recovery-codes');
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    expect((await b.platform.admin('GET', `/users?q=${owner.email}`)).json.data.data[0]).toMatchObject({ userId: owner.userId, totpEnabled: true });

    await nav(page, 'Customers');
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'New customer' }).click();
    await dialog().getByLabel('Name').fill(customerName);
    await checkPage(page, 'scenario-1-new-customer');
    await dialog().getByRole('button', { name: 'Create the customer' }).click();
    await page.getByTestId('client-secret').waitFor();
    const clientId = (await page.getByTestId('client-id').textContent())!;
    const clientSecret = (await page.getByTestId('client-secret').textContent())!;
    // The customer's first API secret works: the results below are checked through its /v1 API.
    customerToken = await b.platform.token(clientId, clientSecret);
    await checkPage(page, 'scenario-1-customer-secret');
    await dialog().getByRole('button', { name: 'I have stored the secret' }).click();
    await page.getByRole('link', { name: customerName }).click();
    await page.getByRole('heading', { name: customerName, level: 1 }).waitFor();
    customerId = new URL(page.url()).pathname.split('/').pop()!;
    expect((await b.platform.admin('GET', `/customers/${customerId}`)).json.data.name).toBe(customerName);

    const deposit = page.getByRole('form', { name: 'Deposit' });
    await deposit.getByLabel('Amount (USD)').fill('1000.00');
    await deposit.getByRole('button', { name: 'Deposit' }).click();
    await poll(() => page.getByTestId('deposit-done').textContent()).toContain('1,000.00 USD recorded');
    await poll(() => page.getByTestId('balances').locator('tr', { hasText: 'USD' }).textContent()).toBe('USD1,000.00 USD0.00 USD1,000.00 USD');
    expect((await b.platform.admin('GET', `/customers/${customerId}`)).json.data.balances).toContainEqual({ currency: 'USD', amount: 1000, ledgerAmount: 1000, heldAmount: 0 });
    await checkPage(page, 'scenario-1-customer-deposited');

    await nav(page, 'Users');
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Invite user' }).click();
    await dialog().getByLabel('E-mail address').fill(adminEmail);
    await dialog().getByLabel('Name').fill('Scenario Admin');
    await dialog().getByLabel('Role').selectOption('customer_admin');
    await dialog().getByLabel('Customer', { exact: true }).selectOption(customerId);
    await checkPage(page, 'scenario-1-invite');
    await dialog().getByRole('button', { name: 'Create the invitation' }).click();
    await page.getByTestId('password-link').waitFor();
    link = (await page.getByTestId('password-link').textContent())!;
    expect(link).toContain(`${b.origin}/console/set-password#token=`);
    await checkPage(page, 'scenario-1-invite-link');
    await dialog().getByRole('button', { name: 'I have handed over the link' }).click();
    expect(await page.content()).not.toContain(link.split('#token=')[1]!);
    expect((await b.platform.admin('GET', `/users?customerId=${customerId}&q=${adminEmail}`)).json.data.data[0])
      .toMatchObject({ role: 'customer_admin', customerId, passwordSet: false });
  }, STEP_TIMEOUT_ms);

  it('the customer administrator sets a password in a browser of their own and signs in', async () => {
    ({ browser: theirBrowser, page: theirPage } = await openOtherBrowser(theirErrors));
    await setPasswordFromLink(theirPage, link, ADMIN_PASSWORD, 'scenario-2-set-password');
    await signIn(theirPage, adminEmail, ADMIN_PASSWORD);
    await theirPage.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await checkPage(theirPage, 'scenario-2-admin-overview');
  }, STEP_TIMEOUT_ms);

  it('the customer administrator applies for a Standard card with a first top-up and tops it up', async () => {
    await nav(theirPage, 'Cards');
    await theirPage.getByRole('heading', { name: 'Cards', level: 1 }).waitFor();
    await poll(() => theirPage.getByRole('main').textContent()).toContain('No cards match these filters.');
    await checkPage(theirPage, 'scenario-2-cards-empty');
    await theirPage.getByRole('link', { name: 'New card' }).click();
    await theirPage.getByRole('heading', { name: 'New card', level: 1 }).waitFor();
    await theirPage.getByLabel('Product').selectOption('PROD001');
    await theirPage.getByLabel('Currency').selectOption('USD');
    await theirPage.getByLabel('First top-up (USD)').fill('100');
    await checkPage(theirPage, 'scenario-2-card-apply');
    await theirPage.getByRole('button', { name: 'Apply for the card' }).click();
    await poll(() => theirPage.getByTestId('order-result').textContent()).toMatch(/completed/);
    await checkPage(theirPage, 'scenario-2-card-applied');
    await theirPage.getByRole('link', { name: 'Open the new card' }).click();
    await cardHeading(theirPage).waitFor();
    cardId = new URL(theirPage.url()).pathname.split('/').pop()!;
    expect(await v1Card()).toMatchObject({ status: 'Active', balanceAmount: 100 });
    await poll(() => theirPage.getByTestId('card-balance').textContent()).toBe('100.00 USD');
    await checkPage(theirPage, 'scenario-2-card-detail');

    await theirPage.getByRole('button', { name: 'Top up' }).click();
    await dialog(theirPage).waitFor();
    await theirPage.getByLabel('Top-up amount (USD)').fill('25.50');
    await checkPage(theirPage, 'scenario-2-card-topup');
    await dialog(theirPage).getByRole('button', { name: 'Top up' }).click();
    await poll(() => theirPage.getByTestId('order-result').textContent()).toMatch(/Order \S+ completed/);
    await poll(() => theirPage.getByTestId('card-balance').textContent()).toBe('125.50 USD');
    expect((await v1Card()).balanceAmount).toBe(125.5);
    await checkPage(theirPage, 'scenario-2-card-topped-up');
  }, STEP_TIMEOUT_ms);

  it('the customer administrator reveals the number for a reason (the same as the API\'s) and blocks the card', async () => {
    const v1 = await v1Card();
    expect(v1.cardNumber).toMatch(/^522981\d{10}$/);
    await theirPage.getByRole('button', { name: 'Reveal card number' }).click();
    await dialog(theirPage).waitFor();
    await theirPage.getByLabel('Reason').fill(REASON);
    await checkPage(theirPage, 'scenario-2-card-reveal');
    await dialog(theirPage).getByRole('button', { name: 'Reveal' }).click();
    const shown = theirPage.getByTestId('revealed-card');
    await shown.waitFor();
    expect((await shown.textContent())!.replace(/\s/g, '')).toContain(v1.cardNumber);
    // Checked for accessibility, never photographed: a card number stays out of files.
    await checkA11y(theirPage, 'scenario-2-card-revealed');
    await dialog(theirPage).getByRole('button', { name: 'Close' }).click();
    expect(await dialog(theirPage).count()).toBe(0);
    expect(await theirPage.content()).not.toContain(v1.cardNumber);

    await theirPage.getByRole('button', { name: 'Block' }).click();
    await dialog(theirPage).waitFor();
    await checkPage(theirPage, 'scenario-2-card-block');
    await dialog(theirPage).getByRole('button', { name: 'Block' }).click();
    await poll(() => theirPage.locator('.facts .badge').first().textContent()).toBe('Blocked');
    expect((await v1Card()).status).toBe('Blocked');
    await checkPage(theirPage, 'scenario-2-card-blocked');
    expect(theirErrors).toEqual([]);
  }, STEP_TIMEOUT_ms);

  it('the owner sees the card Blocked, and the reveal and block in the audit log filtered to the card', async () => {
    await nav(page, 'Cards');
    await page.getByRole('heading', { name: 'Cards', level: 1 }).waitFor();
    await page.getByRole('link', { name: /^522981/ }).click();
    await cardHeading(page).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/console/cards/${cardId}`);
    await poll(() => page.locator('.facts .badge').first().textContent()).toBe('Blocked');
    await checkPage(page, 'scenario-3-owner-card-blocked');

    await nav(page, 'Audit log');
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    await page.getByLabel('Target id').fill(cardId);
    await page.getByRole('button', { name: 'Apply' }).click();
    await poll(() => new URL(page.url()).searchParams.get('targetId')).toBe(cardId);
    const rows = page.locator('tbody tr');
    const actions = () => rows.locator('td code').filter({ hasText: /^card\./ }).allTextContents();
    await poll(actions).toEqual(expect.arrayContaining(['card.reveal', 'card.block']));
    // Every row is about this card: the filter ran on the server.
    expect((await rows.allTextContents()).every((row) => row.includes(cardId))).toBe(true);
    expect(await rows.filter({ hasText: 'card.reveal' }).textContent()).toContain(adminEmail);
    await checkPage(page, 'scenario-3-audit-card');
    const reveals = await b.platform.admin('GET', `/audit?action=card.reveal&targetId=${cardId}`);
    expect(reveals.statusCode, reveals.body).toBe(200);
    expect(reveals.json.data.data).toHaveLength(1);
    expect(reveals.json.data.data[0]).toMatchObject({ reason: REASON, targetId: cardId, customerId });
  }, STEP_TIMEOUT_ms);

  it('a support user sees the card without a Reveal button, and a forged reveal with its session is refused', async () => {
    const support = await createUser(b.platform, 'support', { password: PASSWORD });
    await signOutAndIn(support);
    await b.open(`/console/cards/${cardId}`);
    await cardHeading(page).waitFor();
    await poll(() => actionButtons(page)).toEqual(['Unblock']);
    expect(await page.getByRole('button', { name: /Reveal/ }).count()).toBe(0);
    await checkPage(page, 'scenario-4-support-card');
    const forged = await forgedPost(`/cards/${cardId}/reveal`);
    expect(forged.status()).toBe(403);
    expect((await forged.json()).errorCode).toBe('FORBIDDEN');
    // Still the one reveal of the administrator.
    expect((await b.platform.admin('GET', `/audit?action=card.reveal&targetId=${cardId}`)).json.data.data).toHaveLength(1);
  }, STEP_TIMEOUT_ms);

  it('a customer viewer sees the card with no action buttons, and a forged unblock is refused', async () => {
    const viewer = await createUser(b.platform, 'customer_viewer', { customerId, password: PASSWORD });
    await signOutAndIn(viewer);
    await nav(page, 'Cards');
    await page.getByRole('link', { name: /^522981/ }).click();
    await cardHeading(page).waitFor();
    await poll(() => page.locator('.facts .badge').first().textContent()).toBe('Blocked');
    expect(await page.locator('.card-actions button').count()).toBe(0);
    expect(await page.getByRole('main').getByRole('button').allTextContents()).not.toContain('Unblock');
    await checkPage(page, 'scenario-5-viewer-card');
    const forged = await forgedPost(`/cards/${cardId}/unblock`);
    expect(forged.status()).toBe(403);
    expect((await forged.json()).errorCode).toBe('FORBIDDEN');
    expect(await v1Card()).toMatchObject({ status: 'Blocked', balanceAmount: 125.5 });
    expect(b.pageErrors).toEqual([]);
    await b.platform.expectLedgerClean();
    await expectAuditClean(b.platform);
  }, STEP_TIMEOUT_ms);
});
