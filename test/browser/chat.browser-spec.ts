import { join } from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { aRoomName, aUser } from '../builders/user.builder';
import { api, Session } from '../helpers/api-client';
import { startTestApp, TestApp } from '../helpers/test-app';
import { accessibilityViolations, expectNoViolations } from './axe';
import { chatInChromium, logInThroughTheForm, PHONE, DESKTOP } from './browser';

const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');

describe('Web client in Chromium', () => {
  const ui = chatInChromium();

  const newPage = ui.newPage;

  async function registerThroughTheForm(page: Page): Promise<string> {
    const draft = aUser();
    await page.getByRole('link', { name: 'Create an account' }).click();
    // The login form's "Username or email" must be gone before the register form is filled.
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    await page.getByLabel('Username', { exact: true }).fill(draft.username);
    await page.getByLabel('Email').fill(draft.email);
    await page.getByLabel('Password').fill(draft.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/rooms');
    return draft.username;
  }

  const bodies = (page: Page) => page.locator('.log .body').allTextContents();
  const composer = (page: Page) => page.getByLabel('Message', { exact: true });

  async function say(page: Page, text: string): Promise<void> {
    await composer(page).fill(text);
    await composer(page).press('Enter');
  }

  it('two people chat live: messages, presence, typing, offline catch-up, safe text, logout', async () => {
    const alice = await newPage();
    const bob = await newPage();
    const aliceName = await registerThroughTheForm(alice.page);
    const bobName = await registerThroughTheForm(bob.page);

    // Alice creates a room; it appears in Bob's list live.
    const roomName = aRoomName('Lobby');
    await alice.page.getByRole('button', { name: 'New room' }).click();
    await alice.page
      .getByRole('dialog', { name: 'New room' })
      .getByLabel('Name', { exact: true })
      .fill(roomName);
    await alice.page.getByRole('button', { name: 'Create room' }).click();
    await alice.page.waitForURL('**/rooms/*');
    // A public room someone else made is Bob's to browse and join (a v1 server lists it in
    // his sidebar instead: either place will do).
    await bob.page.getByRole('link', { name: /Browse rooms/ }).click();
    await bob.page
      .getByRole('link', { name: roomName })
      .or(bob.page.getByRole('button', { name: `Join ${roomName}` }))
      .click();
    await bob.page.waitForURL('**/rooms/*');

    // Presence: both see both.
    for (const { page } of [alice, bob]) {
      await page.getByText('2 here').waitFor({ timeout: 2000 });
    }

    // A message from one appears for the other within a second.
    await say(alice.page, 'Hello Bob!');
    await bob.page.locator('.log .body', { hasText: 'Hello Bob!' }).waitFor({ timeout: 1000 });

    // Typing shows, and clears when the typist empties the box.
    await composer(bob.page).fill('Hi Ali');
    await alice.page.getByText(`${bobName} is typing…`).waitFor({ timeout: 2000 });
    await composer(bob.page).fill('');
    await alice.page
      .getByText(`${bobName} is typing…`)
      .waitFor({ state: 'detached', timeout: 2000 });

    // User text is text: markup shows as typed and runs nothing.
    const markup = '<img src=x onerror=alert(1)>';
    await say(alice.page, markup);
    await bob.page.locator('.log .body', { hasText: markup }).waitFor({ timeout: 2000 });
    expect(await bob.page.locator('.log img').count()).toBe(0);

    // Bob drops off the network; Alice sends three; Bob comes back to exactly those three, in order.
    await bob.context.setOffline(true);
    await bob.page.getByText('Reconnecting…').waitFor({ timeout: 10000 });
    const whileAway = ['first while away', 'second while away', 'third while away'];
    for (const text of whileAway) await say(alice.page, text);
    await alice.page.locator('.log .body', { hasText: 'third while away' }).waitFor();
    await bob.context.setOffline(false);
    await bob.page
      .locator('.log .body', { hasText: 'third while away' })
      .waitFor({ timeout: 15000 });
    await bob.page.getByText('Reconnecting…').waitFor({ state: 'detached' });
    expect((await bodies(bob.page)).slice(-3)).toEqual(whileAway);
    expect(await bodies(bob.page)).toEqual(await bodies(alice.page));

    // Logging out returns to the login page; the old session no longer opens the app.
    await bob.page.getByRole('button', { name: 'Log out' }).click();
    await bob.page.waitForURL('**/login');
    await bob.page.goto(`${ui.app.url}/rooms`);
    await bob.page.waitForURL('**/login');

    expect(aliceName).not.toBe(bobName);
    expect([...alice.problems, ...bob.problems]).toEqual([]);
  });

  it('a message typed offline shows as pending and is sent when the connection returns', async () => {
    const client = api(ui.app);
    const carol = await client.signUp();
    const room = await client.createRoom(carol, aRoomName('Outbox'));
    const { page, context, problems } = await newPage();
    await logInThroughTheForm(page, carol);
    await page.goto(`${ui.app.url}/rooms/${room.id}`);
    await page.getByText('1 here').waitFor();

    await context.setOffline(true);
    await page.getByText('Reconnecting…').waitFor({ timeout: 10000 });
    await say(page, 'written on the train');
    await page
      .locator('.outgoing', { hasText: 'written on the train' })
      .getByText('Sending…')
      .waitFor();
    await context.setOffline(false);

    await page
      .locator('.log .message:not(.outgoing) .body', { hasText: 'written on the train' })
      .waitFor({ timeout: 15000 });
    expect(await page.locator('.outgoing').count()).toBe(0);
    const stored = await request(ui.app.url)
      .get(`/api/rooms/${room.id}/messages`)
      .set('Authorization', `Bearer ${carol.accessToken}`);
    expect(stored.body.messages.map((m: { body: string }) => m.body)).toEqual([
      'written on the train',
    ]);
    expect(problems).toEqual([]);
  });

  it('scrolling up loads older messages in a room of 300 without the view jumping', async () => {
    const client = api(ui.app);
    const dave = await client.signUp();
    const room = await client.createRoom(dave, aRoomName('History'));
    for (let i = 1; i <= 300; i++) {
      await request(ui.app.url)
        .post(`/api/rooms/${room.id}/messages`)
        .set('Authorization', `Bearer ${dave.accessToken}`)
        .send({ body: `history message ${i}` })
        .expect(201);
    }
    const { page, problems } = await newPage();
    await logInThroughTheForm(page, dave);
    await page.goto(`${ui.app.url}/rooms/${room.id}`);
    await page.locator('[data-seq="300"]').waitFor();
    expect(await page.locator('[data-seq="250"]').count()).toBe(0);

    const viewport = page.getByLabel('Messages', { exact: true });
    for (let oldestLoaded = 251; oldestLoaded > 1; oldestLoaded -= 50) {
      // Scroll to the top: the oldest message shown is the reader's anchor.
      await viewport.evaluate((element) => (element.scrollTop = 0));
      const anchor = page.locator(`[data-seq="${oldestLoaded}"]`);
      await page
        .locator(`[data-seq="${oldestLoaded - 50}"]`)
        .waitFor({ state: 'attached', timeout: 5000 });
      // Older messages went in above, and the anchor did not move.
      const anchorTop = await anchor.evaluate((element) => element.getBoundingClientRect().top);
      const viewportTop = await viewport.evaluate((element) => element.getBoundingClientRect().top);
      expect(anchorTop - viewportTop).toBeGreaterThanOrEqual(0);
      expect(anchorTop - viewportTop).toBeLessThan(120);
    }
    await page.getByText('This is the start of the room.').waitFor();
    expect(await page.locator('.log .message').count()).toBe(300);
    expect(problems).toEqual([]);
  });

  it('shows sign-in errors from the server next to the form', async () => {
    const client = api(ui.app);
    const taken = await client.register();
    const { page } = await newPage();

    await page.getByLabel('Username or email').fill(taken.username);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').getByText('Invalid username or password').waitFor();

    await page.getByRole('link', { name: 'Create an account' }).click();
    // The login form's "Username or email" must be gone before the register form is filled.
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    await page.getByLabel('Username', { exact: true }).fill(taken.username.toUpperCase());
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('email must be a valid email address').waitFor();
    await page.getByText('password must be between 8 and 128 characters long').waitFor();
  });

  it('saves screenshots and finds no serious accessibility problem: every screen, light and dark, desktop and phone', async () => {
    // A server of its own, so the pictures show only the rooms made for them.
    const showcase = await startTestApp();
    try {
      expectNoViolations(await walkEveryScreen(showcase));
    } finally {
      await showcase.close();
    }
  });

  /** Screenshots login, rooms and chat, and runs axe on those and on register and the people list. */
  async function walkEveryScreen(showcase: TestApp): Promise<string[]> {
    const client = api(showcase);
    const [erin, frank] = await Promise.all([
      client.signUp({ username: 'erin' }),
      client.signUp({ username: 'frank' }),
    ]);
    const room = await client.createRoom(
      erin,
      'Design review',
      'Screens, copy and the odd bikeshed',
    );
    await client.createRoom(frank, 'Random', 'Anything goes');
    const lines: [Session, string][] = [
      [erin, 'Morning! Did everyone see the new room list?'],
      [frank, 'Yes, it looks much cleaner.'],
      [frank, 'The phone layout works too:\none pane at a time.'],
      [erin, 'Great. Shipping it Monday.'],
    ];
    for (const [session, body] of lines) {
      await request(showcase.url)
        .post(`/api/rooms/${room.id}/messages`)
        .set('Authorization', `Bearer ${session.accessToken}`)
        .send({ body })
        .expect(201);
    }

    const violations: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const [device, viewport] of [
        ['desktop', DESKTOP],
        ['phone', PHONE],
      ] as const) {
        const { page, problems } = await newPage({ colorScheme, viewport }, showcase.url);
        const variant = `${colorScheme}-${device}`;
        const shot = (name: string) =>
          page.screenshot({ path: join(SCREENSHOTS, `${name}-${variant}.png`) });
        const scan = async (name: string) =>
          violations.push(...(await accessibilityViolations(page, `${name} (${variant})`)));

        await page.getByRole('button', { name: 'Log in' }).waitFor();
        await shot('login');
        await scan('login');
        await page.getByRole('link', { name: 'Create an account' }).click();
        await page.getByRole('button', { name: 'Create account' }).waitFor();
        await scan('register');
        await page.getByRole('link', { name: 'Log in' }).click();
        await logInThroughTheForm(page, erin);
        await page.getByRole('link', { name: 'Design review' }).waitFor();
        await shot('rooms');
        await scan('rooms');
        await page.getByRole('link', { name: 'Design review' }).click();
        await page.getByText('Shipping it Monday.').waitFor();
        await page.getByText('1 here').waitFor();
        await shot('chat');
        await scan('chat');
        await page.getByText('1 here').click();
        await page.getByRole('list', { name: 'People in this room' }).waitFor();
        await scan('chat, people list open');
        expect(problems).toEqual([]);
      }
    }
    return violations;
  }
});
