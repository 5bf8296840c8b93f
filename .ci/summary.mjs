// Sums vitest's JSON reports (one per package) into the lines CI reads.
//   node .ci/summary.mjs --save NAME   counts the reports now in the tree as run NAME
//                                      (.ci/reports/NAME.json) and prints its line;
//   node .ci/summary.mjs               prints each saved run's line, then the total line;
//                                      with no saved run, counts the reports in the tree.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const REPORTS = join('.ci', 'reports');

/** The counts of the vitest reports in the tree now. */
function countTree() {
  const counts = { passed: 0, failed: 0, skipped: 0 };
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
      for (const key of Object.keys(total)) total[key] += counts[key];
    }
    console.log(line(total));
  }
}
