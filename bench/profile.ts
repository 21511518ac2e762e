/**
 * Profiles one run of the benchmark's app with `node --cpu-prof` and prints
 * where its CPU time goes (self time by function and by the group of code it
 * belongs to, and total time of the functions where synth's phases start):
 *
 *   npx ts-node --transpile-only bench/profile.ts [variant] [services]
 *
 * (defaults: `ours`, 1000). The `.cpuprofile` is kept in the system's temp
 * folder, outside the repository; open it in Chrome DevTools or VS Code, or
 * summarize it again with `bench/profile.ts <file>.cpuprofile`.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compileInto } from './_runner';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: number[];
}

interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

/** Milliseconds spent somewhere, with its share of the whole profile. */
export interface Share {
  readonly name: string;
  readonly ms: number;
  readonly percent: number;
}

/** What {@link summarize} finds in a profile. */
export interface ProfileSummary {
  readonly totalMs: number;
  /** Self time by group of code, largest first. */
  readonly groups: Share[];
  /** The functions with the most self time, largest first. */
  readonly functions: Share[];
  /** Total (inclusive) time of the functions of the library, the bench app, cdk8s and cdk8s-plus (not their generated imports) with the most, largest first. */
  readonly inclusive: Share[];
}

/** The groups of code, first match wins: [group, test on `url` and `functionName`]. */
const GROUPS: Array<[string, (url: string, fn: string) => boolean]> = [
  ['GC', (_url, fn) => fn === '(garbage collector)'],
  ['idle / program (V8 outside JS)', (_url, fn) => fn === '(idle)' || fn === '(program)' || fn === '(root)'],
  ['module loading and compiling', url => url.startsWith('node:internal/modules') || url.startsWith('node:internal/vm')],
  ['file system', url => url === 'node:fs' || url.startsWith('node:internal/fs')],
  ['YAML serialization (yaml package)', url => url.includes('/node_modules/yaml/')],
  ['the library\'s YAML writer (src/_yaml-writer)', url => url.includes('/src/_yaml-writer.')],
  ['validation: schema and API server rules (src/validation)', url => url.includes('/src/validation/')],
  ['synth checks: pod security, duplicates, construct checks (src/synth, src/security)', url => url.includes('/src/synth/') || url.includes('/src/security/')],
  ['Helm chart files (src/helm)', url => url.includes('/src/helm/')],
  ['rendering and patches of the library (src/_rendered, _pod-template, overrides, ...)', url => /\/src\/(_[a-z-]+|overrides\/[a-z_-]+)\.js$/.test(url)],
  ['library constructs (other src/)', url => url.includes('/src/')],
  ['JSON patches (fast-json-patch)', url => url.includes('/node_modules/fast-json-patch/')],
  ['cdk8s L1 toJson (k8s.js converters)', url => /\/node_modules\/cdk8s(-plus-27)?\/lib\/imports\//.test(url)],
  ['cdk8s-plus rendering (_toKube)', url => url.includes('/node_modules/cdk8s-plus-27/')],
  ['cdk8s toJson / resolve / Lazy', url => url.includes('/node_modules/cdk8s/lib/')],
  ['construct tree (constructs)', url => url.includes('/node_modules/constructs/')],
  ['other node_modules', url => url.includes('/node_modules/')],
  ['the bench app', url => url.includes('/bench/')],
  ['Node and V8 built-ins', () => true],
];

function groupOf(url: string, fn: string): string {
  return GROUPS.find(([, test]) => test(url, fn))![0];
}

function where(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^file:\/\//, '').replace(/.*\/(node_modules\/|src\/|bench\/)/, '$1');
  return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
}

function top(ms: Map<string, number>, totalMs: number, count: number): Share[] {
  return [...ms.entries()].sort((a, b) => b[1] - a[1]).slice(0, count)
    .map(([name, t]) => ({ name, ms: t / 1000, percent: (100 * t) / totalMs / 1000 }));
}

/** Reads a `.cpuprofile` file and summarizes it. */
export function summarize(file: string, count = 25): ProfileSummary {
  const profile: CpuProfile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const groups = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id)!;
    total += delta;
    self.set(where(node), (self.get(where(node)) ?? 0) + delta);
    const group = groupOf(node.callFrame.url, node.callFrame.functionName);
    groups.set(group, (groups.get(group) ?? 0) + delta);
    // each function once per sample, however deep it recurses
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at)!;
      if (!/\/(src\/|bench\/apps|node_modules\/cdk8s(-plus-27)?\/lib\/(?!imports\/))/.test(n.callFrame.url)) continue;
      seen.add(where(n));
    }
    for (const name of seen) inclusive.set(name, (inclusive.get(name) ?? 0) + delta);
  });
  return {
    totalMs: total / 1000,
    groups: top(groups, total / 1000, GROUPS.length),
    functions: top(self, total / 1000, count),
    inclusive: top(inclusive, total / 1000, count),
  };
}

/** Compiles the app, runs it once under the profiler and returns the profile's path. */
export function profileRun(variant: string, services: number): string {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-profile-'));
  try {
    compileInto(path.join(work, 'build'), ['apps.ts', 'child.ts']);
    const profiles = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-cpuprofile-'));
    execFileSync(process.execPath, [
      '--cpu-prof', '--cpu-prof-dir', profiles, `--cpu-prof-name=${variant}-${services}.cpuprofile`,
      path.join(work, 'build', 'bench', 'child.js'), variant, String(services), path.join(work, 'out'),
    ], { stdio: ['ignore', 'ignore', 'inherit'] });
    return path.join(profiles, `${variant}-${services}.cpuprofile`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function lines(title: string, shares: Share[]): string[] {
  return [title, ...shares.map(s => `  ${s.ms.toFixed(0).padStart(7)} ms ${s.percent.toFixed(1).padStart(5)}%  ${s.name}`)];
}

/** The summary as text, a line each. */
export function formatSummary(summary: ProfileSummary): string {
  return [
    `profile: ${summary.totalMs.toFixed(0)} ms sampled`,
    ...lines('self time by group:', summary.groups),
    ...lines('functions with the most self time:', summary.functions),
    ...lines('functions with the most total time (the library, the bench app, cdk8s and cdk8s-plus but their generated imports):', summary.inclusive),
  ].join('\n');
}

if (require.main === module) {
  const [first, second] = process.argv.slice(2);
  if (first?.endsWith('.cpuprofile')) {
    console.log(formatSummary(summarize(first)));
  } else {
    const file = profileRun(first ?? 'ours', Number(second ?? 1000));
    console.log(`${first ?? 'ours'}, ${second ?? 1000} services: ${file}`);
    console.log(formatSummary(summarize(file)));
  }
}
