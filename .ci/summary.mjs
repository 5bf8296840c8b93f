// Sums vitest's JSON reports (one per package) into the lines CI reads.
//   node .ci/summary.mjs --save NAME   counts the reports now in the tree as run NAME
//                                      (.ci/reports/NAME.json) and prints its line;
//   node .ci/summary.mjs               prints each saved run's line, then the total line;
//                                      with no saved run, counts the reports in the tree.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const REPORTS = join('.ci', 'reports');

/** The first line of a failure message, without the colour codes vitest leaves in it. */
const firstLine = (message) =>
  stripVTControlCharacters(String(message ?? ''))
    .split('\n')
    .find((text) => text.trim() !== '') ?? '';

/** The counts of the vitest reports in the tree now, with the name and first error line of each failure. */
function countTree() {
  const counts = { passed: 0, failed: 0, skipped: 0, failures: [] };
  for (const group of ['packages', 'apps', 'bench']) {
    if (!existsSync(group)) continue;
    const dirs = group === 'bench' ? ['.'] : readdirSync(group);
    for (const dir of dirs) {
      const file = join(group, dir, 'test-results.json');
      if (!existsSync(file)) continue;
      const report = JSON.parse(readFileSync(file, 'utf8'));
      counts.passed += report.numPassedTests ?? 0;
      counts.failed += report.numFailedTests ?? 0;
      counts.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
      for (const suite of report.testResults ?? []) {
        const where = join(group, dir, suite.name ? suite.name.split(`/${group}/${dir}/`).pop() : '');
        const failed = (suite.assertionResults ?? []).filter((test) => test.status === 'failed');
        for (const test of failed) {
          counts.failures.push(`${where} > ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
        }
        // A file that failed to load or whose hooks threw has no failed test to carry its message.
        if (suite.status === 'failed' && failed.length === 0) {
          counts.failures.push(`${where}: ${firstLine(suite.message)}`);
        }
      }
    }
  }
  return counts;
}

const line = ({ passed, failed, skipped }) =>
  `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;

const save = process.argv.indexOf('--save');
if (save !== -1) {
  const name = process.argv[save + 1];
  if (!name) throw new Error('--save needs a run name, e.g. --save node-24');
  const counts = countTree();
  mkdirSync(REPORTS, { recursive: true });
  writeFileSync(join(REPORTS, `${name}.json`), JSON.stringify(counts));
  console.log(`${name}: ${line(counts)}`);
  for (const failure of counts.failures) console.log(`  failed: ${failure}`);
} else {
  const runs = existsSync(REPORTS)
    ? readdirSync(REPORTS)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  if (runs.length === 0) console.log(line(countTree()));
  else {
    const total = { passed: 0, failed: 0, skipped: 0 };
    for (const file of runs) {
      const counts = JSON.parse(readFileSync(join(REPORTS, file), 'utf8'));
      console.log(`  ${file.slice(0, -5)}: ${line(counts)}`);
      for (const failure of counts.failures ?? []) console.log(`    failed: ${failure}`);
      for (const key of Object.keys(total)) total[key] += counts[key];
    }
    console.log(line(total));
  }
}
