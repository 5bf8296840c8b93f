import { Flagon, type RouteRef, type Session } from '@flagon/core';
import { describe, expectTypeOf, test } from 'vitest';
import { Blueprint, type BlueprintRegistration, type BlueprintSetupState } from '../src/index.ts';

interface User {
  id: number;
  name: string;
}
interface Db {
  findUser(id: number): User | undefined;
}
type AppEnv = {
  G: { user?: User };
  Session: { userId?: number };
  Config: { SITE_NAME: string };
  Services: { db: Db };
};

describe('types', () => {
  test('c.params is typed from the blueprint rule', () => {
    const bp = new Blueprint('blog');
    bp.get('/post/<int:id>/<slug>', function show(c) {
      expectTypeOf(c.params).toEqualTypeOf<{ id: number; slug: string }>();
      return '';
    });
    bp.route('/tag/<any(news,tips):tag>/<path:rest>', { methods: ['GET'] }, function tag(c) {
      expectTypeOf(c.params).toEqualTypeOf<{ tag: 'news' | 'tips'; rest: string }>();
      return '';
    });
    bp.post('/x/<float:price>', { endpoint: 'price' }, (c) => {
      expectTypeOf(c.params.price).toEqualTypeOf<number>();
      return '';
    });
  });

  test('Blueprint<AppEnv> gives typed c.g, c.session, config and services in views and hooks', () => {
    const auth = new Blueprint<AppEnv>('auth');
    auth.beforeRequest((c) => {
      expectTypeOf(c.g.user).toEqualTypeOf<User | undefined>();
      expectTypeOf(c.session).toEqualTypeOf<Session<{ userId?: number }>>();
      expectTypeOf(c.db).toEqualTypeOf<Db>();
      expectTypeOf(c.config.SITE_NAME).toEqualTypeOf<string>();
      return undefined;
    });
    auth.get('/me/<int:id>', function me(c) {
      const user = c.db.findUser(c.params.id);
      expectTypeOf(user).toEqualTypeOf<User | undefined>();
      return { name: user?.name ?? null };
    });
    auth.errorHandler(RangeError, (error, c) => {
      expectTypeOf(error).toEqualTypeOf<RangeError>();
      expectTypeOf(c.g.user).toEqualTypeOf<User | undefined>();
      return 'bad range';
    });
    auth.urlValuePreprocessor((endpoint, values, c) => {
      expectTypeOf(endpoint).toEqualTypeOf<string | null>();
      expectTypeOf(values).toEqualTypeOf<Record<string, unknown>>();
      expectTypeOf(c.g).toEqualTypeOf<{ user?: User }>();
    });
    const app = new Flagon<AppEnv>({ staticFolder: null, templateFolder: null });
    app.register(auth, { urlPrefix: '/auth', name: 'auth' });
  });

  test('routes return typed refs for urlFor', () => {
    const bp = new Blueprint('shop');
    const item = bp.get('/item/<int:id>', function item() {
      return '';
    });
    expectTypeOf(item).toEqualTypeOf<RouteRef<'/item/<int:id>'>>();
    const app = new Flagon({ staticFolder: null, templateFolder: null });
    app.register(bp);
    // @ts-expect-error id must be a number
    const bad = () => app.urlFor(item, { id: 'seven' });
    expectTypeOf(bad).toBeFunction();
    expectTypeOf(app.urlFor(item, { id: 7 })).toEqualTypeOf<string>();
  });

  test('registration options and setup state are typed', () => {
    const app = new Flagon();
    const bp = new Blueprint('bp');
    // @ts-expect-error unknown option
    const bad = () => app.register(bp, { prefix: '/x' });
    expectTypeOf(bad).toBeFunction();
    bp.record((state) => {
      expectTypeOf(state).toEqualTypeOf<BlueprintSetupState>();
      expectTypeOf(state.name).toEqualTypeOf<string>();
    });
    expectTypeOf<BlueprintRegistration['parent']>().toEqualTypeOf<string | null>();
    const other = new Blueprint<{ G: { other: true } }>('other');
    // @ts-expect-error a nested blueprint's views cannot expect more than the parent's app provides
    bp.register(other);
    const typed = new Blueprint<AppEnv>('typed');
    typed.register(new Blueprint('plain'));
  });
});
