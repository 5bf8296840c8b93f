// Queries: one row by primary key, and 50 posts with their authors, through raw better-sqlite3,
// Kysely's builder on the stock SqliteDialect, and @flagon/orm.

import { createFixtures, POSTS_PAGE } from '../fixtures.ts';
import { openKyselyDb } from '../servers/kysely-db.ts';
import { openRawDb } from '../servers/raw-db.ts';
import { emit, type MicroResult, measure, microOptions } from './harness.ts';

export async function queryBenchmarks(options = microOptions()): Promise<MicroResult[]> {
  const fixtures = createFixtures();
  try {
    const raw = openRawDb(fixtures.path);
    const kysely = openKyselyDb(fixtures.path);
    const out: MicroResult[] = [];
    let id = 0;
    const nextId = () => (id = (id % 10_000) + 1);
    const expectedPosts = JSON.stringify(raw.postsWithAuthors());
    const check = async (name: string, value: unknown) => {
      if (JSON.stringify(await value) !== expectedPosts)
        throw new Error(`${name}: posts differ from the raw JOIN`);
    };
    await check('kysely loop', kysely.postsLoop());
    await check('kysely join', kysely.postsJoin());

    out.push(await measure('find by id', 'raw better-sqlite3 (prepared)', () => raw.user(nextId()), options));
    // The ORM's target is against the same statement awaited, as a caller of an async API pays.
    out.push(
      await measure(
        'find by id',
        'raw better-sqlite3 (prepared, awaited)',
        async () => raw.user(nextId()),
        options,
        'the target for find(): >= 0.8x this',
      ),
    );
    const orm = await flagonOrm(fixtures.path);
    if (orm) {
      out.push(await measure('find by id', '@flagon/orm find()', () => orm.find(nextId()), options));
      out.push(
        await measure(
          'find by id',
          '@flagon/orm find() inside db.track()',
          () => orm.findTracked(nextId()),
          options,
          'a unit of work, as db.extension() opens per request',
        ),
      );
      await check('flagon eager', orm.posts());
    }
    // Kysely's stock dialect prepares a statement per query and leaves native memory for the
    // finalizers: measured last, so that its garbage does not slow the measurements above.
    out.push(
      await measure(
        'find by id',
        'Kysely builder, stock SqliteDialect',
        () => kysely.user(nextId()),
        options,
      ),
    );
    out.push(
      await measure(
        `${POSTS_PAGE} posts + authors`,
        'one JOIN, raw better-sqlite3',
        () => raw.postsWithAuthors(),
        options,
        '1 query',
      ),
    );
    out.push(
      await measure(
        `${POSTS_PAGE} posts + authors`,
        'one JOIN, Kysely builder',
        () => kysely.postsJoin(),
        options,
        '1 query',
      ),
    );
    out.push(
      await measure(
        `${POSTS_PAGE} posts + authors`,
        '51 queries, Kysely builder',
        () => kysely.postsLoop(),
        options,
        `${POSTS_PAGE + 1} queries`,
      ),
    );
    if (orm) {
      const n = await orm.countPostsQueries();
      out.push(
        await measure(
          `${POSTS_PAGE} posts + authors`,
          "@flagon/orm .with('author')",
          () => orm.posts(),
          options,
          `${n} queries (counted)`,
        ),
      );
      process.stderr.write(`flagonPostsQueries=${n}\n`);
    }
    await kysely.db.destroy();
    if (orm) await orm.close();
    return out;
  } finally {
    fixtures.dispose();
  }
}

async function flagonOrm(path: string) {
  try {
    const { openFlagonOrm } = await import('../flagon-orm.ts');
    return await openFlagonOrm(path);
  } catch (error) {
    process.stderr.write(`@flagon/orm skipped: ${(error as Error).message}\n`);
    return undefined;
  }
}

if (import.meta.main) emit(await queryBenchmarks());
