// Quick check of find(pk) speed: `pnpm --filter @flagon/orm build && node scripts/bench-find.ts`.
// Compares Flagon's find() with Kysely's builder on the stock SqliteDialect and with a raw
// better-sqlite3 prepared statement (awaited). Not a test: timings vary by machine.
import Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { column as c, createDatabase, table } from '../dist/index.js';

const N = Number(process.env.N ?? 200_000);
const users = table('user', {
  id: c.integer().primaryKey().autoIncrement(),
  name: c.text(),
  active: c.boolean(),
});
const db = await createDatabase('sqlite::memory:', { tables: { users } });
await db.createAll();
for (let i = 0; i < 1000; i++) await db.users.create({ name: `u${i}`, active: i % 2 === 0 });

const raw = new Sqlite(':memory:');
raw.exec(
  'create table user (id integer primary key autoincrement, name text not null, active integer not null)',
);
const ins = raw.prepare('insert into user (name, active) values (?, ?)');
for (let i = 0; i < 1000; i++) ins.run(`u${i}`, i % 2);
const stmt = raw.prepare('select * from user where id = ? limit 1');
const stock = new Kysely<{ user: { id: number; name: string; active: number } }>({
  dialect: new SqliteDialect({ database: raw }),
});

async function time(name: string, fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20_000; i++) await fn(i);
  const start = performance.now();
  for (let i = 0; i < N; i++) await fn(i);
  const ms = performance.now() - start;
  const ops = Math.round((N / ms) * 1000);
  console.log(`${name.padEnd(34)} ${ops.toLocaleString().padStart(12)} ops/s`);
  return ops;
}

// Kysely's stock dialect prepares per query and bloats memory, so it runs last.
let rawOps = 0;
let flagonOps = 0;
for (let round = 0; round < 3; round++) {
  rawOps = Math.max(
    rawOps,
    await time('raw better-sqlite3 (awaited)', async (i) => stmt.get((i % 1000) + 1)),
  );
  flagonOps = Math.max(
    flagonOps,
    await time('flagon db.users.find(pk)', (i) => db.users.find((i % 1000) + 1)),
  );
}
const kyselyOps = await time('kysely builder, stock SqliteDialect', (i) =>
  stock
    .selectFrom('user')
    .selectAll()
    .where('id', '=', (i % 1000) + 1)
    .executeTakeFirst(),
);
console.log(`find / kysely = ${(flagonOps / kyselyOps).toFixed(2)}x (want >= 2)`);
console.log(`find / raw    = ${(flagonOps / rawOps).toFixed(2)}x (want >= 0.8)`);
console.log(`rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
await db.close();
await stock.destroy();
