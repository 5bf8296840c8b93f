import { Flagon } from '@flagon/core';
import { listen, type RunningServer, sendFromDirectory } from '@flagon/core/node';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserTestsEnabled, chromiumLaunchOptions } from '../../test-support/chromium.ts';
import { builtPages, DIST, pageFor, read, urlOf } from './site.ts';

/** The built site served by Flagon itself, with VitePress's clean URLs (`/tutorial/views` → views.html). */
function siteApp(): Flagon {
  const app = new Flagon({ root: DIST, config: { SECRET_KEY: 'docs-browser-test-0123456789abcdef0123' } });
  app.get('/', function home(c) {
    return sendFromDirectory(c, DIST, 'index.html');
  });
  app.get('/<path:file>', function file(c) {
    return sendFromDirectory(c, DIST, pageFor(`/${c.params.file}`) ?? c.params.file);
  });
  return app;
}

/** The `<title>` that the built page for a URL has. */
function titleOf(url: string): string {
  const html = read(`${DIST}/${pageFor(url)}`);
  const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
  return title
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

describe.runIf(browserTestsEnabled)('the site in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    const options = chromiumLaunchOptions();
    builtPages(); // fails early, with the build command, when the site is not built
    server = await listen(siteApp(), { host: '127.0.0.1', port: 0, handleSignals: false });
    browser = await chromium.launch(options);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens a tab that reports console errors, uncaught errors and failed requests, with the page at fault. */
  async function watchedPage(problems: string[]): Promise<{ page: Page; at: (url: string) => void }> {
    const page = await browser.newPage();
    let current = '';
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${current}: console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${current}: ${error.message}`));
    page.on('requestfailed', (request) => {
      // Leaving a page cancels the prefetches of its links' pages: that is no failure.
      const reason = request.failure()?.errorText ?? '';
      if (reason !== 'net::ERR_ABORTED')
        problems.push(`${current}: request failed (${reason}): ${request.url()}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${current}: ${response.status()} for ${response.url()}`);
    });
    return { page, at: (url) => (current = url) };
  }

  test('every written page loads with no console error and no failed request', async () => {
    const problems: string[] = [];
    const { page, at } = await watchedPage(problems);
    const urls = builtPages()
      .filter((file) => !file.startsWith('api/') || file.endsWith('index.html'))
      .map(urlOf);
    for (const url of urls) {
      at(url);
      const response = await page.goto(`${server.url}${url}`, { waitUntil: 'load' });
      if (response?.status() !== 200) problems.push(`${url}: status ${response?.status()}`);
      expect(await page.title()).toBe(titleOf(url));
    }
    await page.close();
    expect(problems).toEqual([]);
    expect(urls.length).toBeGreaterThan(30);
  }, 300_000);

  test('every page of the site renders when visited through its links', async () => {
    // A full load of each of the ~400 pages would take minutes; following a link in the app, as a
    // reader does, loads and renders that page's own code — where an error would be.
    const problems: string[] = [];
    const { page, at } = await watchedPage(problems);
    await page.goto(`${server.url}/`, { waitUntil: 'load' });
    const urls = builtPages().map(urlOf);
    for (const url of urls) {
      at(url);
      await page.evaluate((href) => {
        const link = document.createElement('a');
        link.href = href;
        document.body.append(link);
        link.click();
        link.remove();
      }, url);
      await page.waitForFunction((title) => document.title === title, titleOf(url), { timeout: 20_000 });
      if (new URL(page.url()).pathname !== url) problems.push(`${url}: ended at ${page.url()}`);
    }
    await page.close();
    expect(problems).toEqual([]);
    expect(urls.length).toBeGreaterThan(300);
  }, 300_000);

  test("the search box finds 'urlFor'", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/quickstart`);
    await page.click('button.DocSearch-Button');
    await page.fill('input.search-input', 'urlFor');
    const results = page.locator('.VPLocalSearchBox .result');
    await results.first().waitFor();
    const texts = await results.allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.some((text) => text.includes('urlFor'))).toBe(true);
    // Choosing the first result opens its page.
    await results.first().click();
    await page.waitForURL((url) => url.pathname !== '/quickstart');
    expect(await page.locator('main').textContent()).toContain('urlFor');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
