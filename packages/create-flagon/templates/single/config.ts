// Settings for every machine. Secrets do not belong here: put them in instance/config.ts
// (not in version control) or in __ENV_PREFIX___* environment variables.
export default {
  MESSAGES_PER_PAGE: 20,
};
