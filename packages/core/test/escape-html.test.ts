import { describe, expect, test } from 'vitest';
import { escapeHtml, Flagon } from '../src/index.ts';

describe('escapeHtml', () => {
  test('escapes & < > " and \' and leaves other text as it is', () => {
    expect(escapeHtml(`<a title='x' href="?a=1&b=2">Tom</a>`)).toBe(
      '&lt;a title=&#39;x&#39; href=&quot;?a=1&amp;b=2&quot;&gt;Tom&lt;/a&gt;',
    );
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
    expect(escapeHtml('plain text, ünïcode ✓')).toBe('plain text, ünïcode ✓');
    expect(escapeHtml('')).toBe('');
  });

  test('the debug page escapes an error message that holds markup', async () => {
    const quiet = { debug() {}, info() {}, warn() {}, error() {} };
    const app = new Flagon({ staticFolder: null, config: { DEBUG: true }, logger: quiet });
    app.get('/boom', function boom() {
      throw new Error(`<img src=x onerror='alert(1)'>`);
    });
    const body = await (await app.request('/boom')).text();
    expect(body).toContain('&lt;img src=x onerror=&#39;alert(1)&#39;&gt;');
    expect(body).not.toContain('<img');
  });
});

test("the README's profile view escapes the user name", async () => {
  const app = new Flagon({ staticFolder: null });
  app.get('/user/<username>', function profile(c) {
    return `User ${escapeHtml(c.params.username)}`;
  });
  expect(await (await app.request('/user/%3Cb%3E')).text()).toBe('User &lt;b&gt;');
});
