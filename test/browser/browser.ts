import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import request from 'supertest';
import type { Session } from '../helpers/api-client';
import { startTestApp, TestApp } from '../helpers/test-app';

/** Debian's Chromium (`apt-get install -y chromium`); Playwright's own download is unreachable here. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Playwright gives every launch a fresh, empty profile (user-data dir) of its own. */
export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

export const DESKTOP = { width: 1200, height: 760 };
export const PHONE = { width: 375, height: 740 };

/** A page that fails the test on any script error or CSP violation. */
export async function openPage(
  context: BrowserContext,
  url: string,
): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (
      message.type() === 'error' &&
      !/Failed to load resource|ERR_INTERNET_DISCONNECTED|WebSocket/.test(message.text())
    ) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(url);
  return { page, problems };
}

type ContextOptions = Parameters<Browser['newContext']>[0];

/**
 * What every browser suite needs: the app (with the built client) on a test database, one
 * Chromium, and a fresh context per person, closed after each test. Call inside `describe`.
 */
export interface ChatInChromium {
  /** The app under test (valid from beforeAll on). */
  readonly app: TestApp;
  /** A context of its own (cookies, storage), closed after the test; no page yet. */
  newContext(options?: ContextOptions): Promise<BrowserContext>;
  /** A context of its own on the login page. */
  newPage(
    options?: ContextOptions,
    baseUrl?: string,
  ): Promise<{ context: BrowserContext; page: Page; problems: string[] }>;
  /** A context of its own for `session`, logged in through the form, on the room list. */
  signedIn(
    session: Session,
    options?: ContextOptions,
    baseUrl?: string,
  ): Promise<{ context: BrowserContext; page: Page; problems: string[] }>;
}

/** The rate limits a browser test (one person typing fast) must not meet. */
const BROWSER_TEST_ENV = { MESSAGE_RATE_BURST: '100000', MESSAGE_RATE_PER_MINUTE: '100000' };

export function chatInChromium(env: Record<string, string> = {}): ChatInChromium {
  let app: TestApp | undefined;
  let chrome: TestBrowser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    app = await startTestApp({ ...BROWSER_TEST_ENV, ...env });
    const home = await request(app.url).get('/');
    if (!home.text.includes('<app-root'))
      throw new Error('The web client is not built: run `npm run build` first');
    chrome = await launchBrowser();
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });
  afterAll(async () => {
    await chrome?.close();
    await app?.close();
  });

  const started = () => {
    if (!app || !chrome) throw new Error('chatInChromium: used before beforeAll ran');
    return { app, chrome };
  };

  async function newContext(options: ContextOptions = {}) {
    const context = await started().chrome.browser.newContext({ viewport: DESKTOP, ...options });
    contexts.push(context);
    return context;
  }

  async function newPage(options: ContextOptions = {}, baseUrl?: string) {
    const context = await newContext(options);
    return { context, ...(await openPage(context, `${baseUrl ?? started().app.url}/login`)) };
  }

  return {
    get app() {
      return started().app;
    },
    newContext,
    newPage,
    async signedIn(session, options, baseUrl) {
      const opened = await newPage(options, baseUrl);
      await logInThroughTheForm(opened.page, session);
      return opened;
    },
  };
}

/** Logs in on the login page; resolves on the room list. */
export async function logInThroughTheForm(page: Page, session: Session): Promise<void> {
  await page.getByLabel('Username or email').fill(session.draft.username);
  await page.getByLabel('Password').fill(session.draft.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL('**/rooms');
}
