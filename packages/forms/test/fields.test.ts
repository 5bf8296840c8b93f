import { Flagon } from '@flagon/core';
import * as v from 'valibot';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { z } from 'zod';
import { DEFAULT_MESSAGES, defineForm, fields as f, ValidationError } from '../src/index.ts';

function form(entries: [string, string | File][]): FormData {
  const data = new FormData();
  for (const [k, value] of entries) data.append(k, value);
  return data;
}

describe('field types', () => {
  const everything = defineForm({
    name: f.text({ required: true }),
    bio: f.textarea(),
    email: f.email({ required: true }),
    password: f.password({ required: true }),
    token: f.hidden(),
    age: f.integer({ required: true }),
    price: f.decimal({ places: 2 }),
    agree: f.boolean(),
    color: f.select(['red', 'green', { value: 'blue', label: 'Blue sky' }] as const, { required: true }),
    tags: f.multiSelect(['a', 'b', 'c']),
    birthday: f.date(),
    avatar: f.file({ maxSize: 100, types: ['image/png', '.txt'] }),
  });

  test('a valid submission parses every type', async () => {
    const result = await everything.parse(
      form([
        ['name', '  Ada  '],
        ['bio', 'Counts'],
        ['email', 'ada@example.com'],
        ['password', ' secret '],
        ['token', 'x'],
        ['age', '36'],
        ['price', '9.95'],
        ['agree', 'y'],
        ['color', 'blue'],
        ['tags', 'a'],
        ['tags', 'c'],
        ['tags', 'a'],
        ['birthday', '1815-12-10'],
        ['avatar', new File(['hello'], 'notes.txt', { type: 'text/plain' })],
      ]),
    );
    expect(result.errors).toEqual({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { avatar, ...rest } = result.data;
    expect(rest).toEqual({
      name: 'Ada',
      bio: 'Counts',
      email: 'ada@example.com',
      password: ' secret ',
      token: 'x',
      age: 36,
      price: 9.95,
      agree: true,
      color: 'blue',
      tags: ['a', 'c'],
      birthday: new Date(Date.UTC(1815, 11, 10)),
    });
    expect(avatar).toBeInstanceOf(File);
    expect(await avatar?.text()).toBe('hello');
  });

  test('parsed data is typed from the declaration', async () => {
    const result = await everything.parse(new FormData());
    expectTypeOf(result.ok).toEqualTypeOf<boolean>();
    if (result.ok) {
      expectTypeOf(result.data).toEqualTypeOf<{
        name: string;
        bio: string | undefined;
        email: string;
        password: string;
        token: string | undefined;
        age: number;
        price: number | undefined;
        agree: boolean;
        color: 'red' | 'green' | 'blue';
        tags: ('a' | 'b' | 'c')[];
        birthday: Date | undefined;
        avatar: File | undefined;
      }>();
    } else {
      expectTypeOf(result.data).toEqualTypeOf<undefined>();
    }
    expectTypeOf(result.errors).toEqualTypeOf<
      Readonly<Partial<Record<keyof typeof everything.fields, readonly string[]>>>
    >();
    // @ts-expect-error: not a field of this form
    result.field('nope');
  });

  test('empty optional fields are undefined, unticked boxes false, no tags an empty list', async () => {
    const result = await everything.parse(
      form([
        ['name', 'A'],
        ['email', 'a@b.co'],
        ['password', 'p'],
        ['age', '1'],
        ['color', 'red'],
        ['price', ''],
        ['avatar', new File([], '')],
      ]),
    );
    expect(result.ok).toBe(true);
    expect(result.data).toMatchObject({
      bio: undefined,
      price: undefined,
      agree: false,
      tags: [],
      avatar: undefined,
    });
  });

  test('wrong types are field errors, with the raw values kept (never passwords or files)', async () => {
    const result = await everything.parse(
      form([
        ['name', '   '],
        ['email', 'not-an-email'],
        ['password', 'hunter2'],
        ['age', '12.5'],
        ['price', '1.234'],
        ['color', 'purple'],
        ['tags', 'z'],
        ['birthday', '2023-02-30'],
        ['avatar', 'just text'],
      ]),
    );
    expect(result.ok).toBe(false);
    expect(result.submitted).toBe(true);
    expect(result.data).toBeUndefined();
    expect(result.errors).toEqual({
      name: ['This field is required.'],
      email: ['Enter a valid email address.'],
      age: ['Enter a whole number.'],
      price: ['Use at most 2 decimal places.'],
      color: ['Not a valid choice.'],
      tags: ['Not a valid choice.'],
      birthday: ['Enter a valid date (YYYY-MM-DD).'],
      avatar: ['Upload a file.'],
    });
    expect(result.values).toEqual({
      name: '   ',
      email: 'not-an-email',
      age: '12.5',
      price: '1.234',
      color: 'purple',
      tags: ['z'],
      birthday: '2023-02-30',
    });
  });

  test('numbers: integers must be safe, decimals finite', async () => {
    const nums = defineForm({ i: f.integer(), d: f.decimal() });
    expect((await nums.parse({ i: '9007199254740993', d: '1e5' })).errors).toEqual({
      i: ['Enter a whole number.'],
      d: ['Enter a number.'],
    });
    expect((await nums.parse({ i: '-7', d: '-.5' })).data).toEqual({ i: -7, d: -0.5 });
  });

  test('a file where text is expected is a field error', async () => {
    const result = await everything.parse(form([['name', new File(['x'], 'x.txt')]]));
    expect(result.errors.name).toEqual(['Expected text, not a file.']);
  });
});

describe('validators', () => {
  test('required, length, pattern, range, equal-to', async () => {
    const signup = defineForm({
      username: f.text({ required: true, length: { min: 3, max: 5 }, pattern: /^[a-z]+$/ }),
      password: f.password({ required: true, length: { min: 4 } }),
      confirm: f.password({ required: true, equalTo: 'password', label: 'Repeat' }),
      age: f.integer({ range: { min: 18, max: 130 } }),
      day: f.date({ range: { min: '2020-01-01', max: new Date(Date.UTC(2020, 11, 31)) } }),
      picks: f.multiSelect(['a', 'b', 'c'], { count: { min: 2, max: 2 } }),
    });
    expect((await signup.parse({})).errors).toEqual({
      username: ['This field is required.'],
      password: ['This field is required.'],
      confirm: ['This field is required.'],
      picks: ['Choose at least 2.'],
    });
    const bad = await signup.parse({
      username: 'ab',
      password: 'abc',
      confirm: 'abd',
      age: '17',
      day: '2021-01-01',
      picks: ['a', 'b', 'c'],
    });
    expect(bad.errors).toEqual({
      username: ['Must be at least 3 characters long.'],
      password: ['Must be at least 4 characters long.'],
      confirm: ['Must match Password.'],
      age: ['Must be at least 18.'],
      day: ['Must be at most 2020-12-31.'],
      picks: ['Choose at most 2.'],
    });
    const more = await signup.parse({
      username: 'abcdef',
      password: 'abcd',
      confirm: 'abcd',
      age: '131',
      day: '2019-12-31',
    });
    expect(more.errors).toMatchObject({
      username: ['Must be at most 5 characters long.'],
      age: ['Must be at most 130.'],
      day: ['Must be at least 2020-01-01.'],
    });
    expect((await signup.parse({ username: 'ABC' })).errors.username).toEqual(['Invalid format.']);
    const good = await signup.parse({
      username: 'ada',
      password: 'abcd',
      confirm: 'abcd',
      age: '36',
      day: '2020-06-01',
      picks: ['a', 'c'],
    });
    expect(good.ok).toBe(true);
  });

  test('length counts characters, not UTF-16 units', async () => {
    const short = defineForm({ s: f.text({ length: { max: 2 } }) });
    expect((await short.parse({ s: '😀😀' })).ok).toBe(true);
  });

  test('a required checkbox must be ticked', async () => {
    const terms = defineForm({ agree: f.boolean({ required: true }) });
    expect((await terms.parse({ agree: 'off' })).errors).toEqual({ agree: ['This box must be ticked.'] });
    expect((await terms.parse({ agree: 'on' })).data).toEqual({ agree: true });
  });

  test('custom validators, sync and async, return a message or throw ValidationError', async () => {
    const taken = new Set(['ada']);
    const signup = defineForm({
      username: f.text({
        required: true,
        validate: [
          (name) => (name === 'root' ? 'Reserved.' : undefined),
          async (name) => {
            await new Promise((r) => setTimeout(r, 1));
            if (taken.has(name)) throw new ValidationError(`"${name}" is taken.`);
          },
        ],
      }),
    });
    expect((await signup.parse({ username: 'root' })).errors).toEqual({ username: ['Reserved.'] });
    expect((await signup.parse({ username: 'ada' })).errors).toEqual({ username: ['"ada" is taken.'] });
    expect((await signup.parse({ username: 'bob' })).ok).toBe(true);
  });

  test('an error thrown by a validator that is not a ValidationError propagates', async () => {
    const broken = defineForm({
      x: f.text({
        validate: () => {
          throw new Error('bug');
        },
      }),
    });
    await expect(broken.parse({ x: 'a' })).rejects.toThrow('bug');
  });

  test('form-wide checks run once every field passed', async () => {
    const range = defineForm(
      { from: f.integer({ required: true }), to: f.integer({ required: true }) },
      {
        validate: (data, ctx) => {
          expectTypeOf(data).toEqualTypeOf<{ from: number; to: number }>();
          if (data.to - data.from > 10) ctx.error('to', 'At most 10 apart.');
          return data.from > data.to ? 'From must come before to.' : undefined;
        },
      },
    );
    expect((await range.parse({ from: '5', to: '1' })).formErrors).toEqual(['From must come before to.']);
    expect((await range.parse({ from: '1', to: '50' })).errors).toEqual({ to: ['At most 10 apart.'] });
    expect((await range.parse({ from: 'x', to: '1' })).formErrors).toEqual([]);
    expect((await range.parse({ from: '1', to: '2' })).ok).toBe(true);
  });
});

describe('messages', () => {
  test('per field, per form, with placeholders and functions (i18n)', async () => {
    const fr = defineForm(
      {
        nom: f.text({ required: true, messages: { required: 'Le {label} est obligatoire.' } }),
        age: f.integer({ range: { min: 18 } }),
      },
      { messages: { range_min: (p) => `Au moins ${p.min}.`, required: 'Requis.' } },
    );
    expect((await fr.parse({ age: '3' })).errors).toEqual({
      nom: ['Le Nom est obligatoire.'],
      age: ['Au moins 18.'],
    });
    expect(Object.isFrozen(DEFAULT_MESSAGES)).toBe(true);
  });

  test('app-wide overrides come from the FORMS_MESSAGES config key, below the form and field ones', async () => {
    const app = new Flagon({
      staticFolder: null,
      templateFolder: null,
      config: { FORMS_MESSAGES: { required: 'Pflichtfeld.', integer: 'Ganze Zahl, bitte.' } },
    });
    const form = defineForm(
      { a: f.text({ required: true }), b: f.integer({ required: true }), c: f.integer() },
      { messages: { integer: 'Form says: whole number.' } },
    );
    app.post('/', async function index(c) {
      return { errors: (await form.validate(c)).errors };
    });
    const res = await app.testClient().post('/', { form: { c: 'x' } });
    expect(res.json()).toEqual({
      errors: { a: ['Pflichtfeld.'], b: ['Pflichtfeld.'], c: ['Form says: whole number.'] },
    });
  });
});

describe('hostile input', () => {
  const profile = defineForm(
    { name: f.text({ required: true }), tags: f.multiSelect(['a', 'b']) },
    { maxFieldLength: 100 },
  );

  test('a single-valued field sent twice is a field error', async () => {
    const result = await profile.parse(new URLSearchParams('name=a&name=b'));
    expect(result.errors).toEqual({ name: ['This field was sent more than once.'] });
  });

  test('oversized values are field errors', async () => {
    const result = await profile.parse({ name: 'x'.repeat(101) });
    expect(result.errors).toEqual({ name: ['The value is too long.'] });
  });

  test('unexpected fields are ignored, prototype keys too', async () => {
    const result = await profile.parse(
      new URLSearchParams('name=a&isAdmin=1&__proto__=x&constructor=y&csrf_token=t'),
    );
    expect(result.ok).toBe(true);
    expect(result.data).toEqual({ name: 'a', tags: [] });
    expect(Object.keys(result.values)).toEqual(['name']);
  });
});

describe('Standard Schema', () => {
  test('a whole form from zod: typed data, issues by field, form-wide issues', async () => {
    const schema = z
      .object({
        email: z.email(),
        age: z.coerce.number().int().min(18),
        password: z.string().min(4),
        confirm: z.string(),
      })
      .refine((d) => d.password === d.confirm, { message: 'Passwords differ.' });
    const signup = defineForm(schema);
    const bad = await signup.parse({
      email: 'nope',
      age: '12',
      password: 'abcd',
      confirm: 'abcd',
      extra: '1',
    });
    expect(bad.ok).toBe(false);
    expect(Object.keys(bad.errors).sort()).toEqual(['age', 'email']);
    const differ = await signup.parse({ email: 'a@b.co', age: '20', password: 'abcd', confirm: 'x' });
    expect(differ.formErrors).toEqual(['Passwords differ.']);
    const good = await signup.parse({ email: 'a@b.co', age: '20', password: 'abcd', confirm: 'abcd' });
    expect(good.ok).toBe(true);
    if (good.ok) {
      expectTypeOf(good.data).toEqualTypeOf<{
        email: string;
        age: number;
        password: string;
        confirm: string;
      }>();
      expect(good.data.age).toBe(20);
    }
  });

  test('a schema form survives hostile names (constructor, __proto__)', async () => {
    const loose = defineForm(z.object({ a: z.string().optional() }), { maxFieldLength: 5 });
    const result = await loose.parse(new URLSearchParams('constructor=xxxxxxxx&__proto__=1&toString=2'));
    expect(result.errors).toEqual({ constructor: ['The value is too long.'] });
    expect(String(result.field('constructor').label())).toBe('<label for="constructor">Constructor</label>');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('single fields from zod and valibot mix with built-in ones', async () => {
    const mixed = defineForm({
      zip: f.schema(z.string().regex(/^\d{5}$/, 'Five digits.')),
      count: f.schema(v.pipe(v.string(), v.transform(Number), v.number(), v.minValue(1, 'At least one.'))),
      tags: f.schema(z.array(z.string()).max(2, 'Two at most.'), { multiple: true }),
      name: f.text(),
    });
    const bad = await mixed.parse(new URLSearchParams('zip=123&count=0&tags=a&tags=b&tags=c'));
    expect(bad.errors).toEqual({ zip: ['Five digits.'], count: ['At least one.'], tags: ['Two at most.'] });
    const good = await mixed.parse(new URLSearchParams('zip=12345&count=3&tags=a'));
    expect(good.ok).toBe(true);
    if (good.ok) {
      expectTypeOf(good.data).toEqualTypeOf<{
        zip: string;
        count: number;
        tags: string[];
        name: string | undefined;
      }>();
      expect(good.data).toEqual({ zip: '12345', count: 3, tags: ['a'], name: undefined });
    }
  });
});
