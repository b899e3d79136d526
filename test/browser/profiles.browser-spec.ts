import { join } from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { api, Session } from '../helpers/api-client';
import { accessibilityViolations, expectNoViolations } from './axe';
import { ChatInChromium, chatInChromium, PHONE } from './browser';

const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');

/** Messages written to try to get markup, script or a dangerous link onto the page. */
const XSS_CORPUS = [
  '<script>window.__xss = 1</script>',
  '<img src=x onerror="window.__xss = 1">',
  '<svg onload="window.__xss = 1"><circle r="9"/></svg>',
  '[click me](javascript:window.__xss=1) javascript:window.__xss=1',
  'data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==',
  '**<b onmouseover="window.__xss = 1">bold?</b>** `</code><script>window.__xss=1</script>`',
  '```\n</pre><iframe src="javascript:window.__xss=1"></iframe>\n```',
  '> <a href="javascript:window.__xss=1">quoted link</a>\n- <style>body{display:none}</style>',
];

/**
 * Profiles and rich text (issue #20) in Chromium: a display name changed on the profile page
 * reaches another person's open room at once; messages are formatted, and an XSS corpus shows
 * as text; screenshots of the profile page and a formatted conversation, light, dark, phone.
 */
describe('Profiles and rich text in Chromium', () => {
  const ui = chatInChromium();

  async function signedIn(
    session: Session,
    path: string,
    options?: Parameters<ChatInChromium['newContext']>[0],
  ) {
    const opened = await ui.signedIn(session, options);
    await opened.page.goto(`${ui.app.url}${path}`);
    return opened;
  }

  async function post(session: Session, roomId: string, body: string): Promise<void> {
    await request(ui.app.url)
      .post(`/api/rooms/${roomId}/messages`)
      .set('Authorization', `Bearer ${session.accessToken}`)
      .send({ body })
      .expect(201);
  }

  it('a display name changed on the profile page shows live in another person’s room, with the username on hover', async () => {
    const client = api(ui.app);
    const [alice, bob] = await Promise.all([client.signUp(), client.signUp()]);
    const room = await client.createRoom(alice, `profiles ${Date.now()}`);
    await client.addMember(alice, room.id, bob);
    await post(alice, room.id, 'Hello from Alice');

    const b = await signedIn(bob, `/rooms/${room.id}`);
    const sender = b.page.locator('.log li.message .sender').first();
    await sender.waitFor();
    expect(await sender.textContent()).toBe(alice.user.username);

    const a = await signedIn(alice, '/profile');
    await a.page.getByLabel('Display name').fill('Alice in Wonderland');
    await a.page.getByRole('button', { name: 'Save', exact: true }).click();
    await a.page.getByText('Profile saved.').waitFor();

    await b.page
      .locator('.log li.message .sender', { hasText: 'Alice in Wonderland' })
      .waitFor({ timeout: 5000 });
    expect(await sender.getAttribute('title')).toBe(`@${alice.user.username}`);
    // The header shows her own new name too.
    await a.page.locator('.who', { hasText: 'Alice in Wonderland' }).waitFor();
    expect([...a.problems, ...b.problems]).toEqual([]);
  });

  it('formats messages and shows every line of an XSS corpus as text', async () => {
    const client = api(ui.app);
    const alice = await client.signUp();
    const room = await client.createRoom(alice, `xss ${Date.now()}`);
    for (const body of XSS_CORPUS) await post(alice, room.id, body);
    await post(
      alice,
      room.id,
      '**bold** *italic* ~~struck~~ `code` https://example.com/docs\n> a quote\n- one\n- two',
    );

    const { page, problems } = await signedIn(alice, `/rooms/${room.id}`);
    const last = page.locator('.log li.message[data-seq]').last();
    await last.locator('strong').waitFor();
    expect(await last.locator('strong').textContent()).toBe('bold');
    expect(await last.locator('em').textContent()).toBe('italic');
    expect(await last.locator('del').textContent()).toBe('struck');
    expect(await last.locator('blockquote').textContent()).toContain('a quote');
    expect(await last.locator('ul li').count()).toBe(2);
    const link = last.locator('a[href="https://example.com/docs"]');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer nofollow');

    const bodies = page.locator('.log li.message[data-seq] .body');
    const injected = await bodies.evaluateAll((elements) =>
      elements.flatMap((body) =>
        [...body.querySelectorAll('*')].flatMap((element) => {
          const bad: string[] = [];
          if (/^(SCRIPT|IMG|SVG|IFRAME|STYLE|B)$/i.test(element.tagName)) bad.push(element.tagName);
          for (const name of element.getAttributeNames()) {
            if (name.startsWith('on')) bad.push(`${element.tagName}[${name}]`);
          }
          const href = element.getAttribute('href');
          if (href && !/^https?:/.test(href)) bad.push(`href ${href}`);
          return bad;
        }),
      ),
    );
    expect(injected).toEqual([]);
    const shown = (await bodies.allTextContents()).join('\n');
    expect(shown).toContain('<script>window.__xss = 1</script>');
    expect(shown).toContain('<svg onload="window.__xss = 1">');
    await page.locator('.log li.message[data-seq]').first().hover();
    await page.waitForTimeout(300);
    expect(
      await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss),
    ).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it('saves screenshots of the profile page and a formatted conversation, light, dark and phone, with no serious accessibility problem', async () => {
    const client = api(ui.app);
    const [erin, frank] = await Promise.all([client.signUp(), client.signUp()]);
    await request(ui.app.url)
      .patch('/api/auth/me')
      .set('Authorization', `Bearer ${erin.accessToken}`)
      .send({ displayName: 'Erin Example' })
      .expect(200);
    const face = await sharp({
      create: { width: 400, height: 300, channels: 3, background: '#2f7d6d' },
    })
      .composite([
        {
          input: Buffer.from(
            '<svg width="400" height="300"><circle cx="200" cy="150" r="90" fill="#f4c542"/></svg>',
          ),
        },
      ])
      .png()
      .toBuffer();
    await request(ui.app.url)
      .put('/api/auth/me/avatar')
      .set('Authorization', `Bearer ${frank.accessToken}`)
      .attach('file', face, { filename: 'face.png', contentType: 'image/png' })
      .expect(200);
    const room = await client.createRoom(erin, `release ${Date.now()}`);
    await client.addMember(erin, room.id, frank);
    await post(
      erin,
      room.id,
      'Release checklist for **Friday**:\n1. tag the build\n2. run `npm run bench`',
    );
    await post(erin, room.id, 'Notes are at https://example.com/release-notes');
    await post(frank, room.id, '> run `npm run bench`\nDone, all ~~five~~ six targets hold.');
    await post(frank, room.id, '```\n$ npm run bench\n✓ 6 targets\n```');

    const violations: string[] = [];
    const problems: string[] = [];
    for (const [variant, options] of [
      ['light-desktop', { colorScheme: 'light' }],
      ['dark-desktop', { colorScheme: 'dark' }],
      ['light-phone', { colorScheme: 'light', viewport: PHONE, isMobile: true, hasTouch: true }],
    ] as const) {
      const chat = await signedIn(erin, `/rooms/${room.id}`, options);
      await chat.page.locator('.log li.message .code-block').waitFor();
      await chat.page.screenshot({ path: join(SCREENSHOTS, `rich-text-${variant}.png`) });
      violations.push(...(await accessibilityViolations(chat.page, `rich text (${variant})`)));

      await chat.page.goto(`${ui.app.url}/profile`);
      await chat.page.getByText('Where you are signed in').waitFor();
      await chat.page.locator('.sessions li').first().waitFor();
      await chat.page.screenshot({
        path: join(SCREENSHOTS, `profile-${variant}.png`),
        fullPage: true,
      });
      violations.push(...(await accessibilityViolations(chat.page, `profile (${variant})`)));
      problems.push(...chat.problems);
    }
    expect(problems).toEqual([]);
    expectNoViolations(violations);
  });
});
