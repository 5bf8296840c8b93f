// Checks of what `changeset version` and `changeset publish` produced: versions and CHANGELOGs
// in the clone, then each package as the registry serves it — its version tagged latest, ranges
// on the other Flagon packages that are real semver ranges of the released versions, and every
// file its package.json points at present in the tarball.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mustRun, RehearsalError } from './process.mjs';

const DEPENDENCY_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies'];

/** The workspace's packages as pnpm lists them: `{ name, version, path, private }`. */
export async function workspacePackages(clone, env) {
  const { stdout } = await mustRun('pnpm', ['ls', '-r', '--depth', '-1', '--json'], { cwd: clone, env });
  return JSON.parse(stdout)
    .filter((pkg) => pkg.path !== clone)
    .map((pkg) => ({ ...pkg, manifest: JSON.parse(readFileSync(join(pkg.path, 'package.json'), 'utf8')) }));
}

/**
 * Problems a publish would have before it runs: a public package that depends on a private
 * one (it would not be on the registry), or that has no `files` and would ship its sources.
 */
export function checkPublishable(packages) {
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));
  const problems = [];
  for (const pkg of packages.filter((p) => !p.private)) {
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const name of Object.keys(pkg.manifest[field] ?? {})) {
        if (byName.get(name)?.private) {
          problems.push(
            `${pkg.name} lists the private package ${name} in ${field}: it is never published, so installing ${pkg.name} would fail. Make ${name} public or bundle it.`,
          );
        }
      }
    }
    if (!Array.isArray(pkg.manifest.files))
      problems.push(`${pkg.name} has no "files" in package.json: it would publish everything in its folder.`);
  }
  if (problems.length > 0) throw new RehearsalError(problems.join('\n'));
}

/**
 * After `changeset version`: each package whose version changed has a CHANGELOG.md with a
 * section for it, and no changeset is left.
 */
export function checkVersioned(clone, before, after) {
  const problems = [];
  for (const pkg of after.filter((p) => !p.private)) {
    const old = before.find((p) => p.name === pkg.name)?.version;
    if (old === pkg.version) continue;
    const changelog = join(pkg.path, 'CHANGELOG.md');
    if (!existsSync(changelog)) problems.push(`${pkg.name} ${old} → ${pkg.version} has no CHANGELOG.md`);
    else if (!readFileSync(changelog, 'utf8').includes(`## ${pkg.version}\n`)) {
      problems.push(`${pkg.name}'s CHANGELOG.md has no "## ${pkg.version}" section`);
    }
  }
  problems.push(...staleDevRanges(before, after));
  const left = pendingChangesets(clone);
  if (left.length > 0) problems.push(`changesets left after changeset version: ${left.join(', ')}`);
  if (problems.length > 0) throw new RehearsalError(problems.join('\n'));
}

/** Whether `^base` includes `version` (both plain x.y.z; a prerelease is never included). */
export function caretIncludes(base, version) {
  const [a, b, c] = base.split('.').map(Number);
  const [x, y, z] = version.split('.').map(Number);
  if (version.includes('-') || x !== a) return false;
  if (a > 0) return y > b || (y === b && z >= c);
  if (b > 0) return y === b && z >= c;
  return y === 0 && z === c;
}

/**
 * A package that is not released again keeps, on the registry, the ranges it was published
 * with. For dependencies changesets bumps it when a range would go stale, but not for
 * devDependencies — and create-flagon writes its devDependencies' ranges into new projects. So
 * when such a range no longer includes the released version, the package needs a changeset.
 */
function staleDevRanges(before, after) {
  const old = new Map(before.map((p) => [p.name, p.version]));
  const now = new Map(after.map((p) => [p.name, p.version]));
  const problems = [];
  for (const pkg of after.filter((p) => !p.private && old.get(p.name) === p.version)) {
    for (const [name, spec] of Object.entries(pkg.manifest.devDependencies ?? {})) {
      const was = old.get(name);
      if (spec !== 'workspace:^' || was === undefined || was === now.get(name)) continue;
      if (!caretIncludes(was, now.get(name))) {
        problems.push(
          `${pkg.name} is not released, so its published devDependencies keep ${name}@^${was}, which excludes the released ${now.get(name)}: add a changeset for ${pkg.name}.`,
        );
      }
    }
  }
  return problems;
}

/** The changeset files waiting in `.changeset/`. */
export function pendingChangesets(clone) {
  const folder = join(clone, '.changeset');
  if (!existsSync(folder)) return [];
  return readdirSync(folder).filter((file) => file.endsWith('.md') && file !== 'README.md');
}

/**
 * Writes a changeset that releases every public package as a patch, for a rehearsal with none
 * pending (right after a release): the versions and CHANGELOGs still come out of
 * `changeset version`.
 */
export function writeRehearsalChangeset(clone, packages) {
  const lines = packages.filter((p) => !p.private).map((p) => `'${p.name}': patch`);
  writeFileSync(
    join(clone, '.changeset', 'release-rehearsal.md'),
    `---\n${lines.join('\n')}\n---\nRelease rehearsal.\n`,
  );
}

/** What a `workspace:` range becomes when pnpm publishes a package depending on `version`. */
export function publishedRange(spec, version) {
  const rest = spec.slice('workspace:'.length);
  if (rest === '^' || rest === '~') return `${rest}${version}`;
  if (rest === '*' || rest === '') return version;
  return rest;
}

/** The packument of `name` from the registry at `url`. */
async function packument(url, name) {
  const response = await fetch(`${url}${name.replace('/', '%2f')}`);
  if (!response.ok)
    throw new RehearsalError(`GET ${url}${name} answered ${response.status}: ${name} was not published`);
  return response.json();
}

/** Every file path that package.json's `exports`, `main`, `types` and `bin` point at. */
function pointedFiles(manifest) {
  const files = new Set();
  const walk = (value) => {
    if (typeof value === 'string') {
      if (value.startsWith('./') && !value.includes('*')) files.add(value.slice(2));
    } else if (value && typeof value === 'object') {
      for (const inner of Object.values(value)) walk(inner);
    }
  };
  walk(manifest.exports);
  for (const field of ['main', 'types', 'module'])
    if (manifest[field]) files.add(manifest[field].replace(/^\.\//, ''));
  for (const bin of typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {})) {
    files.add(bin.replace(/^\.\//, ''));
  }
  return [...files];
}

/**
 * Checks each public package as the registry at `url` serves it, and returns a one-line summary
 * per package.
 */
export async function checkPublished(url, packages, folder) {
  const published = packages.filter((p) => !p.private);
  const versions = new Map(published.map((p) => [p.name, p.version]));
  const problems = [];
  const lines = [];
  for (const pkg of published) {
    const doc = await packument(url, pkg.name);
    const manifest = doc.versions?.[pkg.version];
    if (!manifest) {
      problems.push(
        `${pkg.name}@${pkg.version} is not on the registry (it has ${Object.keys(doc.versions ?? {}).join(', ')})`,
      );
      continue;
    }
    if (doc['dist-tags']?.latest !== pkg.version) {
      problems.push(`${pkg.name}: latest is ${doc['dist-tags']?.latest}, not ${pkg.version}`);
    }
    const ranges = [];
    for (const field of DEPENDENCY_FIELDS) {
      for (const [name, source] of Object.entries(pkg.manifest[field] ?? {})) {
        const got = manifest[field]?.[name];
        if (typeof got === 'string' && got.startsWith('workspace:')) {
          problems.push(`${pkg.name} was published with ${field}.${name} = "${got}"`);
          continue;
        }
        if (!source.startsWith('workspace:')) continue;
        const target = versions.get(name);
        if (!target) continue;
        const want = publishedRange(source, target);
        if (got !== want)
          problems.push(
            `${pkg.name}: ${field}.${name} is "${got}", expected "${want}" (${name} is released as ${target})`,
          );
        else if (field !== 'devDependencies') ranges.push(`${name}@${got}`);
      }
    }
    const tarball = join(folder, `${pkg.name.replace('/', '-')}-${pkg.version}.tgz`);
    const response = await fetch(manifest.dist.tarball);
    if (!response.ok) {
      problems.push(`${pkg.name}: GET ${manifest.dist.tarball} answered ${response.status}`);
      continue;
    }
    writeFileSync(tarball, Buffer.from(await response.arrayBuffer()));
    const { stdout } = await mustRun('tar', ['-tzf', tarball]);
    const contents = new Set(stdout.split('\n').map((line) => line.replace(/^package\//, '')));
    for (const file of pointedFiles(manifest)) {
      if (!contents.has(file))
        problems.push(
          `${pkg.name}@${pkg.version}: package.json points at ${file}, which is not in the tarball`,
        );
    }
    for (const file of ['package.json', 'README.md']) {
      if (!contents.has(file)) problems.push(`${pkg.name}@${pkg.version}: the tarball has no ${file}`);
    }
    lines.push(
      `${pkg.name}@${pkg.version} (${contents.size - 1} files)${ranges.length ? ` → ${ranges.join(', ')}` : ''}`,
    );
  }
  if (problems.length > 0) throw new RehearsalError(problems.join('\n'));
  return lines;
}
