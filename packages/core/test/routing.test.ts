import { describe, expect, expectTypeOf, test } from 'vitest';
import { type Converter, Flagon, NO_MATCH, SetupError, UrlBuildError } from '../src/index.ts';

function makeApp() {
  return new Flagon({ staticFolder: null });
}

describe('converters', () => {
  test('<int:id> is a number at run time and compile time; a value that does not convert is a 404', async () => {
    const app = makeApp();
    app.get('/post/<int:id>', function show(c) {
      expectTypeOf(c.params.id).toEqualTypeOf<number>();
      return { id: c.params.id, type: typeof c.params.id };
    });
    expect(await (await app.request('/post/12')).json()).toEqual({ id: 12, type: 'number' });
    expect((await app.request('/post/abc')).status).toBe(404);
    expect((await app.request('/post/-1')).status).toBe(404);
    expect((await app.request('/post/99999999999999999999')).status).toBe(404);
  });

  test('float, path, uuid, any and the default string converter', async () => {
    const app = makeApp();
    app.get('/f/<float:x>', function f(c) {
      expectTypeOf(c.params.x).toEqualTypeOf<number>();
      return { x: c.params.x };
    });
    app.get('/p/<path:rest>', function p(c) {
      expectTypeOf(c.params.rest).toEqualTypeOf<string>();
      return { rest: c.params.rest };
    });
    app.get('/u/<uuid:id>', function u(c) {
      return { id: c.params.id };
    });
    app.get('/k/<any(posts,pages):kind>', function k(c) {
      expectTypeOf(c.params.kind).toEqualTypeOf<'posts' | 'pages'>();
      return { kind: c.params.kind };
    });
    app.get('/s/<name>', function s(c) {
      expectTypeOf(c.params.name).toEqualTypeOf<string>();
      return { name: c.params.name };
    });
    expect(await (await app.request('/f/1.5')).json()).toEqual({ x: 1.5 });
    expect((await app.request('/f/1')).status).toBe(404);
    expect(await (await app.request('/p/a/b/c.txt')).json()).toEqual({ rest: 'a/b/c.txt' });
    expect(await (await app.request('/u/3F2504E0-4F89-11D3-9A0C-0305E82C3301')).json()).toEqual({
      id: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
    });
    expect((await app.request('/u/not-a-uuid')).status).toBe(404);
    expect(await (await app.request('/k/pages')).json()).toEqual({ kind: 'pages' });
    expect((await app.request('/k/users')).status).toBe(404);
    expect(await (await app.request('/s/hello%20world')).json()).toEqual({ name: 'hello world' });
    expect((await app.request('/s/a/b')).status).toBe(404);
  });

  test('parameters inside a segment, next to text', async () => {
    const app = makeApp();
    app.get('/files/<name>.<any(txt,md):ext>', function file(c) {
      return { name: c.params.name, ext: c.params.ext };
    });
    expect(await (await app.request('/files/readme.md')).json()).toEqual({ name: 'readme', ext: 'md' });
    expect((await app.request('/files/readme.pdf')).status).toBe(404);
    expect(app.urlFor('file', { name: 'notes', ext: 'txt' })).toBe('/files/notes.txt');
  });

  test('a custom converter converts both ways and is typed through ConverterTypes', async () => {
    const app = makeApp();
    const hex: Converter<number> = {
      regex: '[0-9a-f]+',
      toValue: (raw) => (raw.length > 6 ? NO_MATCH : Number.parseInt(raw, 16)),
      toUrl: (value) => value.toString(16),
    };
    app.converter('hex', hex);
    app.get('/color/<hex:rgb>', function color(c) {
      return { rgb: c.params.rgb };
    });
    expect(await (await app.request('/color/ff')).json()).toEqual({ rgb: 255 });
    expect((await app.request('/color/fffffff')).status).toBe(404);
    expect(app.urlFor('color', { rgb: 4095 })).toBe('/color/fff');
  });

  test('rule mistakes are setup errors naming the rule', () => {
    const app = makeApp();
    expect(() =>
      app.get('/x/<nope:id>', function a() {
        return '';
      }),
    ).toThrow(
      /Route rule "\/x\/<nope:id>" uses the unknown converter "nope"\. Known converters: string, int, float, path, uuid, any/,
    );
    expect(() =>
      app.get('/x/<int:id', function b() {
        return '';
      }),
    ).toThrow(/malformed parameter at column 4/);
    expect(() =>
      app.get('/x/<a>/<a>', function c() {
        return '';
      }),
    ).toThrow(/uses the parameter "a" twice/);
    expect(() =>
      app.get('x', function d() {
        return '';
      }),
    ).toThrow(SetupError);
  });
});

describe('endpoints', () => {
  test('the endpoint defaults to the view name; two views under one endpoint is an error naming both', () => {
    const app = makeApp();
    app.get('/', function index() {
      return 'a';
    });
    expect(app.routes()).toEqual([
      { endpoint: 'index', methods: ['GET', 'HEAD'], rule: '/', blueprint: null },
    ]);
    expect(() =>
      app.get('/other', function index() {
        return 'b';
      }),
    ).toThrow(/"index" is already "index" for \/, and "index" for \/other asks for the same endpoint/);
    expect(() => app.get('/anon', () => 'x')).toThrow(/has no name to use as its endpoint/);
  });

  test('one view may serve several rules under its endpoint', async () => {
    const app = makeApp();
    function users(c: { params: Record<string, unknown> }) {
      return { page: c.params.page };
    }
    app.route('/users/', { defaults: { page: 1 } }, users);
    app.route('/users/page/<int:page>', users);
    expect(await (await app.request('/users/')).json()).toEqual({ page: 1 });
    expect(await (await app.request('/users/page/3')).json()).toEqual({ page: 3 });
    expect(app.urlFor('users', { page: 3 })).toBe('/users/page/3');
    expect(app.urlFor('users')).toBe('/users/');
  });
});

describe('methods and slashes', () => {
  test('405 with Allow when the path exists but not the method; HEAD for GET; OPTIONS automatic', async () => {
    const app = makeApp();
    app.get('/thing', function thing() {
      return 'body';
    });
    app.post('/thing', function makeThing() {
      return 'made';
    });
    app.delete('/only-delete', function del() {
      return 'gone';
    });
    const put = await app.request('/thing', { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD, OPTIONS, POST');
    const head = await app.request('/thing', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const options = await app.request('/thing', { method: 'OPTIONS' });
    expect(options.status).toBe(200);
    expect(options.headers.get('allow')).toBe('GET, HEAD, OPTIONS, POST');
    expect((await app.request('/only-delete')).headers.get('allow')).toBe('DELETE, OPTIONS');
  });

  test('a rule ending in / redirects the slash-less URL with 308, keeping the query; the reverse is a 404', async () => {
    const app = makeApp();
    app.get('/projects/', function projects() {
      return 'projects';
    });
    app.get('/about', function about() {
      return 'about';
    });
    const res = await app.request('/projects?page=2');
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toBe('/projects/?page=2');
    expect((await app.request('/about/')).status).toBe(404);
    expect((await app.request('/about')).status).toBe(200);
  });
});

describe('urlFor', () => {
  const app = makeApp();
  const show = app.get('/post/<int:id>', function showPost(c) {
    return { id: c.params.id };
  });
  app.get('/files/<path:name>', function files() {
    return '';
  });
  app.route('/edit/<int:id>', { methods: ['POST'] }, function edit() {
    return '';
  });

  test('builds paths, encodes values and turns extra values into the query string', () => {
    expect(app.urlFor('showPost', { id: 3 })).toBe('/post/3');
    expect(app.urlFor('showPost', { id: 3, q: 'a b&c', tag: ['x', 'y'] })).toBe(
      '/post/3?q=a+b%26c&tag=x&tag=y',
    );
    expect(app.urlFor('files', { name: 'a dir/ä.txt' })).toBe('/files/a%20dir/%C3%A4.txt');
    expect(app.urlFor('showPost', { id: 3 }, { anchor: 'comments' })).toBe('/post/3#comments');
    expect(app.urlFor('edit', { id: 1 }, { method: 'POST' })).toBe('/edit/1');
  });

  test('typed route refs check parameters at compile time', () => {
    expect(app.urlFor(show, { id: 7 })).toBe('/post/7');
    // @ts-expect-error id must be a number
    expect(() => app.urlFor(show, { id: 'seven' })).toThrow(UrlBuildError);
    // @ts-expect-error id is required
    expect(() => app.urlFor(show, {})).toThrow(/missing value for "id"/);
  });

  test('unknown endpoints, missing and unconvertible values are errors naming the endpoint and parameter', () => {
    expect(() => app.urlFor('showPots', { id: 1 })).toThrow(
      'Could not build url for endpoint "showPots": no such endpoint. Did you mean "showPost"?',
    );
    expect(() => app.urlFor('show', { id: 1 })).toThrow(
      'Could not build url for endpoint "show": no such endpoint. Did you mean "showPost"?',
    );
    expect(() => app.urlFor('showPost')).toThrow(
      'Could not build url for endpoint "showPost": missing value for "id" (rule /post/<int:id>).',
    );
    expect(() => app.urlFor('showPost', { id: -2 })).toThrow(
      /parameter "id" \(int in \/post\/<int:id>\) cannot take -2/,
    );
    expect(() => app.urlFor('edit', { id: 1 }, { method: 'GET' })).toThrow(
      /with method GET: it accepts POST/,
    );
    const error = (() => {
      try {
        app.urlFor('showPost');
      } catch (e) {
        return e as UrlBuildError;
      }
    })();
    expect(error).toBeInstanceOf(UrlBuildError);
    expect(error?.endpoint).toBe('showPost');
    expect(error?.missing).toEqual(['id']);
  });

  test('external URLs use SERVER_NAME when set (in a request too), else the request host', async () => {
    const app2 = new Flagon({ staticFolder: null, config: { SERVER_NAME: 'example.com' } });
    app2.get('/here', function here(c) {
      return c.urlFor('here', {}, { external: true });
    });
    expect(app2.urlFor('here', {}, { external: true })).toBe('http://example.com/here');
    expect(await (await app2.fetch(new Request('https://flagon.test:8443/here'))).text()).toBe(
      'https://example.com/here',
    );
    const app4 = new Flagon({ staticFolder: null });
    app4.get('/here', function here(c) {
      return c.urlFor('here', {}, { external: true });
    });
    expect(await (await app4.fetch(new Request('https://flagon.test:8443/here'))).text()).toBe(
      'https://flagon.test:8443/here',
    );
    expect(() => app.urlFor('showPost', { id: 1 }, { external: true })).toThrow(/set SERVER_NAME/);
  });

  test('urlDefaults hooks fill values in', () => {
    const app3 = makeApp();
    app3.get('/<lang>/about', function about() {
      return '';
    });
    app3.urlDefaults((endpoint, values) => {
      if (endpoint === 'about' && values.lang === undefined) values.lang = 'en';
    });
    expect(app3.urlFor('about')).toBe('/en/about');
    expect(app3.urlFor('about', { lang: 'fr' })).toBe('/fr/about');
  });
});

describe('typed contexts', () => {
  test('a typed app passes its context to helpers written for any app (a plain Context)', async () => {
    const defaults = { SITE: 'flagon', PER_PAGE: 20 };
    type Env = { Config: typeof defaults; G: { user?: string }; Session: { uid?: number } };
    const app = new Flagon<Env>({ staticFolder: null, config: defaults });
    function methodOf(c: import('../src/index.ts').Context): string {
      return c.req.method;
    }
    app.get('/', function index(c) {
      expectTypeOf(c.config.PER_PAGE).toEqualTypeOf<number>();
      return methodOf(c);
    });
    expect(await (await app.request('/')).text()).toBe('GET');
  });
});
