import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import sharp from 'sharp';
import { aRoomName } from '../builders/user.builder';
import { api, Session } from '../helpers/api-client';
import { accessibilityViolations, expectNoViolations } from './axe';
import { chatInChromium } from './browser';

const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');
const A_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');
const HTML_AS_PNG = Buffer.from(
  '<!doctype html><html><body><h1 id="pwned">pwned</h1><script>alert("pwned")</script></body></html>',
);
const LIMIT_BYTES = 1024 * 1024;

/* Inside evaluate() the browser's own classes are reached through globalThis: this project compiles without the DOM library. */
interface LoadedImage {
  complete: boolean;
  naturalWidth: number;
  addEventListener(type: string, listener: () => void): void;
}

function aPicture(width: number, height: number, background: string): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 3, background },
  })
    .composite([
      {
        input: Buffer.from(
          `<svg width="${width}" height="${height}"><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 3}" fill="#ffd54f"/></svg>`,
        ),
      },
    ])
    .png()
    .toBuffer();
}

/**
 * Files and images (issue #18) in Chromium: attach by the button, by pasting and by dropping;
 * the other person sees the thumbnails, opens the viewer and downloads the PDF; an HTML page
 * uploaded as x.png downloads as an attachment and never renders.
 */
describe('Files in Chromium', () => {
  const ui = chatInChromium({ FILES_MAX_BYTES: String(LIMIT_BYTES) });

  async function inRoom(session: Session, roomId: string) {
    const opened = await ui.signedIn(session, { acceptDownloads: true });
    await opened.page.goto(`${ui.app.url}/rooms/${roomId}`);
    await composer(opened.page).waitFor();
    return opened;
  }

  const composer = (page: Page) => page.getByLabel('Message', { exact: true });
  const pending = (page: Page) => page.getByRole('list', { name: 'Files for the next message' });

  async function attach(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]) {
    await page.locator('app-composer input[type="file"]').setInputFiles(files);
  }

  /** Pastes files into the message field, as a screenshot pasted from the clipboard is. */
  async function paste(page: Page, name: string, bytes: Buffer, type: string) {
    await composer(page).evaluate(
      (field, { name, data, type }) => {
        const browser = globalThis as any;
        const transfer = new browser.DataTransfer();
        transfer.items.add(new File([new Uint8Array(data)], name, { type }));
        field.dispatchEvent(
          new browser.ClipboardEvent('paste', {
            clipboardData: transfer,
            bubbles: true,
            cancelable: true,
          }),
        );
      },
      { name, data: [...bytes], type },
    );
  }

  /** Drags files from the desktop onto the room and drops them. */
  async function drop(page: Page, name: string, bytes: Buffer, type: string) {
    await page.locator('.chat').evaluate(
      (room, { name, data, type }) => {
        const browser = globalThis as any;
        const transfer = new browser.DataTransfer();
        transfer.items.add(new File([new Uint8Array(data)], name, { type }));
        for (const kind of ['dragenter', 'dragover', 'drop']) {
          room.dispatchEvent(
            new browser.DragEvent(kind, {
              dataTransfer: transfer,
              bubbles: true,
              cancelable: true,
            }),
          );
        }
      },
      { name, data: [...bytes], type },
    );
  }

  it('sends a picture and a PDF; the other person sees the thumbnail, views it and downloads the PDF', async () => {
    const client = api(ui.app);
    const [aliceSession, bobSession] = [await client.signUp(), await client.signUp()];
    const room = await client.createRoom(aliceSession, aRoomName('Photos'));
    await client.addMember(aliceSession, room.id, bobSession);
    const alice = await inRoom(aliceSession, room.id);
    const bob = await inRoom(bobSession, room.id);
    const holiday = await aPicture(800, 600, '#1565c0');
    const screenshot = await aPicture(400, 300, '#2e7d32');

    // Alice attaches a picture and a PDF with the button, and sees them upload.
    await attach(alice.page, [
      { name: 'holiday.png', mimeType: 'image/png', buffer: holiday },
      { name: 'minutes.pdf', mimeType: 'application/pdf', buffer: A_PDF },
    ]);
    await pending(alice.page).getByText('Ready').nth(1).waitFor();
    await composer(alice.page).fill('Photo from the trip, and the minutes');
    await alice.page.screenshot({ path: join(SCREENSHOTS, 'files-composer-light-desktop.png') });
    expectNoViolations(await accessibilityViolations(alice.page, 'composer with files (light)'));
    await composer(alice.page).press('Enter');
    await pending(alice.page).waitFor({ state: 'detached' });

    // A pasted image goes alone, with no text.
    await paste(alice.page, 'screenshot.png', screenshot, 'image/png');
    await pending(alice.page).getByText('Ready').waitFor();
    await alice.page.getByRole('button', { name: 'Send' }).click();

    // Bob sees both thumbnails in boxes of their final size, and the PDF as a chip.
    const thumbnail = bob.page.getByRole('button', { name: 'View holiday.png' });
    await thumbnail.waitFor();
    expect(await thumbnail.boundingBox()).toMatchObject({ width: 240, height: 180 });
    const image = thumbnail.locator('img');
    await expectLoaded(image);
    await expectLoaded(
      bob.page.getByRole('button', { name: 'View screenshot.png' }).locator('img'),
    );
    const chip = bob.page.getByRole('link', { name: /minutes\.pdf/ });
    await expect(chip.textContent()).resolves.toMatch(/minutes\.pdf\s*\d+ B/);
    await bob.page.screenshot({ path: join(SCREENSHOTS, 'files-light-desktop.png') });
    const violations = await accessibilityViolations(bob.page, 'files (light)');
    await bob.page.emulateMedia({ colorScheme: 'dark' });
    await bob.page.screenshot({ path: join(SCREENSHOTS, 'files-dark-desktop.png') });
    violations.push(...(await accessibilityViolations(bob.page, 'files (dark)')));
    await bob.page.emulateMedia({ colorScheme: 'light' });

    // The viewer: full size, arrows move between the room's images, Escape closes.
    await thumbnail.click();
    const viewer = bob.page.getByRole('dialog');
    await viewer.getByRole('heading', { name: /holiday\.png\s*1 of 2/ }).waitFor();
    await expectLoaded(viewer.locator('img'));
    await bob.page.screenshot({ path: join(SCREENSHOTS, 'files-viewer-light-desktop.png') });
    violations.push(...(await accessibilityViolations(bob.page, 'viewer (light)')));
    expectNoViolations(violations);
    await bob.page.keyboard.press('ArrowRight');
    await viewer.getByRole('heading', { name: /screenshot\.png\s*2 of 2/ }).waitFor();
    await bob.page.keyboard.press('ArrowLeft');
    await viewer.getByRole('heading', { name: /holiday\.png\s*1 of 2/ }).waitFor();
    await bob.page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });

    // Bob downloads the PDF: the same bytes, under its name.
    const [download] = await Promise.all([bob.page.waitForEvent('download'), chip.click()]);
    expect(download.suggestedFilename()).toBe('minutes.pdf');
    expect(Buffer.compare(await readFile(await download.path()), A_PDF)).toBe(0);

    expect(alice.problems).toEqual([]);
    expect(bob.problems).toEqual([]);
  });

  it('an HTML page uploaded as x.png downloads as an attachment and never renders', async () => {
    const client = api(ui.app);
    const [aliceSession, bobSession] = [await client.signUp(), await client.signUp()];
    const room = await client.createRoom(aliceSession, aRoomName('Traps'));
    await client.addMember(aliceSession, room.id, bobSession);
    const alice = await inRoom(aliceSession, room.id);
    const bob = await inRoom(bobSession, room.id);

    // Dropped on the room: it uploads like a chosen file.
    await drop(alice.page, 'x.png', HTML_AS_PNG, 'image/png');
    await pending(alice.page).getByText('Ready').waitFor();
    await composer(alice.page).press('Enter');

    // Not an image (the type comes from the bytes): a chip, no thumbnail, no viewer.
    const chip = bob.page.getByRole('link', { name: /x\.png/ });
    await chip.waitFor();
    await expect(bob.page.getByRole('button', { name: 'View x.png' }).count()).resolves.toBe(0);
    const [download] = await Promise.all([bob.page.waitForEvent('download'), chip.click()]);
    expect(download.suggestedFilename()).toBe('x.png');
    expect(bob.page.url()).toBe(`${ui.app.url}/rooms/${room.id}`);

    // Opened directly, the link downloads too: the page never shows it.
    const url = new URL((await chip.getAttribute('href'))!, ui.app.url).href;
    const direct = await bob.context.newPage();
    const [again] = await Promise.all([
      direct.waitForEvent('download'),
      direct.goto(url).catch(() => undefined), // "Download is starting"
    ]);
    expect(again.suggestedFilename()).toBe('x.png');
    await expect(direct.locator('#pwned').count()).resolves.toBe(0);
    const headers = (await request(ui.app.url).get(url.slice(ui.app.url.length))).headers;
    expect(headers['content-disposition']).toMatch(/^attachment/);
    expect(headers['content-type']).not.toMatch(/html/);
    expect(headers['content-security-policy']).toMatch(/sandbox/);

    expect(alice.problems).toEqual([]);
    expect(bob.problems).toEqual([]);
  });

  it('says in words why a file cannot go: too large with the limit, a network failure with a retry', async () => {
    const client = api(ui.app);
    const aliceSession = await client.signUp();
    const room = await client.createRoom(aliceSession, aRoomName('Limits'));
    const alice = await inRoom(aliceSession, room.id);

    await attach(alice.page, [
      {
        name: 'huge.bin',
        mimeType: 'application/octet-stream',
        buffer: Buffer.alloc(LIMIT_BYTES + 200 * 1024, 7),
      },
    ]);
    const refusal = pending(alice.page).getByRole('alert');
    await expect(refusalText(refusal)).resolves.toBe('The file is larger than the limit of 1 MB');
    await expect(alice.page.getByRole('button', { name: 'Send' }).isDisabled()).resolves.toBe(true);
    await alice.page.screenshot({ path: join(SCREENSHOTS, 'files-too-large-light-desktop.png') });
    await alice.page.getByRole('button', { name: 'Remove huge.bin' }).click();
    await pending(alice.page).waitFor({ state: 'detached' });

    // The network fails mid-way: the reason, and a retry that works once it is back.
    await alice.context.setOffline(true);
    await attach(alice.page, [
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('notes') },
    ]);
    await expect(refusalText(pending(alice.page).getByRole('alert'))).resolves.toBe(
      'Upload failed: the server could not be reached.',
    );
    await alice.context.setOffline(false);
    await pending(alice.page).getByRole('button', { name: 'Retry' }).click();
    await pending(alice.page).getByText('Ready').waitFor();
    await composer(alice.page).fill('with notes');
    await composer(alice.page).press('Enter');
    await alice.page.getByRole('link', { name: /notes\.txt/ }).waitFor();

    // On a slow line the progress bar moves, and Cancel stops the upload.
    const cdp = await alice.context.newCDPSession(alice.page);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: 1024 * 1024,
      uploadThroughput: 100 * 1024,
    });
    await attach(alice.page, [
      {
        name: 'slow.bin',
        mimeType: 'application/octet-stream',
        buffer: Buffer.alloc(600 * 1024, 1),
      },
    ]);
    const progress = pending(alice.page).getByRole('progressbar', { name: 'Uploading slow.bin' });
    await alice.page.waitForFunction(
      () => {
        const bar = (globalThis as any).document.querySelector('app-attachment-list progress');
        return bar !== null && Number(bar.value) > 0.1 && Number(bar.value) < 1;
      },
      undefined,
      { timeout: 10_000 },
    );
    await alice.page.screenshot({ path: join(SCREENSHOTS, 'files-uploading-light-desktop.png') });
    await expect(alice.page.getByRole('button', { name: 'Send' }).isDisabled()).resolves.toBe(true);
    await pending(alice.page)
      .getByRole('button', { name: 'Cancel the upload of slow.bin' })
      .click();
    await progress.waitFor({ state: 'detached' });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    expect(alice.problems.filter((p) => !/413|ERR_INTERNET_DISCONNECTED/.test(p))).toEqual([]);
  });
});

async function refusalText(alert: ReturnType<Page['getByRole']>): Promise<string> {
  await alert.waitFor();
  return ((await alert.textContent()) ?? '').trim();
}

async function expectLoaded(image: ReturnType<Page['locator']>): Promise<void> {
  await image.waitFor();
  const loaded = await image.evaluate((element) => {
    const img = element as unknown as LoadedImage;
    return (
      img.complete ||
      new Promise<boolean>((resolve) => {
        img.addEventListener('load', () => resolve(true));
        img.addEventListener('error', () => resolve(false));
      })
    );
  });
  expect(loaded).toBe(true);
  const width = await image.evaluate((element) => (element as unknown as LoadedImage).naturalWidth);
  expect(width).toBeGreaterThan(0);
}
