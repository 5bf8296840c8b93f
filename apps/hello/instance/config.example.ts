// Copy to instance/config.ts (git-ignored): it overrides config.ts on this machine.
export default {
  // node -e "console.log(crypto.randomBytes(32).toString('hex'))"
  SECRET_KEY: 'replace-me-with-a-long-random-value',
  GREETING: 'Howdy',
};
