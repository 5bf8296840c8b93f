// Summarizes a V8 .cpuprofile: the functions with the most self time, and self time by package.

import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  name: string;
  where: string;
  selfPct: number;
}
export interface ProfileSummary {
  totalMs: number;
  top: ProfileLine[];
  /** Flagon functions by total time (self + callees): where Flagon's own layers spend the request. */
  flagonInclusive?: ProfileLine[];
  byPackage: { pkg: string; selfPct: number }[];
}

/** Where a script lives, shortened: `hono/dist/…`, `@flagon/core/dist/…`, `node:internal/…`. */
export function shortUrl(url: string): string {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + '/node_modules/'.length);
  const pkg = /\/packages\/([^/]+)\/(.*)$/.exec(url);
  if (pkg) return `@flagon/${pkg[1]}/${pkg[2]}`;
  const bench = /\/bench\/(src\/.*)$/.exec(url);
  if (bench) return `bench/${bench[1]}`;
  return url.replace(/^file:\/\//, '');
}

function packageOf(where: string, name: string): string {
  if (where === '(native)') {
    if (name === '(garbage collector)') return '(gc)';
    if (name === '(program)' || name === '(idle)') return name;
    return '(native/V8)';
  }
  if (where.startsWith('node:'))
    return where.startsWith('node:internal/deps/undici') ? 'undici (Node fetch API)' : 'node: core';
  if (where.startsWith('@flagon/')) return where.split('/').slice(0, 2).join('/');
  if (where.startsWith('bench/')) return 'bench (app code)';
  const parts = where.split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? where);
}

/** Reads a .cpuprofile and returns its top `n` self-time functions. Idle time is left out. */
export function summarizeProfile(file: string, n = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] as number;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const fns = new Map<string, ProfileLine & { us: number }>();
  const pkgs = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const name = node.callFrame.functionName || '(anonymous)';
    if (name === '(idle)' || node.callFrame.url.startsWith('node:inspector')) continue;
    const where = shortUrl(node.callFrame.url);
    const key = `${name}@${where}:${node.callFrame.lineNumber}`;
    const entry = fns.get(key) ?? {
      name,
      where: node.callFrame.url ? `${where}:${node.callFrame.lineNumber + 1}` : where,
      selfPct: 0,
      us: 0,
    };
    entry.us += us;
    fns.set(key, entry);
    const pkg = packageOf(where, name);
    pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + us);
    total += us;
  }
  const pct = (us: number) => Math.round((us / total) * 1000) / 10;
  // Inclusive time of Flagon functions: walk each sampled stack once, counting each function once.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map<string, ProfileLine & { us: number }>();
  for (const [id, us] of self) {
    const leaf = byId.get(id);
    if (!leaf || leaf.callFrame.functionName === '(idle)' || leaf.callFrame.url.startsWith('node:inspector'))
      continue;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (!node) break;
      const where = shortUrl(node.callFrame.url);
      if (!where.startsWith('@flagon/')) continue;
      const name = node.callFrame.functionName || '(anonymous)';
      const key = `${name}@${where}:${node.callFrame.lineNumber}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = inclusive.get(key) ?? {
        name,
        where: `${where}:${node.callFrame.lineNumber + 1}`,
        selfPct: 0,
        us: 0,
      };
      entry.us += us;
      inclusive.set(key, entry);
    }
  }
  return {
    totalMs: Math.round(total / 1000),
    top: [...fns.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, n)
      .map(({ name, where, us }) => ({ name, where, selfPct: pct(us) })),
    flagonInclusive: [...inclusive.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, 12)
      .map(({ name, where, us }) => ({ name, where, selfPct: pct(us) })),
    byPackage: [...pkgs.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([pkg, us]) => ({ pkg, selfPct: pct(us) })),
  };
}

if (import.meta.main) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node src/profile.ts file.cpuprofile');
  const s = summarizeProfile(file, 25);
  console.log(`total ${s.totalMs} ms (idle excluded)`);
  for (const l of s.top) console.log(`${String(l.selfPct).padStart(5)}%  ${l.name}  ${l.where}`);
  console.log('\nFlagon functions, inclusive:');
  for (const l of s.flagonInclusive ?? [])
    console.log(`${String(l.selfPct).padStart(5)}%  ${l.name}  ${l.where}`);
  console.log('\nby package:');
  for (const p of s.byPackage) console.log(`${String(p.selfPct).padStart(5)}%  ${p.pkg}`);
}
