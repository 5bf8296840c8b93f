import { beforeAll, describe, expect, test, vi } from 'vitest';
import {
  CookieSessionStore,
  Flagon,
  MAX_COOKIE_SIZE,
  type Session,
  Signer,
  type ViewResult,
} from '../src/index.ts';
import { listen } from '../src/node.ts';

const KEY = 'test-secret-key-0123456789abcdef';

/** The cookie store as a runtime without node:crypto (Workers) has it: checked before the hooks. */
class CheckedFirstStore extends CookieSessionStore {
  override readonly openSync = undefined;
}

/** The two ways the cookie store opens a session; every test below runs with both. */
const SHAPES: [string, () => CookieSessionStore][] = [
  ['opened on the first read of c.session (Node, Bun, Deno)', () => new CookieSessionStore()],
  ['opened before the hooks run (Workers)', () => new CheckedFirstStore()],
];
let makeStore: () => CookieSessionStore = () => new CookieSessionStore();

/** The app with the session store of the shape under test. */
function withStore<A extends Flagon<never>>(app: A): A {
  app.sessionStore = makeStore();
  return app;
}

function makeApp(config: Record<string, unknown> = {}) {
  const errors: unknown[][] = [];
  const app = withStore(
    new Flagon<{ Session: { userId?: number; big?: string } }>({
      staticFolder: null,
      config: { SECRET_KEY: KEY, ...config },
      logger: { debug() {}, info() {}, warn() {}, error: (...a: unknown[]) => errors.push(a) },
    }),
  );
  app.post('/login', function login(c) {
    c.session.clear();
    c.session.set('userId', Number(c.req.query('id') ?? 1));
    return 'in';
  });
  app.get('/me', function me(c) {
    return { userId: c.session.get('userId') ?? null };
  });
  app.get('/static-page', function page() {
    return 'no session touched';
  });
  app.post('/logout', function logout(c) {
    c.session.clear();
    return 'out';
  });
  app.post('/permanent', function permanent(c) {
    c.session.permanent = true;
    c.session.set('userId', 5);
    return 'ok';
  });
  app.post('/big', function big(c) {
    c.session.set('big', 'x'.repeat(5000));
    return 'big';
  });
  return { app, errors };
}

describe.each(SHAPES)('a cookie session %s', (_shape, store) => {
  beforeAll(() => {
    makeStore = store;
  });

  describe('signed-cookie sessions', () => {
    test('a session set in one request is read in the next; Set-Cookie only when it changed', async () => {
      const { app } = makeApp();
      const client = app.testClient();
      const login = await client.post('/login?id=7');
      const cookie = login.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^session=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/);
      expect((await client.get('/me')).json()).toEqual({ userId: 7 });
      const unchanged = await client.get('/me');
      expect(unchanged.headers.get('set-cookie')).toBeNull();
      expect(unchanged.headers.get('vary')).toBe('Cookie');
      expect((await client.get('/static-page')).headers.get('vary')).toBeNull();
      expect(await client.session()).toEqual({ userId: 7 });
      const logout = await client.post('/logout');
      expect(logout.headers.get('set-cookie')).toMatch(/^session=; Max-Age=0/);
      expect((await client.get('/me')).json()).toEqual({ userId: null });
    });

    test('tampered, truncated, garbage or foreign-key cookies give an empty session, never an error', async () => {
      const { app } = makeApp();
      const client = app.testClient();
      await client.post('/login?id=3');
      const good = client.cookie('session') as string;
      const [payload = '', ts = '', sig = ''] = good.split('.');
      const forged = Buffer.from(JSON.stringify({ userId: 1 })).toString('base64url');
      const otherKey = await new Signer(['another-key-entirely-0123456789'], 'flagon.session').sign(payload);
      for (const bad of [
        `${forged}.${ts}.${sig}`,
        good.slice(0, -5),
        'garbage',
        '...',
        '%%%',
        `${payload}.${ts}`,
        otherKey,
        'a'.repeat(5000),
      ]) {
        client.setCookie('session', bad);
        const r = await client.get('/me');
        expect(r.status).toBe(200);
        expect(r.json()).toEqual({ userId: null });
      }
    });

    test('an expired signature gives an empty session', async () => {
      const { app } = makeApp({ PERMANENT_SESSION_LIFETIME: 60 });
      const signer = new Signer([KEY], 'flagon.session');
      const old = await signer.sign(
        Buffer.from(JSON.stringify({ userId: 9 })).toString('base64url'),
        Date.now() - 3600_000,
      );
      const client = app.testClient();
      client.setCookie('session', old);
      expect((await client.get('/me')).json()).toEqual({ userId: null });
    });

    test('SECRET_KEY_FALLBACKS keep old sessions valid during key rotation', async () => {
      const { app: oldApp } = makeApp({ SECRET_KEY: 'old-key-0123456789-old-key' });
      const oldClient = oldApp.testClient();
      await oldClient.post('/login?id=4');
      const { app: newApp } = makeApp({
        SECRET_KEY: 'new-key-0123456789-new-key',
        SECRET_KEY_FALLBACKS: ['old-key-0123456789-old-key'],
      });
      const client = newApp.testClient();
      client.setCookie('session', oldClient.cookie('session') as string);
      expect((await client.get('/me')).json()).toEqual({ userId: 4 });
      const { app: noFallback } = makeApp({ SECRET_KEY: 'new-key-0123456789-new-key' });
      const client2 = noFallback.testClient();
      client2.setCookie('session', oldClient.cookie('session') as string);
      expect((await client2.get('/me')).json()).toEqual({ userId: null });
    });

    test('permanent sessions carry Max-Age and are refreshed on each request', async () => {
      const { app } = makeApp({ PERMANENT_SESSION_LIFETIME: 3600 });
      const client = app.testClient();
      const r = await client.post('/permanent');
      expect(r.headers.get('set-cookie')).toMatch(/Max-Age=3600; Expires=/);
      expect((await client.get('/me')).headers.get('set-cookie')).toMatch(/Max-Age=3600/);
      const { app: noRefresh } = makeApp({ SESSION_REFRESH_EACH_REQUEST: false });
      const c2 = noRefresh.testClient();
      await c2.post('/permanent');
      expect((await c2.get('/me')).headers.get('set-cookie')).toBeNull();
    });

    test('clear() drops the permanent flag, as in Flask: the next cookie is a browser-session cookie', async () => {
      const { app } = makeApp({ PERMANENT_SESSION_LIFETIME: 3600 });
      const client = app.testClient();
      await client.post('/permanent');
      const r = await client.post('/login?id=7');
      const cookie = r.headers.get('set-cookie') as string;
      expect(cookie).toMatch(/^session=/);
      expect(cookie).not.toMatch(/Max-Age|Expires/);
      expect(await client.session()).toEqual({ userId: 7 });
      expect((await client.get('/me')).headers.get('set-cookie')).toBeNull();
    });

    test('cookie settings follow the SESSION_COOKIE_* config', async () => {
      const { app } = makeApp({
        SESSION_COOKIE_NAME: 'sid',
        SESSION_COOKIE_SECURE: true,
        SESSION_COOKIE_SAMESITE: 'Strict',
        SESSION_COOKIE_DOMAIN: 'example.com',
        SESSION_COOKIE_PATH: '/app',
        SESSION_COOKIE_HTTPONLY: false,
      });
      const r = await app.testClient().post('/login');
      expect(r.headers.get('set-cookie')).toMatch(
        /^sid=[^;]+; Domain=example.com; Path=\/app; Secure; SameSite=Strict$/,
      );
    });

    test("SESSION_COOKIE_SAMESITE: 'Lax' by default (unlike Flask); undefined sends no SameSite, as Flask", async () => {
      const { app } = makeApp({ SESSION_COOKIE_SAMESITE: undefined });
      const cookie = (await app.testClient().post('/login')).headers.get('set-cookie') as string;
      expect(cookie).toMatch(/^session=[^;]+; Path=\/; HttpOnly$/);
    });

    test('a session too big for a cookie is refused with a clear error, and the server keeps serving', async () => {
      const { app, errors } = makeApp();
      const client = app.testClient();
      const r = await client.post('/big');
      expect(r.status).toBe(500);
      expect(r.headers.get('set-cookie')).toBeNull();
      expect(String(errors[0]?.[1])).toContain(`over the ${MAX_COOKIE_SIZE}-byte limit browsers keep`);
      expect((await client.get('/me')).status).toBe(200);
    });

    test('setting a session without SECRET_KEY is an error that says what to set', async () => {
      const { app, errors } = makeApp({ SECRET_KEY: undefined });
      expect((await app.testClient().post('/login')).status).toBe(500);
      expect(String(errors[0]?.[1])).toContain('no SECRET_KEY was set');
    });

    test('the test client can set the session directly', async () => {
      const { app } = makeApp();
      const client = app.testClient();
      await client.withSession((s) => s.set('userId', 11));
      expect((await client.get('/me')).json()).toEqual({ userId: 11 });
    });
  });

  describe('flash', () => {
    test('messages survive one redirect, with categories and filters, and are read once', async () => {
      const app = withStore(new Flagon({ staticFolder: null, config: { SECRET_KEY: KEY } }));
      app.post('/do', function doIt(c) {
        c.flash('Saved.');
        c.flash('Careful!', 'warning');
        return c.redirect('show');
      });
      app.get('/show', function show(c) {
        return {
          all: c.getFlashedMessages({ withCategories: true }),
          warnings: c.getFlashedMessages({ categoryFilter: ['warning'] }),
          plain: c.getFlashedMessages(),
        };
      });
      const client = app.testClient();
      const r = await client.post('/do', { followRedirects: true });
      expect(r.history).toEqual(['/do']);
      expect(r.json()).toEqual({
        all: [
          { category: 'message', message: 'Saved.' },
          { category: 'warning', message: 'Careful!' },
        ],
        warnings: ['Careful!'],
        plain: ['Saved.', 'Careful!'],
      });
      expect((await client.get('/show')).json()).toEqual({ all: [], warnings: [], plain: [] });
    });
  });

  describe('verified-cookie cache', () => {
    test('a cookie is verified with HMAC once; repeats are a lookup; tampering still fails', async () => {
      const { app } = makeApp();
      const client = app.testClient();
      await client.post('/login?id=5');
      const checks = [vi.spyOn(Signer.prototype, 'unsign'), vi.spyOn(Signer.prototype, 'unsignNow')];
      const calls = () => checks.reduce((n, spy) => n + spy.mock.calls.length, 0);
      try {
        for (let i = 0; i < 3; i++) expect((await client.get('/me')).json()).toEqual({ userId: 5 });
        expect(calls()).toBe(0); // the cookie this app signed is already known
        const good = client.cookie('session') as string;
        client.setCookie('session', `${good.slice(0, -2)}xx`);
        expect((await client.get('/me')).json()).toEqual({ userId: null });
        expect(calls()).toBe(1);
      } finally {
        for (const spy of checks) spy.mockRestore();
      }
    });

    test('a cookie ending as a known one does but differing before is checked, not taken for it', async () => {
      const { app } = makeApp();
      const client = app.testClient();
      await client.post('/login?id=5');
      const good = client.cookie('session') as string;
      const [, ts, sig] = good.split('.');
      const checks = [vi.spyOn(Signer.prototype, 'unsign'), vi.spyOn(Signer.prototype, 'unsignNow')];
      const calls = () => checks.reduce((n, spy) => n + spy.mock.calls.length, 0);
      try {
        // The known cookie's signature (so its end too) under another payload, then under another time.
        const forged = Buffer.from(JSON.stringify({ userId: 1 })).toString('base64url');
        for (const cookie of [`${forged}.${ts}.${sig}`, `${good.split('.')[0]}.${ts}0.${sig}`]) {
          client.setCookie('session', cookie);
          expect((await client.get('/me')).json()).toEqual({ userId: null });
        }
        expect(calls()).toBe(2);
        client.setCookie('session', good);
        expect((await client.get('/me')).json()).toEqual({ userId: 5 });
        expect(calls()).toBe(2); // still known: the forgeries evicted nothing
      } finally {
        for (const spy of checks) spy.mockRestore();
      }
    });

    test('a request that never reads its session sends nothing back, whatever its cookie holds', async () => {
      const { app, errors } = makeApp();
      const client = app.testClient();
      await client.post('/login?id=8');
      const good = client.cookie('session') as string;
      for (const cookie of [good, `${good.slice(0, -2)}xx`, 'garbage', '']) {
        client.setCookie('session', cookie);
        const res = await client.get('/static-page');
        expect(res.status).toBe(200);
        expect(res.headers.get('set-cookie')).toBeNull();
        expect(res.headers.get('vary')).toBeNull();
      }
      client.setCookie('session', good);
      expect((await client.get('/me')).json()).toEqual({ userId: 8 });
      expect(errors).toEqual([]);
    });

    test("requests sending the same cookie never see each other's changes", async () => {
      const app = withStore(
        new Flagon<{ Session: { userId?: number; name?: string; cart?: string[]; extra?: string } }>({
          staticFolder: null,
          config: { SECRET_KEY: KEY },
        }),
      );
      app.post('/login', function login(c) {
        c.session.set('userId', 1);
        c.session.set('name', 'ann');
        if (c.req.query('cart')) c.session.set('cart', ['tea']);
        return 'in';
      });
      app.get('/read', function read(c) {
        return {
          userId: c.session.get('userId') ?? null,
          name: c.session.get('name') ?? null,
          cart: c.session.get('cart') ?? null,
          extra: c.session.get('extra') ?? null,
          keys: c.session.keys(),
          permanent: c.session.permanent,
        };
      });
      // Each changes its own session and sends nothing back that the next request would send.
      const changes: Record<string, (c: Parameters<Parameters<typeof app.get>[1]>[0]) => void> = {
        set: (c) => c.session.set('extra', 'x'),
        pop: (c) => void c.session.pop('name'),
        delete: (c) => c.session.delete('userId'),
        clear: (c) => c.session.clear(),
        permanent: (c) => {
          c.session.permanent = true;
        },
        flash: (c) => c.flash('hello'),
        nested: (c) => void c.session.get('cart')?.push('coffee'), // in place, without set
      };
      for (const [name, change] of Object.entries(changes)) {
        app.get(`/change/${name}`, { endpoint: `change_${name}` }, function changeIt(c) {
          c.session.get('userId');
          change(c);
          return 'changed';
        });
      }
      for (const cart of [false, true]) {
        const client = app.testClient();
        await client.post(cart ? '/login?cart=1' : '/login');
        const before = (await client.get('/read')).json();
        expect(before).toEqual({
          userId: 1,
          name: 'ann',
          cart: cart ? ['tea'] : null,
          extra: null,
          keys: cart ? ['userId', 'name', 'cart'] : ['userId', 'name'],
          permanent: false,
        });
        const cookie = client.cookie('session') as string;
        for (const name of Object.keys(changes)) {
          await client.get(`/change/${name}`);
          client.setCookie('session', cookie); // the browser sends the same cookie again
          expect((await client.get('/read')).json(), `after ${name}`).toEqual(before);
        }
      }
    });

    test('a remembered cookie still expires', async () => {
      const { app } = makeApp({ PERMANENT_SESSION_LIFETIME: 1 });
      const client = app.testClient();
      await client.post('/login?id=6');
      expect((await client.get('/me')).json()).toEqual({ userId: 6 });
      await new Promise((resolve) => setTimeout(resolve, 2100));
      expect((await client.get('/me')).json()).toEqual({ userId: null });
    });

    test('a view that does not touch the session sends no cookie and no Vary', async () => {
      const { app } = makeApp();
      const client = app.testClient();
      await client.post('/login?id=7');
      const res = await client.get('/static-page');
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(res.headers.get('vary')).toBeNull();
    });
  });

  function varyApp() {
    const app = withStore(
      new Flagon<{ Session: { userId?: number } }>({
        staticFolder: null,
        config: { SECRET_KEY: KEY },
      }),
    );
    type C = Parameters<Parameters<typeof app.get>[1]>[0];
    // Each view reads the session first, then builds its response its own way.
    const built: Record<string, (c: C) => ViewResult> = {
      text: (c) => c.text('t'),
      html: (c) => c.html('<p>h</p>'),
      json: (c) => c.json({ a: 1 }),
      string: () => 'string',
      object: () => ({ a: 1 }),
      array: () => [1, 2],
      own: () => new Response('own', { headers: { vary: 'Accept' } }),
      header: (c) => {
        c.header('vary', 'Accept');
        return c.text('h');
      },
      star: () => new Response('any', { headers: { vary: '*' } }),
      redirect: () => Response.redirect('http://localhost/text', 302),
      'after-replaces': (c) => {
        c.after(() => c.text('replaced'));
        return c.text('first');
      },
      // Code that changes the Vary of a response Flagon built: Cookie is added again.
      'view-sets': (c) => {
        const response = c.text('set');
        response.headers.set('vary', 'Accept');
        return response;
      },
      'after-sets': (c) => {
        c.after((response) => {
          response.headers.set('vary', 'Accept-Language');
          return response;
        });
        return c.json({ a: 1 });
      },
      'view-deletes': (c) => {
        const response = c.html('<p>d</p>');
        response.headers.delete('vary');
        return response;
      },
    };
    for (const [name, view] of Object.entries(built)) {
      app.get(`/${name}`, { endpoint: name }, (c) => {
        c.session.get('userId');
        return view(c);
      });
    }
    app.get('/late', { endpoint: 'late' }, (c) => {
      c.after((response) => {
        c.session.get('userId');
        return response;
      });
      return c.text('late');
    });
    app.get('/none', { endpoint: 'none' }, (c) => c.text('none'));
    app.post('/login', { endpoint: 'login' }, (c) => {
      c.session.set('userId', 1);
      return 'in';
    });
    return app;
  }

  const VARY_EXPECTED: Record<string, string | null> = {
    '/text': 'Cookie',
    '/html': 'Cookie',
    '/json': 'Cookie',
    '/string': 'Cookie',
    '/object': 'Cookie',
    '/array': 'Cookie',
    '/own': 'Accept, Cookie',
    '/header': 'Accept, Cookie',
    '/star': '*',
    '/redirect': 'Cookie',
    '/after-replaces': 'Cookie',
    '/view-sets': 'Accept, Cookie',
    '/after-sets': 'Accept-Language, Cookie',
    '/view-deletes': 'Cookie',
    '/late': 'Cookie',
    '/none': null,
  };

  describe('session keys', () => {
    test('keys named like Object.prototype members are data, read back as they were stored', async () => {
      const app = withStore(new Flagon({ staticFolder: null, config: { SECRET_KEY: KEY } }));
      app.get('/empty', function empty(c) {
        const session = c.session as unknown as Session;
        return {
          has: ['constructor', 'toString', '__proto__'].map((key) => session.has(key)),
          get: ['constructor', 'toString', 'hasOwnProperty'].map((key) => typeof session.get(key)),
        };
      });
      app.post('/store', function store(c) {
        const session = c.session as unknown as Session;
        for (const key of ['constructor', 'toString', '__proto__']) session.set(key, `${key}!`);
        return 'stored';
      });
      app.get('/read', function read(c) {
        const session = c.session as unknown as Session;
        return {
          values: ['constructor', 'toString', '__proto__'].map((key) => session.get(key)),
          keys: session.keys(),
        };
      });
      const client = app.testClient();
      expect((await client.get('/empty')).json()).toEqual({
        has: [false, false, false],
        get: ['undefined', 'undefined', 'undefined'],
      });
      await client.post('/store');
      expect((await client.get('/read')).json()).toEqual({
        values: ['constructor!', 'toString!', '__proto__!'],
        // keys() leaves out names starting with "_", which Flagon keeps for itself (_flashes, _permanent).
        keys: ['constructor', 'toString'],
      });
    });
  });

  describe('Vary: Cookie', () => {
    test('a response varies on Cookie exactly once when the session was read, however it was built', async () => {
      const client = varyApp().testClient();
      expect((await client.get('/none')).headers.get('vary')).toBeNull();
      await client.post('/login');
      const seen: Record<string, string | null> = {};
      for (const path of Object.keys(VARY_EXPECTED))
        seen[path] = (await client.get(path)).headers.get('vary');
      expect(seen).toEqual(VARY_EXPECTED);
    });

    test('the same over a real Node server, whose responses are its own lightweight class', async () => {
      const server = await listen(varyApp() as unknown as Flagon, { port: 0, handleSignals: false });
      try {
        const login = await fetch(`${server.url}/login`, { method: 'POST' });
        const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
        const seen: Record<string, string | null> = {};
        for (const path of Object.keys(VARY_EXPECTED)) {
          const response = await fetch(`${server.url}${path}`, { headers: { cookie }, redirect: 'manual' });
          await response.arrayBuffer();
          seen[path] = response.headers.get('vary');
        }
        expect(seen).toEqual(VARY_EXPECTED);
      } finally {
        await server.close();
      }
    });
  });

  describe('session and immutable responses', () => {
    test('a view returning Response.redirect() still gets its session cookie', async () => {
      const app = withStore(new Flagon({ staticFolder: null, config: { SECRET_KEY: KEY } }));
      app.post('/in', function signIn(c) {
        c.session.set('userId', 3);
        return Response.redirect('http://localhost/done', 303);
      });
      const res = await app.testClient().post('/in');
      expect(res.status).toBe(303);
      expect(res.headers.get('set-cookie')).toMatch(/^session=/);
    });

    test('the session cookie is found among others, quoted or not, and not by a longer name', async () => {
      const { app } = makeApp();
      const client = app.testClient();
      await client.post('/login?id=8');
      const value = client.cookie('session') as string;
      const ask = (cookie: string) => client.get('/me', { headers: { cookie } }).then((r) => r.json());
      expect(await ask(`theme=dark; session=${value}; lang=en`)).toEqual({ userId: 8 });
      expect(await ask(`xsession=nope;session="${value}"`)).toEqual({ userId: 8 });
      expect(await ask(`mysession=${value}`)).toEqual({ userId: null });
    });
  });
});

describe('where the session is opened', () => {
  test('on Node the cookie store opens a session when the request first reads it, not before', async () => {
    expect(Signer.canUnsignNow).toBe(true);
    const app = new Flagon<{ Session: { userId?: number } }>({
      staticFolder: null,
      config: { SECRET_KEY: KEY },
    });
    const order: string[] = [];
    const inner = new CookieSessionStore();
    expect(inner.openSync).toBeTypeOf('function');
    let opens = 0;
    app.sessionStore = {
      open: (c) => inner.open(c),
      save: (c, session, response) => inner.save(c, session, response),
      openSync: (c) => {
        opens += 1;
        return inner.openSync?.(c);
      },
    };
    app.beforeRequest(function first() {
      order.push(`hook: opened ${opens} times`);
    });
    app.post('/login', function login(c) {
      c.session.set('userId', 3);
      return 'in';
    });
    app.get('/me', function me(c) {
      order.push('view reads');
      const id = c.session.get('userId');
      order.push(`read: opened ${opens} times`);
      return { id: id ?? null, again: c.session.get('userId') ?? null };
    });
    const client = app.testClient();
    await client.post('/login');
    order.length = 0;
    opens = 0;
    expect((await client.get('/me')).json()).toEqual({ id: 3, again: 3 });
    expect(order).toEqual(['hook: opened 0 times', 'view reads', 'read: opened 1 times']);
  });
});

describe('Signer.unsignNow', () => {
  test('agrees with unsign: good, tampered, malformed, expired, and signed with a fallback key', async () => {
    const now = Date.UTC(2026, 0, 1);
    const current = new Signer(['new-key', 'old-key'], 'flagon.session');
    const old = new Signer(['old-key'], 'flagon.session');
    const other = new Signer(['new-key'], 'another.salt');
    const good = await current.sign('hello', now);
    const cases: [string, number | undefined, number][] = [
      [good, undefined, now],
      [good, 60, now + 30_000],
      [good, 60, now + 120_000], // expired
      [await old.sign('from before the rotation', now), 60, now],
      [await other.sign('same key, other salt', now), 60, now],
      [`${good.slice(0, -2)}xx`, undefined, now],
      [good.replace('hello', 'hellp'), undefined, now],
      ['', undefined, now],
      ['no-dots', undefined, now],
      ['a.b.c', undefined, now],
      [`hello.zz.${'A'.repeat(43)}`, undefined, now],
      ['héllo.1.é', undefined, now],
    ];
    const results = [];
    for (const [signed, maxAge, at] of cases) {
      const later = await current.unsign(signed, maxAge, at);
      expect(current.unsignNow(signed, maxAge, at)).toBe(later);
      results.push(later);
    }
    expect(results).toEqual([
      'hello',
      'hello',
      undefined,
      'from before the rotation',
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
