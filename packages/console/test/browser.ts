// The console's browser test harness: Debian's chromium driven by playwright-core, against the
// real platform listening on a real port (createTestPlatform + listen), on the database of the
// vitest project (pglite or postgres). Each test file opens one browser and reuses its page.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { createTestPlatform, type PlatformOptions, type TestPlatform } from '../../server/test/harness.ts';

export const CHROMIUM = process.env.CARDEPASS_CHROMIUM ?? '/usr/bin/chromium';
// The switches of a browser that talks to nothing but the platform under test.
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const project = process.env.CARDEPASS_TEST_DB ?? 'pglite';
export const SCREENSHOT_DIR = join(repositoryRoot, 'test-output/console', project);
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Whether the browser suites can run. Without chromium, CI must fail (`.ci/run` installs it, so a
 * missing browser is a broken machine); on a developer's machine the suite is skipped loudly, and
 * scripts/test.mjs still fails a run with skipped tests, so nothing passes quietly without it.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `chromium not found at ${CHROMIUM}: the console's browser tests need it ` +
    '(apt-get install chromium, or set CARDEPASS_CHROMIUM to a Chromium binary)';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n!!!!!!!!\n!!! SKIPPING the console browser tests: ${message}\n!!!!!!!!\n`);
  return false;
}

export interface ConsoleBrowser {
  platform: TestPlatform;
  /** http://127.0.0.1:<port> */
  origin: string;
  context: BrowserContext;
  page: Page;
  /** Messages the page logged as errors (CSP refusals, uncaught exceptions); failed HTTP answers are not counted. */
  pageErrors: string[];
  /** Opens a console path ('/console/…') and waits until the app has rendered its page. */
  open(path: string): Promise<void>;
  close(): Promise<void>;
}

export async function openConsoleBrowser(options: PlatformOptions = {}): Promise<ConsoleBrowser> {
  const platform = await createTestPlatform(options);
  await platform.app.listen({ port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${(platform.app.server.address() as AddressInfo).port}`;
  const userDataDir = mkdtempSync(join(tmpdir(), 'cardepass-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true,
      locale: 'en-US', timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 860 },
    });
  } catch (error) {
    await platform.close();
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(10_000);
  const page = context.pages()[0] ?? await context.newPage();
  const pageErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  return {
    platform, origin, context, page, pageErrors,
    async open(path) {
      await page.goto(origin + path);
      await page.locator('main').first().waitFor();
    },
    async close() {
      await context.close().catch(() => {});
      await platform.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** axe-core on the page as it is now: fails on any violation of impact serious or critical, listing them. */
export async function checkA11y(page: Page, name: string): Promise<void> {
  // evaluate() runs outside the page's Content-Security-Policy, which refuses injected <script> tags.
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } })
      .axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(blocking, `${name}: accessibility violations:\n${blocking.map((v) => `  [${v.impact}] ${v.id}: ${v.help} at ${v.targets.join(', ')}`).join('\n')}`).toEqual([]);
}

/** A full-page screenshot into test-output/console/<project>/<name>.png (kept by CI as an artifact). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Both at once, for every page a test visits. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await checkA11y(page, name);
  await screenshot(page, name);
}

/** A second person's own browser (no shared cookies, another time zone), its page errors collected in `errors`. */
export async function openOtherBrowser(errors: string[]): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'Europe/Berlin', viewport: { width: 1280, height: 860 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(String(error)));
  return { browser, page };
}

/** Opens a one-time password link, chooses the password, and goes on to the sign-in page. */
export async function setPasswordFromLink(page: Page, link: string, password: string, pageName: string): Promise<void> {
  await page.goto(link);
  await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
  // The token left the address bar (and so the history) as soon as the page read it.
  expect(page.url()).not.toContain('token=');
  await checkPage(page, pageName);
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Repeat the new password').fill(password);
  await page.getByRole('button', { name: 'Save password' }).click();
  await page.getByRole('link', { name: 'Go to sign-in' }).click();
}
