// Raw node:http: the limit. Routing by hand, hand-written template literal and SQL.

import { createServer, type ServerResponse } from 'node:http';
import { PAGE_DATA, pageLiteral, userJson } from '../data.ts';
import { DB_PATH, HOST, PORT } from './common.ts';
import { openRawDb } from './raw-db.ts';

const db = openRawDb(DB_PATH);

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
const JSON_TYPE = 'application/json';
const notFound = (res: ServerResponse) => send(res, 404, 'text/plain', 'Not Found');

createServer((req, res) => {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (path === '/plaintext') return send(res, 200, 'text/plain; charset=utf-8', 'Hello, World!');
  if (path === '/page') return send(res, 200, 'text/html; charset=utf-8', pageLiteral(PAGE_DATA));
  if (path === '/posts') return send(res, 200, JSON_TYPE, JSON.stringify(db.postsWithAuthors()));
  let m = /^\/users\/([0-9]+)$/.exec(path);
  if (m) return send(res, 200, JSON_TYPE, JSON.stringify(userJson(Number(m[1]))));
  m = /^\/db\/([0-9]+)$/.exec(path);
  if (m) {
    const row = db.user(Number(m[1]));
    return row ? send(res, 200, JSON_TYPE, JSON.stringify(row)) : notFound(res);
  }
  notFound(res);
}).listen(PORT, HOST);
