import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listen, type RunningServer } from '@flagon/core/node';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserTestsEnabled, chromiumLaunchOptions, clickAndLoad } from '../../../test-support/chromium.ts';
import { createApp } from '../src/flaskr/index.ts';

describe.runIf(browserTestsEnabled)('flaskr in a real browser', () => {
  let dir: string;
  let server: RunningServer;
  let app: Awaited<ReturnType<typeof createApp>>;
  let browser: Browser;

  beforeAll(async () => {
    const launchOptions = chromiumLaunchOptions();
    dir = mkdtempSync(join(tmpdir(), 'flaskr-browser-'));
    app = await createApp({ TESTING: true, DATABASE_URL: `sqlite:${join(dir, 'flaskr.sqlite')}` });
    server = await listen(app, { port: 0, handleSignals: false });
    browser = await chromium.launch(launchOptions);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('register, log in, create, edit and delete a post, log out', async () => {
    const page = await browser.newPage();
    page.on('dialog', (dialog) => dialog.accept());
    await page.goto(`${server.url}/`);
    expect(await page.title()).toBe('Posts - Flaskr');

    await clickAndLoad(page, 'text=Register');
    expect(await page.title()).toBe('Register - Flaskr');
    await page.fill('#username', 'ada');
    await page.fill('#password', 'lovelace');
    await page.click('input[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/auth/login');

    await page.fill('#username', 'ada');
    await page.fill('#password', 'wrong');
    await page.click('input[type=submit]');
    expect(await page.textContent('.flash')).toBe('Incorrect password.');

    await page.fill('#username', 'ada');
    await page.fill('#password', 'lovelace');
    await page.click('input[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.textContent('nav span')).toBe('ada');

    await page.click('a.action:text-is("New")');
    await page.fill('#title', 'First <post>');
    await page.fill('#body', 'Line one\nLine two');
    await page.click('input[type=submit]');
    expect(await page.textContent('article.post h1')).toBe('First <post>');
    expect(await page.textContent('article.post .about')).toMatch(/^by ada on \d{4}-\d{2}-\d{2}$/);
    expect(await page.textContent('article.post .body')).toBe('Line one\nLine two');

    await clickAndLoad(page, 'a.action:text-is("Edit")');
    expect(await page.title()).toBe('Edit "First <post>" - Flaskr');
    await page.fill('#title', '');
    await page.click('input[value=Save]', { noWaitAfter: true });
    // The browser's own `required` check stops an empty title before it is sent.
    expect(new URL(page.url()).pathname).toBe('/1/update');
    await page.fill('#title', 'Edited post');
    await page.click('input[value=Save]');
    expect(await page.textContent('article.post h1')).toBe('Edited post');

    await clickAndLoad(page, 'a.action:text-is("Edit")');
    await clickAndLoad(page, 'input[value=Delete]');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.locator('article.post').count()).toBe(0);

    await clickAndLoad(page, 'text=Log Out');
    expect(await page.locator('text=Log In').count()).toBe(1);
    expect(await page.locator('nav span').count()).toBe(0);
    await page.close();
  }, 60_000);
});
