// Settings for every machine. Secrets go in instance/config.ts (see instance/config.example.ts)
// or in HELLO_-prefixed environment variables.
import { defineConfig } from '@flagon/config';

export default defineConfig({
  GREETING: 'Hello',
});
