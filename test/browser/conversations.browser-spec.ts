import { join } from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { aRoomName } from '../builders/user.builder';
import { api } from '../helpers/api-client';
import { startTestApp, TestApp } from '../helpers/test-app';
import { accessibilityViolations, expectNoViolations } from './axe';
import { chatInChromium, PHONE, DESKTOP } from './browser';

const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');

/**
 * Conversations (issue #14) in Chromium: private rooms, members and moderation, direct
 * messages and the quick switcher, with two or three people at once.
 */
describe('Conversations in Chromium', () => {
  const ui = chatInChromium();

  const signedIn = ui.signedIn;

  const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Rooms' });
  const composer = (page: Page) => page.getByLabel('Message', { exact: true });

  async function say(page: Page, text: string): Promise<void> {
    await composer(page).fill(text);
    await composer(page).press('Enter');
  }

  async function createRoomThroughTheDialog(
    page: Page,
    name: string,
    kind: 'Public' | 'Private',
  ): Promise<string> {
    await page.getByRole('button', { name: 'New room' }).click();
    await page
      .getByRole('dialog', { name: 'New room' })
      .getByLabel('Name', { exact: true })
      .fill(name);
    await page.getByRole('radio', { name: kind }).check();
    await page.getByRole('button', { name: 'Create room' }).click();
    await page.waitForURL('**/rooms/*');
    return page.url().split('/rooms/')[1];
  }

  async function openMembers(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Members', exact: true }).click();
    await page.getByRole('complementary', { name: 'Members' }).waitFor();
  }

  /** Types into a user picker and picks the person offered under that exact username. */
  async function pick(page: Page, label: string, username: string): Promise<void> {
    await page.getByRole('combobox', { name: label }).fill(username);
    await page.getByRole('option', { name: username, exact: true }).click();
  }

  it('a private room is invisible to others until they are added, live; a removal says so and leaves the view', async () => {
    const client = api(ui.app);
    const [aliceSession, bobSession, carolSession] = await Promise.all([
      client.signUp(),
      client.signUp(),
      client.signUp(),
    ]);
    const alice = await signedIn(aliceSession);
    const bob = await signedIn(bobSession);

    const roomName = aRoomName('Secret');
    const roomId = await createRoomThroughTheDialog(alice.page, roomName, 'Private');

    // Bob sees it nowhere: not in the sidebar, not to browse, not by its id.
    await bob.page.getByRole('link', { name: 'Browse rooms' }).click();
    await bob.page.getByRole('heading', { name: 'Browse rooms' }).waitFor();
    expect(await bob.page.getByText(roomName).count()).toBe(0);
    await request(ui.app.url)
      .get(`/api/rooms/${roomId}`)
      .auth(bobSession.accessToken, { type: 'bearer' })
      .expect(404);

    // Alice adds Bob from the members panel; the room appears in Bob's sidebar without a reload.
    await openMembers(alice.page);
    await pick(alice.page, 'Add a member', bobSession.draft.username);
    const panel = alice.page.getByRole('complementary', { name: 'Members' });
    await panel.getByText(bobSession.draft.username, { exact: true }).waitFor();
    await sidebar(bob.page).getByRole('link', { name: roomName }).click();
    await bob.page.waitForURL(`**/rooms/${roomId}`);

    // Bob, a member, sees the members but no moderation and no settings.
    await openMembers(bob.page);
    await bob.page
      .getByRole('complementary', { name: 'Members' })
      .getByText(aliceSession.draft.username, { exact: true })
      .waitFor();
    expect(await bob.page.getByRole('button', { name: /^(Remove|Ban|Make) / }).count()).toBe(0);
    expect(await bob.page.getByRole('button', { name: 'Settings' }).count()).toBe(0);

    // Alice makes Bob an admin: Bob's panel shows it live, and now offers to add people.
    await alice.page
      .getByRole('button', { name: `Make admin: ${bobSession.draft.username}` })
      .click();
    await bob.page.getByRole('combobox', { name: 'Add a member' }).waitFor();
    // An admin adds Carol; an admin cannot remove the owner.
    await pick(bob.page, 'Add a member', carolSession.draft.username);
    await panel.getByText(carolSession.draft.username, { exact: true }).waitFor();
    expect(
      await bob.page.getByRole('button', { name: `Remove ${aliceSession.draft.username}` }).count(),
    ).toBe(0);

    // Renaming reaches Bob's header and sidebar live.
    const newName = `${roomName} renamed`;
    await alice.page.getByRole('button', { name: 'Settings' }).click();
    await alice.page
      .getByRole('dialog', { name: 'Room settings' })
      .getByLabel('Name', { exact: true })
      .fill(newName);
    await alice.page.getByRole('button', { name: 'Save' }).click();
    await bob.page.getByRole('heading', { name: newName }).waitFor();

    // The only owner cannot leave: the 409 is said in words.
    await alice.page.getByRole('button', { name: 'Leave room' }).click();
    await alice.page.getByRole('alert').getByText('You are the last owner').waitFor();

    // Alice removes Bob while he looks at the room: he is told, and leaves its view.
    await alice.page.getByRole('button', { name: `Remove ${bobSession.draft.username}` }).click();
    await bob.page.getByRole('alert').getByText(`You were removed from #${newName}.`).waitFor();
    await bob.page.waitForURL('**/rooms');
    expect(await sidebar(bob.page).getByText(newName).count()).toBe(0);

    expect([...alice.problems, ...bob.problems]).toEqual([]);
  });

  it('a direct message: pick a person, talk, and it appears in their Direct messages live', async () => {
    const client = api(ui.app);
    const [aliceSession, bobSession] = await Promise.all([client.signUp(), client.signUp()]);
    const alice = await signedIn(aliceSession);
    const bob = await signedIn(bobSession);

    await alice.page.getByRole('button', { name: 'New message' }).click();
    await alice.page.getByRole('dialog', { name: 'New message' }).waitFor();
    await pick(alice.page, 'To', bobSession.draft.username);
    await alice.page
      .getByRole('list', { name: 'People in this conversation' })
      .getByText(bobSession.draft.username)
      .waitFor();
    await alice.page.getByRole('button', { name: 'Start conversation' }).click();
    await alice.page.waitForURL('**/rooms/*');
    await alice.page.getByRole('heading', { name: bobSession.draft.username }).waitFor();
    await say(alice.page, 'Got a minute?');

    const direct = bob.page.getByRole('region', { name: 'Direct messages' });
    await direct.getByRole('link', { name: aliceSession.draft.username }).click();
    await bob.page.locator('.log .body', { hasText: 'Got a minute?' }).waitFor();
    // A direct room has no moderation and no Leave.
    await openMembers(bob.page);
    expect(
      await bob.page.getByRole('button', { name: /^(Remove|Ban|Make) |Leave room/ }).count(),
    ).toBe(0);

    // Starting it again opens the same conversation.
    const firstUrl = alice.page.url();
    await alice.page.getByRole('button', { name: 'New message' }).click();
    await pick(alice.page, 'To', bobSession.draft.username);
    await alice.page.getByRole('button', { name: 'Start conversation' }).click();
    await alice.page.waitForURL(firstUrl);

    expect([...alice.problems, ...bob.problems]).toEqual([]);
  });

  it('Ctrl+K jumps to a room or a person with the keyboard; Escape closes it', async () => {
    const client = api(ui.app);
    const [aliceSession, bobSession] = await Promise.all([client.signUp(), client.signUp()]);
    const prefix = aRoomName('Switchboard');
    const older = await client.createRoom(aliceSession, `${prefix} A`);
    await client.createRoom(aliceSession, `${prefix} B`);
    const alice = await signedIn(aliceSession);
    const switcher = alice.page.getByRole('dialog', { name: 'Jump to a room or person' });
    const input = switcher.getByRole('combobox', { name: 'Room or person' });
    const focusedId = () =>
      alice.page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document
            .activeElement?.id,
      );

    await alice.page.keyboard.press('Control+k');
    await switcher.waitFor();
    expect(await focusedId()).toBe('switcher-input');
    await alice.page.keyboard.press('Escape');
    await switcher.waitFor({ state: 'hidden' });
    // Focus returns to the page a moment after the dialog closes; a shortcut pressed before
    // that can land nowhere, as it would for a person, who simply presses it again.
    const reopen = async () => {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        await alice.page.keyboard.press('Control+k');
        if (await switcher.isVisible()) return;
        await alice.page.waitForTimeout(300);
        if (await switcher.isVisible()) return;
      }
      throw new Error('Ctrl+K did not open the switcher');
    };

    // Newest activity first: B, then A. One ArrowDown highlights A; Enter opens it.
    await reopen();
    await input.fill(prefix);
    await switcher.getByRole('option', { name: `${prefix} A` }).waitFor();
    // The view redraws a moment after a key (zoneless change detection): wait for it.
    const selected = (name: string) =>
      switcher.locator('[role="option"][aria-selected="true"]', { hasText: name }).waitFor();
    await selected(`${prefix} B`);
    await input.press('ArrowDown');
    await selected(`${prefix} A`);
    await input.press('Enter');
    await alice.page.waitForURL(`**/rooms/${older.id}`);
    await switcher.waitFor({ state: 'hidden' });

    // A person from the directory: Enter opens (or starts) the direct conversation.
    await reopen();
    await input.fill(bobSession.draft.username);
    await switcher.getByRole('option', { name: bobSession.draft.username }).waitFor();
    await input.press('Enter');
    await alice.page.getByRole('heading', { name: bobSession.draft.username }).waitFor();
    await alice.page
      .getByRole('region', { name: 'Direct messages' })
      .getByRole('link', { name: bobSession.draft.username })
      .waitFor();
    expect(alice.problems).toEqual([]);
  });

  it('saves screenshots and finds no serious accessibility problem on the new screens', async () => {
    const showcase = await startTestApp();
    try {
      expectNoViolations(await walkNewScreens(showcase));
    } finally {
      await showcase.close();
    }
  });

  /** Members panel, browse, new message and the quick switcher, light and dark, desktop and phone. */
  async function walkNewScreens(showcase: TestApp): Promise<string[]> {
    const client = api(showcase);
    const [grace, heidi, ivan] = await Promise.all([
      client.signUp({ username: 'grace' }),
      client.signUp({ username: 'heidi' }),
      client.signUp({ username: 'ivan' }),
    ]);
    const http = () => request(showcase.url);
    const { body: room } = await http()
      .post('/api/rooms')
      .auth(grace.accessToken, { type: 'bearer' })
      .send({ name: 'Launch plan', description: 'Who does what on launch day', kind: 'private' })
      .expect(201);
    for (const [user, role] of [
      [heidi, 'admin'],
      [ivan, 'member'],
    ] as const) {
      await http()
        .post(`/api/rooms/${room.id}/members`)
        .auth(grace.accessToken, { type: 'bearer' })
        .send({ userId: user.user.id })
        .expect(201);
      if (role !== 'member') {
        await http()
          .patch(`/api/rooms/${room.id}/members/${user.user.id}`)
          .auth(grace.accessToken, { type: 'bearer' })
          .send({ role })
          .expect(200);
      }
    }
    await client.createRoom(heidi, 'Book club', 'This month: The Dispossessed');
    await client.createRoom(ivan, 'Kitchen', 'Who left the oven on?');
    await http()
      .post('/api/direct')
      .auth(grace.accessToken, { type: 'bearer' })
      .send({ userIds: [heidi.user.id] })
      .expect(201);
    await http()
      .post(`/api/rooms/${room.id}/messages`)
      .auth(heidi.accessToken, { type: 'bearer' })
      .send({ body: 'Checklist is in the doc; I will post updates here.' })
      .expect(201);

    const violations: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const [device, viewport] of [
        ['desktop', DESKTOP],
        ['phone', PHONE],
      ] as const) {
        const { page, problems } = await signedIn(grace, { colorScheme, viewport }, showcase.url);
        const variant = `${colorScheme}-${device}`;
        const shot = (name: string) =>
          page.screenshot({ path: join(SCREENSHOTS, `${name}-${variant}.png`) });
        const scan = async (name: string) =>
          violations.push(...(await accessibilityViolations(page, `${name} (${variant})`)));

        await sidebar(page).getByRole('link', { name: 'heidi' }).waitFor();
        await shot('sidebar');
        await scan('sidebar');

        await page.getByRole('link', { name: /Browse rooms/ }).click();
        await page.getByText('Book club').waitFor();
        await shot('browse-rooms');
        await scan('browse rooms');

        await page.goto(`${showcase.url}/rooms/${room.id}`);
        await page.getByText('Checklist is in the doc').waitFor();
        await openMembers(page);
        await page.getByRole('button', { name: 'Make admin: ivan' }).waitFor();
        await shot('members-panel');
        await scan('members panel');

        await page.getByRole('button', { name: 'Settings' }).click();
        await page.getByRole('dialog', { name: 'Room settings' }).waitFor();
        await scan('room settings');
        await page.keyboard.press('Escape');

        await page.goto(`${showcase.url}/rooms`);
        await page.getByRole('button', { name: 'New message' }).click();
        await page.getByRole('combobox', { name: 'To' }).fill('i');
        await page.getByRole('option', { name: 'ivan' }).waitFor();
        await shot('new-message');
        await scan('new message');
        await page.keyboard.press('Escape');
        await page.keyboard.press('Escape');

        await page.getByRole('button', { name: 'New room' }).click();
        await page.getByRole('radio', { name: 'Private' }).waitFor();
        await shot('create-room');
        await scan('create room');
        await page.keyboard.press('Escape');

        await page.keyboard.press('Control+k');
        await page.getByRole('combobox', { name: 'Room or person' }).fill('la');
        await page.getByRole('option', { name: /Launch plan/ }).waitFor();
        await shot('quick-switcher');
        await scan('quick switcher');
        await page.keyboard.press('Escape');
        expect(problems).toEqual([]);
      }
    }
    return violations;
  }
});
