// What every server reads from its environment.

/** The port to listen on (PORT). */
export const PORT = Number(process.env.PORT ?? 3000);
/** The SQLite fixture (DB_PATH), made by fixtures.ts. */
export const DB_PATH = process.env.DB_PATH ?? '';
/** Loopback only. */
export const HOST = '127.0.0.1';
/** The secret the Flagon apps sign sessions with. */
export const SECRET_KEY = process.env.SECRET_KEY ?? 'bench-secret-key-0123456789abcdef0123456789abcdef';

/** Parses a positive integer id, or returns null. */
export function intId(raw: string | undefined): number | null {
  if (raw === undefined || !/^[0-9]+$/.test(raw)) return null;
  return Number(raw);
}

// Exit cleanly on SIGTERM so that `node --cpu-prof` writes its profile (Flagon's listen() does too).
process.once('SIGTERM', () => process.exit(0));
