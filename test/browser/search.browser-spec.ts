import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { aRoomName } from '../builders/user.builder';
import { api, Session } from '../helpers/api-client';
import { accessibilityViolations, expectNoViolations } from './axe';
import { chatInChromium, DESKTOP, PHONE } from './browser';

const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');

/**
 * Search (issue #17) in Chromium: the header's box finds what someone else wrote (phrases and
 * accents too), and a result opens its room at that message, deep in a room of 1,000, with
 * history loading both ways from there until it meets the live end.
 */
describe('Search in Chromium', () => {
  const ui = chatInChromium();
  let alice: Session;
  let bob: Session;
  let client: ReturnType<typeof api>;
  beforeAll(async () => {
    client = api(ui.app);
    [alice, bob] = await Promise.all([client.signUp(), client.signUp()]);
  });

  const signedIn = (session: Session) => ui.signedIn(session);

  const searchBox = (page: Page) => page.getByRole('combobox', { name: 'Search messages' });
  const results = (page: Page) => page.getByRole('option');

  /** Types a query into the search box (focused with Ctrl+F) and waits for its answer. */
  async function search(page: Page, q: string): Promise<void> {
    await page.keyboard.press('Control+f');
    await searchBox(page).fill(q);
    const panel = page.locator('#search-panel');
    for (let attempt = 0; attempt < 50; attempt += 1) {
      if ((await panel.getAttribute('data-answered').catch(() => null)) === q) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the search for ${q} was never answered`);
  }

  /** The highlighted words of every result, as shown. */
  const marks = (page: Page) =>
    page.locator('#search-panel mark').evaluateAll((nodes) => nodes.map((n) => n.textContent));

  it('finds what another user wrote, phrases and accents included', async () => {
    const roomName = aRoomName('plans');
    const roomId = (await client.createRoom(alice, roomName)).id;
    await client.addMember(alice, roomId, bob);
    await client.post(bob, roomId, 'The quarterly report is at the Café <b>tomorrow</b> 🎉');
    await client.post(bob, roomId, 'Is the report quarterly?');
    await client.post(alice, roomId, 'Nothing to see here');

    const { page, problems } = await signedIn(alice);
    await page.keyboard.press('/');
    await expectFocused(page);
    await page.getByText('Type words to find in your rooms.').waitFor();

    await search(page, 'cafe');
    await expect1(results(page));
    await page.getByRole('group', { name: `#${roomName}` }).waitFor();
    expect(await marks(page)).toEqual(['Café']);
    // Markup in a message is text, never HTML.
    expect(await page.locator('#search-panel b').count()).toBe(0);
    await page.getByRole('option').getByText(bob.user.username).waitFor();

    await search(page, '"quarterly report"');
    await expect1(results(page));
    expect(await marks(page)).toEqual(['quarterly', 'report']);

    await search(page, 'report quarterly');
    await waitForCount(results(page), 2);

    await search(page, `report from:${alice.user.username}`);
    await page.getByText('No messages match').waitFor();

    await search(page, 'zzzqqq');
    await page.getByText('No messages match').waitFor();

    await search(page, 'café');
    await page.screenshot({ path: join(SCREENSHOTS, 'search-results-light-desktop.png') });
    expectNoViolations(await accessibilityViolations(page, 'search results'));
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(SCREENSHOTS, 'search-results-dark-desktop.png') });
    expectNoViolations(await accessibilityViolations(page, 'search results, dark'));
    await page.setViewportSize(PHONE);
    await search(page, 'report');
    const panel = (await page.locator('#search-panel').boundingBox())!;
    expect(panel.x).toBeGreaterThanOrEqual(0);
    expect(panel.x + panel.width).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: join(SCREENSHOTS, 'search-results-dark-phone.png') });
    await page.setViewportSize(DESKTOP);
    await page.emulateMedia({ colorScheme: 'light' });
    await search(page, 'café');

    await page.keyboard.press('Enter');
    await page.waitForURL(`**/rooms/${roomId}?around=1`);
    await page.locator('.log li.message[data-seq="1"].highlight').waitFor();
    expect(problems).toEqual([]);
  });

  it('jumps to a message deep in a room of 1,000 and scrolls both ways from there', async () => {
    const roomId = (await client.createRoom(alice, aRoomName('busy'))).id;
    await client.addMember(alice, roomId, bob);
    const TARGET = 300;
    const TOTAL = 1000;
    // Posted in order, so seq = n.
    for (let n = 1; n <= TOTAL; n += 1) {
      const body = n === TARGET ? 'where is the xylophone hidden?' : `filler message ${n}`;
      await client.post(n % 2 ? alice : bob, roomId, body);
    }

    const { page, problems } = await signedIn(alice);
    await search(page, 'xylophone');
    await expect1(results(page));
    await searchBox(page).press('Enter');
    await page.waitForURL(`**/rooms/${roomId}?around=${TARGET}`);

    const target = page.locator(`.log li.message[data-seq="${TARGET}"]`);
    await target.and(page.locator('.highlight')).waitFor();
    await expectInView(page, `.log li.message[data-seq="${TARGET}"]`);
    await page.screenshot({ path: join(SCREENSHOTS, 'search-jump-light-desktop.png') });
    // History around it, not the newest page.
    expect(await page.locator('.log li.message[data-seq="1000"]').count()).toBe(0);
    await page.getByRole('button', { name: 'Jump to the newest messages ↓' }).waitFor();

    // Older history loads when scrolling up…
    await scrollUntil(page, 'top', `.log li.message[data-seq="${TARGET - 100}"]`);
    // …and newer history when scrolling down, until it meets the live end.
    await scrollUntil(page, 'bottom', `.log li.message[data-seq="${TOTAL}"]`);
    await page
      .getByRole('button', { name: 'Jump to the newest messages ↓' })
      .waitFor({ state: 'detached' });
    const seqs = await page
      .locator('.log li.message[data-seq]')
      .evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-seq'))));
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));

    // Live again: a new message shows at the end.
    await client.post(bob, roomId, 'a brand new message');
    await page.locator(`.log li.message[data-seq="${TOTAL + 1}"]`).waitFor();
    expect(problems).toEqual([]);
  });

  async function expectFocused(page: Page): Promise<void> {
    const isFocused = await searchBox(page).evaluate(
      (input) => input === input.ownerDocument.activeElement,
    );
    expect(isFocused).toBe(true);
  }

  async function waitForCount(locator: ReturnType<typeof results>, count: number): Promise<void> {
    for (let attempt = 0; attempt < 40 && (await locator.count()) !== count; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await locator.count()).toBe(count);
  }

  async function expect1(locator: ReturnType<typeof results>): Promise<void> {
    await locator.first().waitFor();
    expect(await locator.count()).toBe(1);
  }

  /** The element is inside the message list's visible area. */
  async function expectInView(page: Page, selector: string): Promise<void> {
    const row = (await page.locator(selector).boundingBox())!;
    const view = (await page.locator('.viewport').boundingBox())!;
    expect(row.y).toBeGreaterThanOrEqual(view.y);
    expect(row.y + row.height).toBeLessThanOrEqual(view.y + view.height);
  }

  /** Scrolls the message list to one end, again and again, until `selector` is there. */
  async function scrollUntil(page: Page, end: 'top' | 'bottom', selector: string): Promise<void> {
    for (let attempt = 0; attempt < 60; attempt += 1) {
      if ((await page.locator(selector).count()) > 0) return;
      await page.locator('.viewport').evaluate((viewport, to) => {
        viewport.scrollTop = to === 'top' ? 0 : viewport.scrollHeight;
      }, end);
      await page.waitForTimeout(250);
    }
    throw new Error(`${selector} never appeared scrolling to the ${end}`);
  }
});
