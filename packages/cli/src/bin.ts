#!/usr/bin/env node
import { main } from './main.ts';

const result = await main(process.argv.slice(2));
if (result !== 'serving') {
  process.exitCode = result;
  // Apps may hold database pools or timers open; a finished command ends the process.
  await new Promise((resolve) => process.stdout.write('', resolve));
  process.exit(result);
}
