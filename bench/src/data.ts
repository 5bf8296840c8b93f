// The data every stack serves, so that responses are byte-for-byte comparable.

/** The user of `/users/<int:id>`: computed, no database. */
export function userJson(id: number): { id: number; name: string; email: string } {
  return { id, name: `User ${id}`, email: `user${id}@example.com` };
}

/** One row of the page's 50-item loop. */
export interface PageItem {
  readonly id: number;
  readonly name: string;
  readonly note: string;
  readonly price: string;
}

/** What `/page` renders: a title and a user name to escape, and 50 items with user strings. */
export interface PageData {
  readonly title: string;
  readonly user: string;
  readonly items: readonly PageItem[];
}

export const PAGE_DATA: PageData = Object.freeze({
  title: 'Orders & <Returns>',
  user: `O'Brien <script>alert("hi")</script>`,
  items: Object.freeze(
    Array.from({ length: 50 }, (_, i) =>
      Object.freeze({
        id: i + 1,
        name: `Item #${i + 1} <b>"bold"</b> & 'quoted'`,
        note: i % 3 === 0 ? '<img src=x onerror=alert(1)>' : `note ${i} — plain`,
        price: `${(i * 3.25 + 1).toFixed(2)} €`,
      }),
    ),
  ),
});

/** The paths the load generator requests. */
export const PATHS = Object.freeze({
  plaintext: '/plaintext',
  json: '/users/42',
  page: '/page',
  db: '/db/4242',
  posts: '/posts',
});

export type Endpoint = keyof typeof PATHS;

/** HTML escaping as Eta does it (`& < > " '`), one pass over the string. */
export function escapeHtml(value: unknown): string {
  const s = String(value);
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    let entity: string;
    switch (s.charCodeAt(i)) {
      case 38:
        entity = '&amp;';
        break;
      case 60:
        entity = '&lt;';
        break;
      case 62:
        entity = '&gt;';
        break;
      case 34:
        entity = '&quot;';
        break;
      case 39:
        entity = '&#39;';
        break;
      default:
        continue;
    }
    out += s.slice(last, i) + entity;
    last = i + 1;
  }
  return last === 0 ? s : out + s.slice(last);
}

/** `/page` as a hand-written template literal: the limit for template rendering. */
export function pageLiteral(data: PageData): string {
  let list = '';
  for (const item of data.items) {
    list += `<li id="item-${escapeHtml(item.id)}"><a href="/items/${escapeHtml(item.id)}">${escapeHtml(item.name)}</a> <span>${escapeHtml(item.note)}</span> <b>${escapeHtml(item.price)}</b></li>\n`;
  }
  const body = `<h1>${escapeHtml(data.title)}</h1>\n<p>Hello, ${escapeHtml(data.user)}!</p>\n<ul>\n${list}</ul>`;
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(data.title)}</title>\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
}

/** The folder of the .eta templates. */
export const TEMPLATES_DIR = new URL('./templates/', import.meta.url).pathname;
