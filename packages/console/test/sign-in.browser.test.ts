// The console in a real browser: sign in, two-factor enrolment, sign in with the code, language
// switch remembered across a reload, the server's error in Chinese, no double submit. Every page
// visited is checked with axe-core and photographed (test-output/console/<project>/).
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/test/people-kit.ts';
import { navFor } from '../src/app/nav.ts';
import { en } from '../src/lib/i18n-messages.ts';
import { browserAvailable, checkPage, openConsoleBrowser, type ConsoleBrowser } from './browser.ts';

const EMAIL = 'owner.console@example.test';
const PASSWORD = 'a-long-console-passphrase-42';
// The server accepts a code once per 30-second step and one step ahead (a clock a little fast):
// the sign-in after enrolment uses the next step's code, so the test never waits for the clock.
const codeFor = (secret: string, at_ms: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at_ms });

describe.skipIf(!browserAvailable())('console sign-in in a real browser', () => {
  let b: ConsoleBrowser;
  let secret = '';
  beforeAll(async () => {
    b = await openConsoleBrowser();
    await createUser(b.platform, 'owner', { email: EMAIL, password: PASSWORD });
  }, 120_000);
  afterAll(async () => { await b?.close(); });

  const signIn = async (password = PASSWORD) => {
    await b.page.getByLabel('E-mail address').fill(EMAIL);
    await b.page.getByLabel('Password', { exact: true }).fill(password);
    await b.page.getByRole('button', { name: 'Sign in' }).click();
  };

  it('sends a visitor to sign-in, signs in with e-mail and password, lands on the overview', async () => {
    await b.open('/console/');
    await b.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(b.page.url()).pathname).toBe('/console/sign-in');
    await checkPage(b.page, 'sign-in');
    await signIn();
    await b.page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(new URL(b.page.url()).pathname).toBe('/console/');
    await expect.poll(() => b.page.getByTestId('signed-in-user').textContent()).toContain(EMAIL);
    expect(await b.page.getByRole('main').textContent()).toContain('Owner');
    // The navigation shows what the role may use (the console's own table, as the server's permission table filters it).
    expect(await b.page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(navFor('owner').map((entry) => en[entry.label]));
    await checkPage(b.page, 'overview');
  });

  it('enrols an authenticator app: QR code and key, confirmed with a code, recovery codes shown once', async () => {
    await b.page.getByRole('link', { name: 'Two-factor' }).click();
    await b.page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const qr = b.page.getByRole('img', { name: /QR code/ });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    // The QR code really rendered (the page's policy allows data: images): it has a size.
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    secret = (await b.page.locator('#totp-secret').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await checkPage(b.page, 'two-factor-enrol');
    // A wrong code first: the server's message, and nothing enabled.
    await b.page.getByLabel('Code from the app').fill('000000');
    await b.page.getByRole('button', { name: 'Turn on two-factor' }).click();
    await expect.poll(() => b.page.getByRole('alert').textContent()).toContain('The two-factor code is wrong');
    await b.page.getByLabel('Code from the app').fill(codeFor(secret, Date.now()));
    await b.page.getByRole('button', { name: 'Turn on two-factor' }).click();
    await b.page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    const codes = await b.page.locator('.recovery-codes li').allTextContents();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    await checkPage(b.page, 'two-factor-recovery-codes');
    await b.page.getByRole('button', { name: 'I have saved them' }).click();
    await b.page.getByRole('heading', { name: 'Overview' }).waitFor();
  });

  it('signs out; signing in again asks for the authenticator code', async () => {
    await b.page.getByRole('button', { name: 'Sign out' }).click();
    await b.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    // The session is gone on the server too: the console's own page can no longer read it.
    expect(await b.page.evaluate(async () => (await fetch('/admin/v1/session')).status)).toBe(401);
    await signIn();
    await b.page.getByRole('heading', { name: 'Two-factor code' }).waitFor();
    await checkPage(b.page, 'sign-in-code');
    await b.page.getByLabel('Authenticator code').fill(codeFor(secret, Date.now() + 30_000));
    await b.page.getByRole('button', { name: 'Verify' }).click();
    await b.page.getByRole('heading', { name: 'Overview' }).waitFor();
  });

  it('shows the account page, the password-link page without a link, and a not-found page', async () => {
    await b.page.getByRole('link', { name: 'Account' }).click();
    await b.page.getByRole('heading', { name: 'Change password' }).waitFor();
    await checkPage(b.page, 'account');
    await b.open('/console/no/such/page');
    await b.page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await checkPage(b.page, 'not-found');
    await b.open('/console/set-password');
    await b.page.getByRole('heading', { name: 'Choose your password' }).waitFor();
    await checkPage(b.page, 'set-password-no-link');
  });

  it('switches to Chinese, remembers it across a reload, and shows the server\'s refusal in Chinese, sent once', async () => {
    await b.open('/console/');
    await b.page.getByLabel('Language').selectOption('zh');
    await b.page.getByRole('heading', { name: '概览' }).waitFor();
    await b.page.reload();
    await b.page.getByRole('heading', { name: '概览' }).waitFor();
    expect(await b.page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await checkPage(b.page, 'overview-zh');
    await b.page.getByRole('button', { name: '退出登录' }).click();
    await b.page.getByRole('heading', { name: '登录' }).waitFor();
    let signInPosts = 0;
    b.page.on('request', (request) => { if (request.method() === 'POST' && request.url().endsWith('/admin/v1/session')) signInPosts++; });
    await b.page.getByLabel('电子邮件地址').fill(EMAIL);
    await b.page.getByLabel('密码', { exact: true }).fill('not-the-password-at-all');
    // Two quick clicks: one request.
    await b.page.getByRole('button', { name: '登录' }).dblclick();
    await expect.poll(() => b.page.getByRole('alert').textContent()).toContain('电子邮件地址或密码错误');
    expect(signInPosts).toBe(1);
    await checkPage(b.page, 'sign-in-error-zh');
    expect(b.pageErrors).toEqual([]);
  });
});
