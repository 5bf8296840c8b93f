// Flagon core alone: the app, its route table and converters, served by listen().

import { Flagon } from '@flagon/core';
import { listen } from '@flagon/core/node';
import { userJson } from '../data.ts';
import { HOST, PORT, SECRET_KEY } from './common.ts';

const app = new Flagon({ staticFolder: null, templateFolder: null, config: { SECRET_KEY } });

app.get('/plaintext', function plaintext(c) {
  return c.text('Hello, World!');
});
app.get('/users/<int:id>', function user(c) {
  return userJson(c.params.id);
});

await listen(app, { port: PORT, host: HOST });
