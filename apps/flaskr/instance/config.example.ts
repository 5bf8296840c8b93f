// Copy to instance/config.ts (git-ignored) and fill in for this machine.
export default {
  // node -e "console.log(crypto.randomBytes(32).toString('hex'))"
  SECRET_KEY: 'replace-me-with-a-long-random-value',
  // DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/flaskr',
  // DATABASE_URL: 'mysql://root@127.0.0.1:3306/flaskr',
  // Sessions in Redis, shared by every `flagon serve` worker and machine:
  // REDIS_URL: 'redis://127.0.0.1:6379/0',
  // On a server, turn off config.ts's development default (and set a real SECRET_KEY above):
  // DEBUG: false,
};
