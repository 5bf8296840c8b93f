import { listen, type RunningServer } from '@flagon/core/node';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserTestsEnabled, chromiumLaunchOptions, clickAndLoad } from '../../../test-support/chromium.ts';
import { makeApp } from './app.ts';

describe.runIf(browserTestsEnabled)('a form in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  const { app, written } = makeApp();

  beforeAll(async () => {
    const launchOptions = chromiumLaunchOptions();
    server = await listen(app, { port: 0, handleSignals: false });
    browser = await chromium.launch(launchOptions);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('errors show next to the fields with the typed values kept; fixed, it succeeds', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/signup`);
    expect(await page.title()).toBe('Sign up');
    await page.fill('#username', 'ab');
    await page.fill('#email', 'ada@example.com');
    await page.fill('#age', '12');
    await page.selectOption('#color', 'green');
    await page.fill('#bio', 'Counts <things>');
    await clickAndLoad(page, 'button');

    expect(new URL(page.url()).pathname).toBe('/signup');
    expect(await page.textContent('#username-errors')).toBe('Must be at least 3 characters long.');
    expect(await page.getAttribute('#username', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#username', 'aria-describedby')).toBe(
      'username-description username-errors',
    );
    expect(await page.textContent('#age-errors')).toBe('Must be at least 18.');
    expect(await page.textContent('#agree-errors')).toBe('This box must be ticked.');
    expect(await page.locator('#email-errors').count()).toBe(0);
    expect(await page.inputValue('#username')).toBe('ab');
    expect(await page.inputValue('#email')).toBe('ada@example.com');
    expect(await page.inputValue('#age')).toBe('12');
    expect(await page.inputValue('#color')).toBe('green');
    expect(await page.inputValue('#bio')).toBe('Counts <things>');
    // The error list follows its input inside the same field.
    expect(await page.locator('.field:has(#age) #age-errors').count()).toBe(1);
    expect(written).toEqual([]);

    await page.fill('#username', 'ada');
    await page.fill('#age', '36');
    await page.check('#agree');
    await clickAndLoad(page, 'button');
    expect(new URL(page.url()).pathname).toBe('/done');
    expect(await page.textContent('h1')).toBe('Signed up');
    expect(written).toEqual([
      {
        username: 'ada',
        email: 'ada@example.com',
        age: 36,
        agree: true,
        color: 'green',
        bio: 'Counts <things>',
      },
    ]);
    await page.close();
  }, 60_000);

  test('a page from another site cannot post the form', async () => {
    const before = written.length;
    const page = await browser.newPage();
    // A "foreign" page on another origin (a data: URL) posting to the app: no token, so a 400.
    await page.goto(
      `data:text/html,<form method=post action="${server.url}/signup"><input name=username value=evil><button>go</button></form>`,
    );
    const [response] = await Promise.all([page.waitForNavigation(), page.click('button')]);
    expect(response?.status()).toBe(400);
    expect(await page.textContent('body')).toContain('The CSRF token is missing.');
    expect(written.length).toBe(before);
    await page.close();
  }, 60_000);
});
