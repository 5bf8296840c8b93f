import { Flagon } from '@flagon/core';
import { describe, expect, test } from 'vitest';
import { csrf, csrfToken, defineForm, fields as f } from '../src/index.ts';

const upload = defineForm({
  title: f.text({ required: true }),
  avatar: f.file({ required: true, maxSize: 1024, types: ['image/png', 'image/jpeg'] }),
  attachment: f.file({ types: ['.pdf', 'text/*'], messages: { file_type: 'PDF or text only.' } }),
});

const png = (size: number, name = 'a.png') => new File([new Uint8Array(size)], name, { type: 'image/png' });

function body(entries: [string, string | File][]): FormData {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
}

describe('file uploads', () => {
  test('size and type limits are field errors', async () => {
    const big = await upload.parse(
      body([
        ['title', 't'],
        ['avatar', png(1025)],
      ]),
    );
    expect(big.errors).toEqual({ avatar: ['The file must be at most 1 KB.'] });
    const gif = await upload.parse(
      body([
        ['title', 't'],
        ['avatar', new File(['GIF89a'], 'a.gif', { type: 'image/gif' })],
        ['attachment', new File(['x'], 'x.exe', { type: 'application/octet-stream' })],
      ]),
    );
    expect(gif.errors).toEqual({
      avatar: ['The file must be one of: image/png, image/jpeg.'],
      attachment: ['PDF or text only.'],
    });
  });

  test('files within the limits pass, by media type, wildcard or extension', async () => {
    const ok = await upload.parse(
      body([
        ['title', 't'],
        ['avatar', png(1024)],
        ['attachment', new File(['%PDF'], 'Report.PDF', { type: '' })],
      ]),
    );
    expect(ok.ok).toBe(true);
    const text = await upload.parse(
      body([
        ['title', 't'],
        ['avatar', png(1)],
        ['attachment', new File(['x'], 'a.csv', { type: 'text/csv' })],
      ]),
    );
    expect(text.ok).toBe(true);
    if (text.ok) expect(text.data.avatar.size).toBe(1);
  });

  test('a missing required file, an empty file input, and two files are errors', async () => {
    expect((await upload.parse(body([['title', 't']]))).errors).toEqual({
      avatar: ['This field is required.'],
    });
    expect(
      (
        await upload.parse(
          body([
            ['title', 't'],
            ['avatar', new File([], '')],
          ]),
        )
      ).errors,
    ).toEqual({
      avatar: ['This field is required.'],
    });
    expect(
      (
        await upload.parse(
          body([
            ['title', 't'],
            ['avatar', png(1)],
            ['avatar', png(2)],
          ]),
        )
      ).errors,
    ).toEqual({
      avatar: ['This field was sent more than once.'],
    });
  });

  test('over HTTP: a multipart upload with CSRF; a too-large body is a 413 and nothing is written', async () => {
    const app = new Flagon({
      staticFolder: null,
      templateFolder: null,
      config: { SECRET_KEY: 's', MAX_CONTENT_LENGTH: 4096 },
    });
    app.use(csrf());
    const saved: string[] = [];
    app.get('/token', async function token(c) {
      return { token: await csrfToken(c) };
    });
    app.post('/upload', async function uploadView(c) {
      const form = await upload.validate(c);
      if (!form.ok) return [{ errors: form.errors }, 422];
      saved.push(`${form.data.title}:${form.data.avatar.name}:${form.data.avatar.size}`);
      return { saved: true };
    });
    const client = app.testClient();
    const { token } = (await client.get('/token')).json<{ token: string }>();
    const good = await client.post('/upload', { form: { csrf_token: token, title: 'me', avatar: png(100) } });
    expect(good.status).toBe(200);
    const wrong = await client.post('/upload', {
      form: { csrf_token: token, title: 'me', avatar: new File(['x'], 'x.svg', { type: 'image/svg+xml' }) },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.json()).toEqual({ errors: { avatar: ['The file must be one of: image/png, image/jpeg.'] } });
    // Sent as bytes: core cancels a FormData-backed body stream at the limit, and undici then throws
    // an unhandled ERR_INVALID_STATE (a core issue, reported); bytes take the same path cleanly.
    const multipart = new Response(
      body([
        ['csrf_token', token],
        ['title', 'me'],
        ['avatar', png(5000)],
      ]),
    );
    const huge = await client.post('/upload', {
      body: new Uint8Array(await multipart.arrayBuffer()),
      headers: { 'content-type': multipart.headers.get('content-type') ?? '' },
    });
    expect(huge.status).toBe(413);
    expect(saved).toEqual(['me:a.png:100']);
  });
});

describe('hostile bodies over HTTP', () => {
  function app() {
    const app = new Flagon({ staticFolder: null, templateFolder: null, config: { SECRET_KEY: 's' } });
    app.use(csrf({ enabled: false }));
    const written: unknown[] = [];
    const form = defineForm({ n: f.integer({ required: true }), name: f.text() });
    app.post('/', async function index(c) {
      const result = await form.validate(c);
      if (result.ok) written.push(result.data);
      return result.ok ? 'ok' : [{ errors: result.errors }, 422];
    });
    return { client: app.testClient(), written };
  }

  test('a JSON body that is not an object is a 400; a JSON object is read like a form', async () => {
    const { client, written } = app();
    const list = await client.post('/', { json: [1, 2] });
    expect(list.status).toBe(400);
    expect(list.text).toContain('must be an object');
    const broken = await client.post('/', { body: '{"n":', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    const wrongType = await client.post('/', { json: { n: 'seven', name: { nested: true } } });
    expect(wrongType.status).toBe(422);
    expect(wrongType.json()).toEqual({
      errors: { n: ['Enter a whole number.'], name: ['Expected text, a number or a boolean.'] },
    });
    expect(written).toEqual([]);
    expect((await client.post('/', { json: { n: 7 } })).status).toBe(200);
    expect(written).toEqual([{ n: 7, name: undefined }]);
  });

  test('a malformed multipart body is a 400 and nothing is written', async () => {
    const { client, written } = app();
    const res = await client.post('/', {
      body: '--x\r\nContent-Disposition: form-data; name="n"\r\n\r\n1',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    });
    expect(res.status).toBe(400);
    expect(written).toEqual([]);
  });

  test('a body of another type gives required errors, not a crash', async () => {
    const { client, written } = app();
    const res = await client.post('/', { body: 'n=1', headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(422);
    expect(written).toEqual([]);
  });
});
