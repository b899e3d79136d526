import { join } from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { aRoomName } from '../builders/user.builder';
import { api, Session } from '../helpers/api-client';
import { accessibilityViolations, expectNoViolations } from './axe';
import { chatInChromium, openPage } from './browser';
import { eventually, record, request as ask, socketsOfEachTest } from '../helpers/socket-client';

const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');

/**
 * Attention (issue #16) in Chromium: unread and mention badges in the sidebar, the tab title,
 * the "New messages" divider, and two tabs of one user that agree.
 */
describe('Attention in Chromium', () => {
  // One test makes a member of many rooms.
  const ui = chatInChromium({ ROOM_CREATE_RATE_PER_HOUR: '100000' });
  const sockets = socketsOfEachTest();
  let client: ReturnType<typeof api>;
  beforeAll(() => {
    client = api(ui.app);
  });

  const signedIn = (session: Session) => ui.signedIn(session);

  const sidebarLink = (page: Page, name: string) =>
    page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: new RegExp(name) });

  it('shows unread and mention counts; reading in one tab clears the badge in the other', async () => {
    const [alice, bob] = await Promise.all([client.signUp(), client.signUp()]);
    const name = aRoomName('design');
    const { id: roomId } = await client.createRoom(alice, name);
    await client.addMember(alice, roomId, bob);
    const { id: quietId } = await client.createRoom(alice, aRoomName('quiet'));
    await client.addMember(alice, quietId, bob);
    await request(ui.app.url)
      .patch(`/api/rooms/${quietId}/members/me`)
      .auth(bob.accessToken, { type: 'bearer' })
      .send({ notify: 'none' })
      .expect(200);
    await client.post(alice, quietId, 'nobody listens here');
    await client.post(alice, roomId, 'Morning all');
    await client.post(alice, roomId, `@${bob.user.username} can you look at the mock-ups?`);
    await client.post(alice, roomId, 'Thanks!');

    const { page: firstTab, context, problems } = await signedIn(bob);
    const link = sidebarLink(firstTab, name);
    await waitForTitle(firstTab, '(3) Chat');
    await expectText(link, /3 unread/);
    await expectText(link, /@1\s*mention/);
    await firstTab.screenshot({ path: join(SCREENSHOTS, 'attention-sidebar.png') });

    // A second tab of the same user opens the room and reads it.
    const { page: secondTab } = await openPage(context, `${ui.app.url}/rooms/${roomId}`);
    await secondTab.getByText('New messages').waitFor();
    await secondTab.getByText('Thanks!').waitFor();
    const mention = secondTab.locator('.mention.me');
    await mention.first().waitFor();
    await secondTab.screenshot({ path: join(SCREENSHOTS, 'attention-room.png') });

    // The first tab hears `read` and drops the badge; the muted room never counted in the title.
    const readAt = Date.now();
    await waitForTitle(firstTab, 'Chat');
    expect(await link.textContent()).not.toMatch(/unread|mention/);
    // The marker is sent after a short settle (READ_DEBOUNCE_MS, 0.8 s), then it takes the event.
    expect(Date.now() - readAt).toBeLessThan(3000);
    const { body: rooms } = await request(ui.app.url)
      .get('/api/rooms?member=true')
      .auth(bob.accessToken, { type: 'bearer' })
      .expect(200);
    const read = (rooms as { id: string; membership: { unread: number } }[]).find(
      (r) => r.id === roomId,
    );
    expect(read?.membership.unread).toBe(0);
    expect(problems).toEqual([]);
  });

  it('counts messages of rooms that are not open as they arrive, whatever their notify level', async () => {
    const [alice, bob] = await Promise.all([client.signUp(), client.signUp()]);
    const { id: openId } = await client.createRoom(alice, aRoomName('open'));
    const quietName = aRoomName('quietly');
    const { id: quietId } = await client.createRoom(alice, quietName);
    const loudName = aRoomName('loudly');
    const { id: loudId } = await client.createRoom(alice, loudName);
    for (const roomId of [openId, quietId, loudId]) await client.addMember(alice, roomId, bob);
    await request(ui.app.url)
      .patch(`/api/rooms/${loudId}/members/me`)
      .auth(bob.accessToken, { type: 'bearer' })
      .send({ notify: 'all' })
      .expect(200);

    const { page, problems } = await signedIn(bob);
    await page.goto(`${ui.app.url}/rooms/${openId}`);
    await page.getByText('No messages yet').waitFor();
    const quiet = sidebarLink(page, quietName);
    const loud = sidebarLink(page, loudName);
    expect(await quiet.textContent()).not.toMatch(/unread/);

    // `mentions` sends this tab no notification for a plain message: only `message:new` can tell.
    const { id: firstId } = await client.post(alice, quietId, 'a plain message');
    await expectText(quiet.locator('.unread-count'), /^1 unread$/);
    await client.post(alice, quietId, 'and another');
    await client.post(alice, loudId, 'loud news');
    await expectText(quiet.locator('.unread-count'), /^2 unread$/);
    await expectText(loud.locator('.unread-count'), /^1 unread$/);
    expect(await quiet.textContent()).not.toMatch(/mention/);
    await waitForTitle(page, /^\(3\) /);

    // A deletion takes the message out of the count, also in a room that is not open.
    await request(ui.app.url)
      .delete(`/api/messages/${firstId}`)
      .auth(alice.accessToken, { type: 'bearer' })
      .expect(204);
    await expectText(quiet.locator('.unread-count'), /^1 unread$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'attention-live-counts.png') });
    expect(problems).toEqual([]);
  });

  it('joins every one of 120 member rooms after signing in, so a message in any moves its badge', async () => {
    const [alice, bob] = await Promise.all([client.signUp(), client.signUp()]);
    const rooms: { id: string; name: string }[] = [];
    for (let batch = 0; batch < 12; batch++) {
      rooms.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, async () => {
            const room = await client.createRoom(alice, aRoomName('many'));
            await client.addMember(alice, room.id, bob);
            return room;
          }),
        )),
      );
    }
    // Alice is in every room: presence tells her when bob's client has joined each.
    const watcher = await sockets.open(ui.app, alice);
    const presence = record(watcher, 'presence');
    for (const room of rooms) {
      expect(await ask(watcher, 'room:join', { roomId: room.id })).toMatchObject({ ok: true });
    }
    const bobJoined = () =>
      new Set(
        presence
          .filter((event) => event.joined.some((user) => user.id === bob.user.id))
          .map((event) => event.roomId),
      );

    const { page, problems } = await signedIn(bob);
    await eventually(() => expect(bobJoined().size).toBe(rooms.length), 20_000);
    const last = rooms.find((room) => room.id === presence.at(-1)?.roomId)!;
    await client.post(alice, last.id, 'in the last room joined');
    await expectText(sidebarLink(page, last.name).locator('.unread-count'), /^1 unread$/);
    expect(problems).toEqual([]);
  });

  it('offers to jump to the first unread message when it is above the view, and Escape marks the room read', async () => {
    const [alice, bob] = await Promise.all([client.signUp(), client.signUp()]);
    const name = aRoomName('backlog');
    const { id: roomId } = await client.createRoom(alice, name);
    await client.addMember(alice, roomId, bob);
    await client.post(bob, roomId, 'before the backlog');
    // More than the newest page (50): the first unread is not even loaded on opening.
    for (let i = 1; i <= 80; i++) await client.post(alice, roomId, `backlog ${i}`);

    const { page, problems } = await signedIn(bob);
    await page.goto(`${ui.app.url}/rooms/${roomId}`);
    await page.getByText('backlog 80', { exact: true }).waitFor();
    const bar = page.locator('.unread-bar');
    await bar.getByText('80 new messages').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'attention-jump-to-unread.png') });
    expectNoViolations(await accessibilityViolations(page, 'room with unread above'));
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(SCREENSHOTS, 'attention-jump-to-unread-dark.png') });
    expectNoViolations(await accessibilityViolations(page, 'room with unread above, dark'));
    await page.emulateMedia({ colorScheme: 'light' });

    await bar.getByRole('button', { name: 'Jump to the first unread message' }).click();
    const divider = page.locator('.unread-divider');
    await divider.waitFor();
    const first = page.getByText('backlog 1', { exact: true });
    await first.waitFor();
    const view = (await page.locator('.viewport').boundingBox())!;
    const dividerBox = (await divider.boundingBox())!;
    expect(dividerBox.y).toBeGreaterThanOrEqual(view.y - 1);
    expect(dividerBox.y).toBeLessThan(view.y + view.height / 2);
    await bar.waitFor({ state: 'detached' });
    await page.screenshot({ path: join(SCREENSHOTS, 'attention-jumped-to-unread.png') });

    // Read back there, what arrives now is below, not on screen: it counts, until Escape.
    await client.post(alice, roomId, 'while you were reading');
    await client.post(alice, roomId, 'and one more');
    const link = page
      .getByRole('navigation', { name: 'Rooms' })
      .getByRole('link', { name: new RegExp(name) });
    await expectText(link.locator('.unread-count'), /^2 unread$/);
    await page.getByLabel('Message', { exact: true }).focus();
    await page.keyboard.press('Escape');
    await waitForTitle(page, /^backlog/);
    expect(await link.textContent()).not.toMatch(/unread/);
    const { body: room } = await request(ui.app.url)
      .get(`/api/rooms/${roomId}`)
      .auth(bob.accessToken, { type: 'bearer' })
      .expect(200);
    expect(room.membership).toMatchObject({ lastReadSeq: 83, unread: 0 });
    expect(problems).toEqual([]);
  });

  it('completes :shortcodes: to emoji in the composer; a whole :shortcode: becomes its emoji', async () => {
    const alice = await client.signUp();
    const { id: roomId } = await client.createRoom(alice, aRoomName('emoji'));
    const { page, problems } = await signedIn(alice);
    await page.goto(`${ui.app.url}/rooms/${roomId}`);
    const composer = page.getByLabel('Message', { exact: true });
    await composer.pressSequentially('Ship it :rock');
    const list = page.getByRole('listbox', { name: 'Emoji' });
    await list.getByRole('option', { name: '🚀 :rocket:' }).waitFor();
    expect(await composer.getAttribute('aria-expanded')).toBe('true');
    await page.screenshot({ path: join(SCREENSHOTS, 'emoji-completion-light-desktop.png') });
    expectNoViolations(await accessibilityViolations(page, 'composer, emoji completion open'));
    await composer.press('Enter');
    await list.waitFor({ state: 'detached' });
    expect(await composer.inputValue()).toBe('Ship it 🚀');
    // Escape closes the list and keeps what was typed.
    await composer.pressSequentially(' :fi');
    await list.waitFor();
    await composer.press('Escape');
    await list.waitFor({ state: 'detached' });
    expect(await composer.inputValue()).toBe('Ship it 🚀 :fi');
    await composer.fill('');
    await composer.pressSequentially('Nice work :thumbsup:');
    expect(await composer.inputValue()).toBe('Nice work 👍');
    await composer.press('Enter');
    await page.locator('.log .text', { hasText: 'Nice work 👍' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('completes @mentions from the room’s members and notifies of a mention in another room', async () => {
    const [alice, bob] = await Promise.all([client.signUp(), client.signUp()]);
    const { id: here } = await client.createRoom(alice, aRoomName('here'));
    await client.addMember(alice, here, bob);
    const { id: elsewhere } = await client.createRoom(alice, aRoomName('elsewhere'));
    await client.addMember(alice, elsewhere, bob);

    const context = await ui.newContext();
    await context.grantPermissions(['notifications']);
    // Records what the app shows instead of showing it.
    await context.addInitScript(() => {
      const shown: { title: string; body: string }[] = [];
      const instances: { onclick: (() => void) | null }[] = [];
      const recorded = globalThis as unknown as {
        shownNotifications: typeof shown;
        clickLastNotification: () => void;
      };
      recorded.shownNotifications = shown;
      recorded.clickLastNotification = () => instances.at(-1)?.onclick?.();
      class RecordedNotification {
        static permission = 'granted';
        static requestPermission = () => Promise.resolve('granted');
        onclick: (() => void) | null = null;
        constructor(title: string, options: { body: string }) {
          shown.push({ title, body: options.body });
          instances.push(this);
        }
        close(): void {}
      }
      (globalThis as unknown as { Notification: unknown }).Notification = RecordedNotification;
    });
    const { page, problems } = await openPage(context, `${ui.app.url}/login`);
    await page.getByLabel('Username or email').fill(bob.draft.username);
    await page.getByLabel('Password').fill(bob.draft.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/rooms');
    await page.goto(`${ui.app.url}/rooms/${here}`);

    const composer = page.getByLabel('Message', { exact: true });
    await composer.pressSequentially(`hi @${alice.user.username.slice(0, 4)}`);
    const option = page.getByRole('option', { name: `@${alice.user.username}` });
    await option.waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'attention-autocomplete.png') });
    await composer.press('Enter');
    expect(await composer.inputValue()).toBe(`hi @${alice.user.username} `);
    await composer.press('Enter');
    await page
      .locator('.mention')
      .filter({ hasText: `@${alice.user.username}` })
      .waitFor();

    // A mention in a room that is not open reaches the browser as a notification.
    await client.post(alice, elsewhere, `@${bob.user.username} over here`);
    const deadline = Date.now() + 5000;
    let shown: { title: string; body: string }[] = [];
    while (shown.length === 0 && Date.now() < deadline) {
      shown = await page.evaluate(
        () =>
          (globalThis as unknown as { shownNotifications: { title: string; body: string }[] })
            .shownNotifications,
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(shown).toEqual([
      expect.objectContaining({
        title: expect.stringContaining(`${alice.user.username} mentioned you`),
        body: `@${bob.user.username} over here`,
      }),
    ]);
    await expectText(sidebarLink(page, 'elsewhere'), /@1\s*mention/);

    // Clicking it opens that room with the message highlighted.
    await page.evaluate(() =>
      (globalThis as unknown as { clickLastNotification: () => void }).clickLastNotification(),
    );
    await page.waitForURL(`**/rooms/${elsewhere}`);
    await page.locator('.highlight').filter({ hasText: 'over here' }).waitFor();
    expect(problems).toEqual([]);
  });
});

/** Polls the title (a function evaluated in the page would need `unsafe-eval`, which the CSP refuses). */
async function waitForTitle(page: Page, title: string | RegExp, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await page.title();
    if (typeof title === 'string' ? current === title : title.test(current)) return;
    if (Date.now() > deadline) throw new Error(`The title is "${current}", not "${title}"`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function expectText(locator: ReturnType<Page['locator']>, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const text = (await locator.textContent()) ?? '';
    if (pattern.test(text)) return;
    if (Date.now() > deadline) throw new Error(`"${text}" does not match ${pattern}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
