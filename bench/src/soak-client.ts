// The soak's load: autocannon at a fixed overall rate, cycling through the endpoints.
// Usage: node src/soak-client.ts <base-url> <rate> <seconds> [cookie]

import autocannon from 'autocannon';
import { PATHS } from './data.ts';

const [base, rate, seconds, cookie] = process.argv.slice(2);
const result = await autocannon({
  url: base as string,
  connections: 10,
  overallRate: Number(rate),
  duration: Number(seconds),
  headers: cookie ? { cookie } : {},
  requests: Object.values(PATHS).map((path) => ({ method: 'GET' as const, path })),
});
process.stdout.write(
  `${JSON.stringify({ requests: result.requests.total, rps: result.requests.average, non2xx: result.non2xx, errors: result.errors, p99: result.latency.p99 })}\n`,
);
