import { listen, type RunningServer } from '@flagon/core/node';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserTestsEnabled, chromiumLaunchOptions, clickAndLoad } from '../../../test-support/chromium.ts';
import { createApp } from '../app.ts';

describe.runIf(browserTestsEnabled)('hello in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    const launchOptions = chromiumLaunchOptions();
    server = await listen(
      await createApp({ DEBUG: false, SECRET_KEY: 'browser-test-secret-0123456789abcdef' }),
      {
        port: 0,
        handleSignals: false,
      },
    );
    browser = await chromium.launch(launchOptions);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('sign the guestbook: errors next to the fields with the values kept, then success', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await clickAndLoad(page, 'text=sign the guestbook');
    expect(await page.title()).toBe('Guestbook - Flagon');

    await page.fill('#name', 'Ada');
    await page.fill('#email', 'ada.example.com');
    await page.fill('#age', '200');
    await page.click('button:text("Sign the guestbook")');
    expect(await page.textContent('#email-errors')).toBe('Enter a valid email address.');
    expect(await page.textContent('#age-errors')).toBe('Must be at most 150.');
    expect(await page.getAttribute('#age', 'aria-invalid')).toBe('true');
    expect(await page.inputValue('#name')).toBe('Ada');
    expect(await page.inputValue('#email')).toBe('ada.example.com');
    expect(await page.inputValue('#age')).toBe('200');
    expect(await page.textContent('main')).toContain('No one has signed yet.');

    await page.fill('#email', 'ada@example.com');
    await page.fill('#age', '36');
    await page.click('button:text("Sign the guestbook")');
    expect(await page.textContent('.flash')).toBe('Hello, Ada! Thanks for signing.');
    expect(await page.textContent('ul.signatures')).toContain('Ada, 36');
    expect(await page.locator('[aria-invalid]').count()).toBe(0);

    // The visit counter's form carries the token too.
    await page.goto(`${server.url}/`);
    await page.click('text=Count my visit');
    expect(await page.textContent('.flash')).toBe('Visit number 1.');
    await page.close();
  }, 60_000);
});
