// The users, team, API credentials and security settings pages in a real browser: an owner invites a
// customer administrator (the one-time link shown once), who opens it in a browser of their own, chooses
// a password, signs in, finds themselves among the team members, creates an API credential (secret
// once) and revokes it; the owner then manages that user (sign out everywhere, role, disable, enable,
// new link); a customer viewer sees the same pages without a single button that changes something.
// Every page and dialog is checked with axe-core and photographed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createUser, type TestUser } from '../../server/test/people-kit.ts';
import type { TestCustomer } from '../../server/test/harness.ts';
import { browserAvailable, checkPage, openConsoleBrowser, openOtherBrowser, setPasswordFromLink, type ConsoleBrowser } from './browser.ts';

const PASSWORD = 'a-long-users-passphrase-42';
const INVITED_PASSWORD = 'the-invited-admin-chose-this-1';
// Each test drives many pages through axe on a machine shared with other suites.
const STEP_TIMEOUT_ms = 120_000;

describe.skipIf(!browserAvailable())('console users, team members, API credentials and security settings in a real browser', () => {
  let b: ConsoleBrowser;
  let page: Page;
  let owner: TestUser;
  let customer: TestCustomer;
  // The invited customer administrator's own browser (a second one: nothing shared with the owner's).
  let theirBrowser: Browser | undefined;
  let theirPage: Page;
  const theirErrors: string[] = [];
  const invitedEmail = `team.admin.${Date.now().toString(36)}@example.test`;
  let link = '';

  beforeAll(async () => {
    b = await openConsoleBrowser();
    page = b.page;
    owner = await createUser(b.platform, 'owner', { password: PASSWORD });
    customer = await b.platform.customer();
  }, 120_000);
  afterAll(async () => {
    await theirBrowser?.close().catch(() => {});
    await b?.close();
  });

  const signIn = async (on: Page, email: string, password: string) => {
    await on.getByRole('heading', { name: 'Sign in' }).waitFor();
    await on.getByLabel('E-mail address').fill(email);
    await on.getByLabel('Password', { exact: true }).fill(password);
    await on.getByRole('button', { name: 'Sign in' }).click();
    await on.getByRole('heading', { name: 'Overview' }).waitFor();
  };
  const nav = (on: Page, name: string) => on.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
  const dialog = (on: Page = page) => on.getByRole('dialog');
  const invitedUser = async () => (await b.platform.admin('GET', `/users?customerId=${customer.customerId}&q=${invitedEmail}`)).json.data.data[0];
  const tokenStatus = async (clientId: string, clientSecret: string) => (await b.platform.app.inject({
    method: 'POST', url: '/openapi/connect/token', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).toString(),
  })).statusCode;

  it('an owner lists users, filters by customer on the server, and invites a customer administrator: the link is shown once', async () => {
    await b.open('/console/sign-in');
    await signIn(page, owner.email, PASSWORD);
    await nav(page, 'Users');
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await expect.poll(() => page.locator('tbody tr', { hasText: owner.email }).textContent()).toContain('You');
    // Operators see the customer column; nobody manages their own row.
    expect(await page.getByRole('columnheader', { name: 'Customer' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: `Manage ${owner.email}` }).count()).toBe(0);
    await checkPage(page, 'users-list');
    await page.getByRole('search').getByLabel('Customer', { exact: true }).selectOption(customer.customerId);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByRole('main').textContent()).toContain('No users match these filters.');
    expect(new URL(page.url()).searchParams.get('customerId')).toBe(customer.customerId);

    await page.getByRole('button', { name: 'Invite user' }).click();
    await dialog().waitFor();
    await dialog().getByRole('button', { name: 'Create the invitation' }).click();
    await expect.poll(() => dialog().locator('.field-error').allTextContents()).toEqual(['This field is required', 'This field is required']);
    await dialog().getByLabel('E-mail address').fill('not-an-address');
    await dialog().getByLabel('Role').selectOption('customer_admin');
    await dialog().getByRole('button', { name: 'Create the invitation' }).click();
    await expect.poll(() => dialog().locator('.field-error').allTextContents()).toEqual(['Enter an e-mail address such as name@example.com', 'This field is required']);
    await checkPage(page, 'user-invite-dialog');
    await dialog().getByLabel('E-mail address').fill(invitedEmail);
    await dialog().getByLabel('Name').fill('Team Admin');
    await dialog().getByLabel('Customer', { exact: true }).selectOption(customer.customerId);
    let posts = 0;
    const count = (request: { method(): string; url(): string }) => { if (request.method() === 'POST' && request.url().endsWith('/admin/v1/users')) posts++; };
    page.on('request', count);
    await dialog().getByRole('button', { name: 'Create the invitation' }).dblclick();
    await page.getByTestId('password-link').waitFor();
    page.off('request', count);
    expect(posts).toBe(1);
    link = (await page.getByTestId('password-link').textContent())!;
    expect(link).toMatch(new RegExp(`^${b.origin.replace(/\./g, '\\.')}/console/set-password#token=\\S{20,}$`));
    expect(await page.getByTestId('password-link-expires').locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    await checkPage(page, 'user-invited-link');
    await dialog().getByRole('button', { name: 'I have handed over the link' }).click();
    expect(await dialog().count()).toBe(0);
    // Gone: not on the page, nor in the browser's storage.
    const token = link.split('#token=')[1]!;
    expect(await page.content()).not.toContain(token);
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toContain(token);
    await expect.poll(() => page.locator('tbody tr', { hasText: invitedEmail }).textContent()).toContain('Not chosen yet');
    expect(await invitedUser()).toMatchObject({ role: 'customer_admin', customerId: customer.customerId, passwordSet: false, name: 'Team Admin' });

    // The same address again: the server's refusal, in the dialog, and no link.
    await page.getByRole('button', { name: 'Invite user' }).click();
    await dialog().getByLabel('E-mail address').fill(invitedEmail);
    await dialog().getByLabel('Role').selectOption('customer_viewer');
    await dialog().getByLabel('Customer', { exact: true }).selectOption(customer.customerId);
    await dialog().getByRole('button', { name: 'Create the invitation' }).click();
    await expect.poll(() => dialog().getByRole('alert').textContent()).toContain(`A user with e-mail '${invitedEmail}' already exists`);
    expect(await page.getByTestId('password-link').count()).toBe(0);
    await checkPage(page, 'user-invite-refused');
    await dialog().getByRole('button', { name: 'Close' }).click();
  }, STEP_TIMEOUT_ms);

  it('the invited user opens the link in a browser of their own, chooses a password, signs in and finds themselves among the team members', async () => {
    ({ browser: theirBrowser, page: theirPage } = await openOtherBrowser(theirErrors));
    await setPasswordFromLink(theirPage, link, INVITED_PASSWORD, 'set-password-invited');
    await signIn(theirPage, invitedEmail, INVITED_PASSWORD);
    await nav(theirPage, 'Team members');
    await theirPage.getByRole('heading', { name: 'Team members', level: 1 }).waitFor();
    const own = theirPage.locator('tbody tr', { hasText: invitedEmail });
    await expect.poll(() => own.textContent()).toContain('You');
    expect(await own.textContent()).toContain('Customer administrator');
    // Their own customer is implied: no customer column, no customer filter.
    expect(await theirPage.getByRole('columnheader', { name: 'Customer' }).count()).toBe(0);
    expect(await theirPage.getByLabel('Find a customer').count()).toBe(0);
    await checkPage(theirPage, 'team-members');
    // A customer admin gives customer roles only, for its own customer (no customer to pick).
    await theirPage.getByRole('button', { name: 'Invite user' }).click();
    await dialog(theirPage).waitFor();
    expect(await dialog(theirPage).getByLabel('Role').locator('option').allTextContents())
      .toEqual(['—', 'Customer administrator', 'Customer developer', 'Customer viewer']);
    await dialog(theirPage).getByLabel('Role').selectOption('customer_viewer');
    expect(await dialog(theirPage).getByLabel('Find a customer').count()).toBe(0);
    await checkPage(theirPage, 'team-invite-dialog');
    await dialog(theirPage).getByRole('button', { name: 'Close' }).click();
    expect((await invitedUser()).passwordSet).toBe(true);
  }, STEP_TIMEOUT_ms);

  it('the customer administrator creates an API credential (secret once, it works) and revokes it after a confirmation', async () => {
    await nav(theirPage, 'API credentials');
    await theirPage.getByRole('heading', { name: 'API credentials', level: 1 }).waitFor();
    const rows = theirPage.locator('tbody tr');
    // The customer's first credential, made when it was created; never a secret in the list.
    await expect.poll(() => rows.count()).toBe(1);
    expect(await theirPage.getByRole('main').textContent()).not.toContain(customer.clientSecret);
    await checkPage(theirPage, 'credentials-list');
    await theirPage.getByRole('button', { name: 'New API credential' }).click();
    await theirPage.getByTestId('client-secret').waitFor();
    const clientId = (await theirPage.getByTestId('client-id').textContent())!;
    const clientSecret = (await theirPage.getByTestId('client-secret').textContent())!;
    expect(await tokenStatus(clientId, clientSecret)).toBe(200);
    await checkPage(theirPage, 'credential-secret');
    await dialog(theirPage).getByRole('button', { name: 'I have stored the secret' }).click();
    expect(await theirPage.content()).not.toContain(clientSecret);
    await expect.poll(() => rows.count()).toBe(2);
    await theirPage.getByRole('button', { name: `Revoke ${clientId}` }).click();
    await dialog(theirPage).waitFor();
    expect(await dialog(theirPage).textContent()).toContain('cannot be undone');
    await checkPage(theirPage, 'credential-revoke-dialog');
    await dialog(theirPage).getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => theirPage.locator('tr', { hasText: clientId }).textContent()).toContain('Revoked');
    expect(await tokenStatus(clientId, clientSecret)).toBe(401);
    expect(await tokenStatus(customer.clientId, customer.clientSecret)).toBe(200);
  }, STEP_TIMEOUT_ms);

  it('the customer administrator may not require two-factor before enrolling it: the server\'s refusal is shown, nothing changes', async () => {
    await nav(theirPage, 'Security settings');
    await theirPage.getByRole('heading', { name: 'Security settings', level: 1 }).waitFor();
    await checkPage(theirPage, 'security-settings');
    await theirPage.getByLabel('Require two-factor sign-in for everyone').check();
    await theirPage.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => theirPage.getByRole('alert').textContent()).toMatch(/authenticator|two-factor/i);
    await checkPage(theirPage, 'security-settings-refused');
    expect((await b.platform.admin('GET', `/customers/${customer.customerId}`)).json.data.requireTotp).toBe(false);
    expect(theirErrors).toEqual([]);
  }, STEP_TIMEOUT_ms);

  it('the owner signs the user out everywhere, changes the role, disables and enables them, and makes a new password link', async () => {
    await b.open(`/console/users?customerId=${customer.customerId}`);
    await page.getByRole('button', { name: `Manage ${invitedEmail}` }).click();
    await dialog().waitFor();
    // No authenticator enrolled: nothing to reset.
    expect(await dialog().getByRole('button', { name: 'Reset two-factor' }).count()).toBe(0);
    await checkPage(page, 'user-manage-dialog');

    await dialog().getByRole('button', { name: 'Sign out everywhere' }).click();
    await checkPage(page, 'user-sign-out-confirm');
    await dialog().getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect.poll(() => dialog().getByRole('status').textContent()).toBe('1 sessions ended.');
    // Their browser's session is gone: its next request is refused.
    expect(await theirPage.evaluate(async () => (await fetch('/admin/v1/session')).status)).toBe(401);

    await dialog().getByRole('button', { name: 'Change role' }).click();
    expect(await dialog().getByLabel('New role').locator('option').allTextContents()).toEqual(['Customer administrator', 'Customer developer', 'Customer viewer']);
    await dialog().getByLabel('New role').selectOption('customer_developer');
    await checkPage(page, 'user-change-role');
    await dialog().getByRole('button', { name: 'Save the role' }).click();
    await expect.poll(() => dialog().getByRole('status').textContent()).toBe('The role is now Customer developer.');
    expect((await invitedUser()).role).toBe('customer_developer');

    await dialog().getByRole('button', { name: 'Disable' }).click();
    expect(await dialog().textContent()).toContain(`Disable ${invitedEmail}?`);
    await checkPage(page, 'user-disable-confirm');
    await dialog().getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => dialog().getByRole('status').textContent()).toBe('Disabled');
    expect((await invitedUser()).status).toBe('Disabled');
    await dialog().getByRole('button', { name: 'Enable' }).click();
    await dialog().getByRole('button', { name: 'Enable' }).click();
    await expect.poll(() => dialog().getByRole('status').textContent()).toBe('Active');
    expect((await invitedUser()).status).toBe('Active');

    await dialog().getByRole('button', { name: 'New password link' }).click();
    await dialog().getByRole('button', { name: 'Create the link' }).click();
    const fresh = (await page.getByTestId('password-link').textContent())!;
    expect(fresh).toContain('/console/set-password#token=');
    expect(fresh).not.toBe(link);
    await checkPage(page, 'user-new-link');
    await dialog().getByRole('button', { name: 'I have handed over the link' }).click();
    expect(await page.content()).not.toContain(fresh.split('#token=')[1]!);
    await expect.poll(() => page.locator('tbody tr', { hasText: invitedEmail }).textContent()).toContain('Customer developer');
    expect(b.pageErrors).toEqual([]);
  }, STEP_TIMEOUT_ms);

  it('a customer viewer sees the team, the credentials and the security rule, without a button that changes anything', async () => {
    const viewer = await createUser(b.platform, 'customer_viewer', { customerId: customer.customerId, password: PASSWORD });
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await signIn(page, viewer.email, PASSWORD);
    await nav(page, 'Team members');
    await page.getByRole('heading', { name: 'Team members', level: 1 }).waitFor();
    await expect.poll(() => page.locator('tbody tr', { hasText: invitedEmail }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Invite user' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Manage/ }).count()).toBe(0);
    expect(await page.getByRole('columnheader', { name: 'Actions' }).count()).toBe(0);
    await checkPage(page, 'team-members-viewer');
    await nav(page, 'API credentials');
    await page.getByRole('heading', { name: 'API credentials', level: 1 }).waitFor();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);
    expect(await page.getByRole('button', { name: 'New API credential' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);
    await checkPage(page, 'credentials-viewer');
    await nav(page, 'Security settings');
    await expect.poll(() => page.getByTestId('require-totp').textContent()).toBe('Two-factor sign-in is not required.');
    expect(await page.getByRole('checkbox').count()).toBe(0);
    await checkPage(page, 'security-settings-viewer');
    // The server refuses anyway.
    expect((await viewer.call('POST', '/users', { email: 'x@example.test', role: 'customer_viewer' })).statusCode).toBe(403);
    expect(b.pageErrors).toEqual([]);
  }, STEP_TIMEOUT_ms);
});
