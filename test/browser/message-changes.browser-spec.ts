import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import request from 'supertest';
import { api, Session } from '../helpers/api-client';
import { startTestApp, TestApp } from '../helpers/test-app';
import { accessibilityViolations, expectNoViolations } from './axe';
import { ChatInChromium, chatInChromium, PHONE } from './browser';

const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');

/**
 * Messages that change (issue #15) in Chromium: edit, delete, react, reply and jump to the
 * original, between two people; then one of them offline while the other changes things,
 * and both timelines the same once they are back.
 */
describe('Message changes in Chromium', () => {
  const ui = chatInChromium();

  /** A browser of its own for `session`, logged in through the form, in the room. */
  async function inRoom(
    session: Session,
    roomId: string,
    options?: Parameters<ChatInChromium['newPage']>[0],
    baseUrl = ui.app.url,
  ) {
    const opened = await ui.signedIn(session, options, baseUrl);
    await opened.page.goto(`${baseUrl}/rooms/${roomId}`);
    await composer(opened.page).waitFor();
    return opened;
  }

  const composer = (page: Page) => page.getByLabel('Message', { exact: true });
  /** The newest message whose own text (not a quote of it) holds `text`. */
  const message = (page: Page, text: string): Locator =>
    page
      .locator('.log li.message[data-seq]')
      .filter({ has: page.locator('.body .text', { hasText: text }) })
      .last();
  const bySeq = (page: Page, seq: number): Locator =>
    page.locator(`.log li.message[data-seq="${seq}"]`);

  async function say(page: Page, text: string): Promise<void> {
    await composer(page).fill(text);
    await composer(page).press('Enter');
  }

  /** Hovers the message and presses one of its actions. */
  async function action(item: Locator, name: string): Promise<void> {
    await item.hover();
    await item.getByRole('toolbar').getByRole('button', { name, exact: true }).click();
  }

  async function react(page: Page, item: Locator, search: string, name: string): Promise<void> {
    await action(item, 'React');
    const picker = page.getByRole('dialog', { name: 'Pick a reaction' });
    await picker.getByLabel('Search emoji').fill(search);
    await picker.getByRole('button', { name, exact: true }).click();
    await picker.waitFor({ state: 'detached' });
  }

  async function post(
    testApp: Pick<TestApp, 'url'>,
    session: Session,
    roomId: string,
    body: string,
    replyToId?: string,
  ): Promise<{ id: string; seq: number }> {
    const response = await request(testApp.url)
      .post(`/api/rooms/${roomId}/messages`)
      .set('Authorization', `Bearer ${session.accessToken}`)
      .send({ body, ...(replyToId ? { replyToId } : {}) })
      .expect(201);
    return response.body;
  }

  /** What a reader sees of every loaded message: text, edited, deleted, reactions, quote. */
  function visibleState(page: Page) {
    return page.locator('.log li.message[data-seq]').evaluateAll((items) =>
      items.map((li) => ({
        seq: Number(li.getAttribute('data-seq')),
        body: li.querySelector('.body .text, .body.deleted-text')?.textContent?.trim() ?? '',
        isEdited: !!li.querySelector('.edited'),
        isDeleted: li.classList.contains('deleted'),
        reactions: [...li.querySelectorAll('.reactions .chip')].map((chip) =>
          (chip.textContent ?? '').replace(/\s+/g, ''),
        ),
        quote: li.querySelector('.quote')?.textContent?.replace(/\s+/g, ' ').trim() ?? null,
      })),
    );
  }

  /** The room as the server holds it, in the shape of `visibleState`. */
  async function serverState(session: Session, roomId: string, fromSeq: number) {
    const all = await api(ui.app).allMessages(session, roomId);
    return all
      .filter((m) => m.seq >= fromSeq)
      .map((m) => {
        const v2 = m as typeof m & {
          editedAt: string | null;
          deletedAt: string | null;
          reactions: { emoji: string; count: number }[];
        };
        return {
          seq: m.seq,
          body: v2.deletedAt ? 'This message was deleted' : m.body,
          isEdited: !v2.deletedAt && !!v2.editedAt,
          isDeleted: !!v2.deletedAt,
          reactions: v2.deletedAt ? [] : v2.reactions.map((r) => `${r.emoji}${r.count}`),
        };
      });
  }

  it('two people edit, delete, react, reply and jump to the original; an offline reader catches up to the same state', async () => {
    const client = api(ui.app);
    const [alice, bob] = await Promise.all([client.signUp(), client.signUp()]);
    const room = await client.createRoom(alice, `changes ${Date.now()}`);
    const original = await post(ui.app, alice, room.id, 'The original question: lunch at noon?');
    // Enough in between that the original is not on the first page.
    for (let i = 1; i <= 60; i++) await post(ui.app, bob, room.id, `filler ${i}`);
    await post(ui.app, bob, room.id, 'Answering from far below', original.id);

    const a = await inRoom(alice, room.id);
    const b = await inRoom(bob, room.id);
    await message(a.page, 'Answering from far below').waitFor();
    expect(await bySeq(b.page, original.seq).count()).toBe(0);

    // Jump: the quote loads history back to the original and highlights it.
    await message(b.page, 'Answering from far below').locator('.quote').click();
    await bySeq(b.page, original.seq).waitFor({ timeout: 10000 });
    await b.page.locator(`.log li.message.highlight[data-seq="${original.seq}"]`).waitFor();
    expect(await bySeq(b.page, original.seq).isVisible()).toBe(true);

    // Alice writes, then edits through the toolbar; Bob sees the new text marked edited.
    await say(a.page, 'Meeting at 3pm');
    const mine = message(a.page, 'Meeting at 3pm');
    await mine.locator('.text').waitFor();
    await action(mine, 'Edit');
    await a.page.getByLabel('Edit message').fill('Meeting at 4pm');
    await a.page.getByLabel('Edit message').press('Enter');
    await message(b.page, 'Meeting at 4pm').locator('.edited').waitFor({ timeout: 5000 });
    expect(
      await message(b.page, 'Meeting at 4pm').locator('.edited').getAttribute('title'),
    ).toMatch(/^Edited /);

    // Up arrow in the empty composer edits her last message; Escape cancels.
    await composer(a.page).click();
    await composer(a.page).press('ArrowUp');
    await a.page.getByLabel('Edit message').waitFor();
    await a.page.getByLabel('Edit message').press('Escape');
    await a.page.getByLabel('Edit message').waitFor({ state: 'detached' });
    await composer(a.page).press('ArrowUp');
    await a.page.getByLabel('Edit message').fill('Meeting at 4pm, room B');
    await a.page.getByLabel('Edit message').press('Enter');
    await message(b.page, 'Meeting at 4pm, room B').waitFor({ timeout: 5000 });

    // Bob reacts; Alice sees the chip, not pressed, with who in its tooltip.
    await react(b.page, message(b.page, 'Meeting at 4pm, room B'), 'thumbs', 'thumbs up');
    const aliceChip = message(a.page, 'Meeting at 4pm, room B').locator('.chip');
    await aliceChip.waitFor({ timeout: 5000 });
    expect(await aliceChip.getAttribute('aria-pressed')).toBe('false');
    expect(await aliceChip.getAttribute('title')).toBe(`${bob.user.username} reacted with 👍`);
    const bobChip = message(b.page, 'Meeting at 4pm, room B').locator('.chip');
    expect(await bobChip.getAttribute('aria-pressed')).toBe('true');
    // Alice joins in by clicking the chip: 2, pressed for her.
    await aliceChip.click();
    await b.page.locator('.chip', { hasText: '2' }).waitFor({ timeout: 5000 });
    expect(await aliceChip.getAttribute('aria-pressed')).toBe('true');

    // Bob replies through the toolbar; the composer says to whom; Alice sees the quote.
    await action(message(b.page, 'Meeting at 4pm, room B'), 'Reply');
    await b.page.getByText(`Replying to ${alice.user.username}:`).waitFor();
    await say(b.page, 'See you there');
    await b.page.getByText(`Replying to ${alice.user.username}:`).waitFor({ state: 'detached' });
    await message(a.page, 'See you there')
      .locator('.quote', { hasText: 'Meeting at 4pm' })
      .waitFor({
        timeout: 5000,
      });

    // Alice deletes a message of hers, confirming; both see the tombstone.
    await say(a.page, 'Oops, wrong room');
    await message(a.page, 'Oops, wrong room').locator('.text').waitFor();
    const seqOfOops = Number(await message(a.page, 'Oops, wrong room').getAttribute('data-seq'));
    await action(message(a.page, 'Oops, wrong room'), 'Delete');
    await bySeq(a.page, seqOfOops).getByRole('button', { name: 'Delete', exact: true }).click();
    await bySeq(b.page, seqOfOops).getByText('This message was deleted').waitFor({ timeout: 5000 });

    // Bob goes offline. Alice edits, deletes and reacts meanwhile; Bob reacts offline too.
    await b.context.setOffline(true);
    await b.page.getByText('Reconnecting…').waitFor({ timeout: 10000 });
    await react(b.page, message(b.page, 'See you there'), 'party', 'party popper tada');
    await action(message(a.page, 'Meeting at 4pm, room B'), 'Edit');
    await a.page.getByLabel('Edit message').fill('Meeting moved to Friday');
    await a.page.getByLabel('Edit message').press('Enter');
    await message(a.page, 'Meeting moved to Friday').waitFor();
    await react(a.page, message(a.page, 'See you there'), 'heart', 'red heart love');
    await say(a.page, 'Never mind');
    await message(a.page, 'Never mind').locator('.text').waitFor();
    await action(message(a.page, 'Never mind'), 'Delete');
    await message(a.page, 'Never mind')
      .getByRole('button', { name: 'Delete', exact: true })
      .click();
    await a.page.getByText('This message was deleted').nth(1).waitFor();
    await message(a.page, 'Meeting moved to Friday').locator('.chip').click(); // takes hers back

    await b.context.setOffline(false);
    await b.page.getByText('Reconnecting…').waitFor({ state: 'detached', timeout: 15000 });
    await message(b.page, 'Meeting moved to Friday').waitFor({ timeout: 10000 });
    await message(a.page, 'See you there').locator('.chip', { hasText: '🎉' }).waitFor({
      timeout: 10000,
    });

    // Both timelines show the same, and what the server holds, from the original on.
    const settle = async () => {
      for (let i = 0; i < 20; i++) {
        const [left, right] = [await visibleState(a.page), await visibleState(b.page)];
        const from = Math.max(left[0].seq, right[0].seq);
        const l = left.filter((m) => m.seq >= from);
        const r = right.filter((m) => m.seq >= from);
        if (JSON.stringify(l) === JSON.stringify(r)) return { l, r, from };
        await a.page.waitForTimeout(250);
      }
      const [left, right] = [await visibleState(a.page), await visibleState(b.page)];
      const from = Math.max(left[0].seq, right[0].seq);
      return {
        l: left.filter((m) => m.seq >= from),
        r: right.filter((m) => m.seq >= from),
        from,
      };
    };
    const { l, r, from } = await settle();
    expect(r).toEqual(l);
    const server = await serverState(alice, room.id, from);
    expect(l.map(({ quote: _quote, ...rest }) => rest)).toEqual(server);
    // Bob's offline 🎉 went out exactly once.
    expect(l.find((m) => m.body === 'See you there')?.reactions).toEqual(['❤️1', '🎉1']);

    expect([...a.problems, ...b.problems]).toEqual([]);
  });

  it('a long press on a touch screen opens a message’s actions', async () => {
    const client = api(ui.app);
    const [alice, bob] = await Promise.all([client.signUp(), client.signUp()]);
    const room = await client.createRoom(alice, `touch ${Date.now()}`);
    await post(ui.app, bob, room.id, 'Hold me');
    const { page, problems } = await inRoom(alice, room.id, {
      viewport: PHONE,
      hasTouch: true,
      isMobile: true,
    });
    const held = message(page, 'Hold me');
    await held.waitFor();
    await held.dispatchEvent('pointerdown', { pointerType: 'touch', isPrimary: true });
    await page.waitForTimeout(700);
    await held.dispatchEvent('pointerup', { pointerType: 'touch', isPrimary: true });
    await page.locator('.log li.message.actions-open').waitFor();
    const toolbar = held.getByRole('toolbar');
    expect(
      await toolbar.evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).opacity),
    ).toBe('1');
    // Bob's message: reply and react, but no edit; delete is for the room's owner, Alice.
    expect(await toolbar.getByRole('button').allTextContents()).toEqual([
      expect.stringContaining('Reply'),
      expect.stringContaining('React'),
      expect.stringContaining('Delete'),
    ]);
    await toolbar.getByRole('button', { name: 'React' }).click();
    await page.getByRole('dialog', { name: 'Pick a reaction' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'message-actions-light-phone.png') });
    expectNoViolations(await accessibilityViolations(page, 'chat, actions open (light-phone)'));
    expect(problems).toEqual([]);
  });

  it('opens the edit history from "(edited)" for the sender; a member sees only the marker', async () => {
    const client = api(ui.app);
    const [alice, bob] = await Promise.all([client.signUp(), client.signUp()]);
    const room = await client.createRoom(alice, `history ${Date.now()}`);
    await client.addMember(alice, room.id, bob);
    const plan = await post(ui.app, alice, room.id, 'Release on Thursday');
    for (const body of ['Release on Friday', 'Release on Friday, after the demo']) {
      await request(ui.app.url)
        .patch(`/api/messages/${plan.id}`)
        .set('Authorization', `Bearer ${alice.accessToken}`)
        .send({ body })
        .expect(200);
    }

    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, problems } = await inRoom(alice, room.id, { colorScheme });
      const marker = message(page, 'after the demo').getByRole('button', { name: /\(edited\)/ });
      await marker.click();
      const dialog = page.getByRole('dialog', { name: 'Edit history' });
      await dialog.locator('.revisions li').nth(2).waitFor();
      expect(await dialog.locator('.revisions li strong').allTextContents()).toEqual([
        'Original',
        'Edit 1',
        'Current',
      ]);
      expect(await dialog.locator('.revision-body').allTextContents()).toEqual([
        'Release on Thursday',
        'Release on Friday',
        'Release on Friday, after the demo',
      ]);
      await page.screenshot({ path: join(SCREENSHOTS, `edit-history-${colorScheme}-desktop.png`) });
      expectNoViolations(
        await accessibilityViolations(page, `edit history dialog (${colorScheme})`),
      );
      // Escape closes it and gives the focus back to the page.
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(problems).toEqual([]);
    }

    // Bob is neither the sender nor a moderator: the marker, its time on hover, no button.
    const b = await inRoom(bob, room.id);
    const seen = message(b.page, 'after the demo').locator('.edited');
    await seen.waitFor();
    expect(await seen.evaluate((el) => el.tagName)).toBe('SPAN');
    expect(await seen.getAttribute('title')).toMatch(/^Edited /);
    // The message's time reads relative to now, with the full time on hover.
    const time = message(b.page, 'Release on Friday').locator('time');
    expect(await time.first().textContent()).toContain('just now');
    expect(await time.first().getAttribute('title')).toMatch(/\d{4}/);
    expect(b.problems).toEqual([]);
  });

  it('saves screenshots of actions, reactions and replies, light and dark, with no serious accessibility problem', async () => {
    const showcase = await startTestApp();
    const violations: string[] = [];
    try {
      const client = api(showcase);
      const [erin, frank] = await Promise.all([
        client.signUp({ username: 'erin' }),
        client.signUp({ username: 'frank' }),
      ]);
      const room = await client.createRoom(erin, 'Design review', 'Screens and copy');
      const question = await post(showcase, erin, room.id, 'Can we ship the new sidebar Monday?');
      await post(showcase, frank, room.id, 'Yes, QA signed off this morning.', question.id);
      const last = await post(showcase, erin, room.id, 'Great, shipping it then.');
      for (const [session, emoji] of [
        [frank, '🎉'],
        [erin, '🎉'],
        [frank, '👍'],
      ] as const) {
        await request(showcase.url)
          .put(`/api/messages/${last.id}/reactions/${encodeURIComponent(emoji)}`)
          .set('Authorization', `Bearer ${session.accessToken}`)
          .expect(200);
      }
      await request(showcase.url)
        .patch(`/api/messages/${question.id}`)
        .set('Authorization', `Bearer ${erin.accessToken}`)
        .send({ body: 'Can we ship the new sidebar on Monday?' })
        .expect(200);

      for (const colorScheme of ['light', 'dark'] as const) {
        const { page, problems } = await inRoom(erin, room.id, { colorScheme }, showcase.url);
        const variant = `${colorScheme}-desktop`;
        const shot = (name: string) =>
          page.screenshot({ path: join(SCREENSHOTS, `${name}-${variant}.png`) });
        const scan = async (name: string) =>
          violations.push(...(await accessibilityViolations(page, `${name} (${variant})`)));

        const shipping = message(page, 'Great, shipping it then.');
        await shipping.locator('.chip').first().waitFor();
        await shot('reactions');
        await scan('chat with reactions');

        await action(shipping, 'React');
        await page.getByRole('dialog', { name: 'Pick a reaction' }).waitFor();
        await shot('message-actions');
        await scan('chat, actions and emoji picker open');
        await page.keyboard.press('Escape');

        await action(message(page, 'Yes, QA signed off'), 'Reply');
        await page.getByText('Replying to frank:').waitFor();
        await composer(page).fill('Thanks, Frank!');
        await shot('reply');
        await scan('chat, replying');
        expect(problems).toEqual([]);
      }
    } finally {
      await showcase.close();
    }
    expectNoViolations(violations);
  });
});
