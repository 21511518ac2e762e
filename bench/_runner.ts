/**
 * Compiles the library and the benchmark's app once, with the swc of the
 * devDependencies, into a temporary folder, so that no measured process
 * spends time compiling TypeScript, and runs measured processes: a compiled
 * run of the app, or any command, timed by the parent from spawn to exit.
 * The folder links `node_modules` and `schemas` back to the repository, so
 * the compiled library loads the same packages and the same OpenAPI
 * document as the sources.
 */
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { transformFileSync } from '@swc/core';
import type { RunResult } from './child';

/** The repository's root folder. */
export const ROOT = path.resolve(__dirname, '..');

/** What the sources are compiled as: the tsconfig's target (ES2022, class fields with define semantics), CommonJS. */
const OPTIONS = {
  jsc: { parser: { syntax: 'typescript' as const }, target: 'es2022' as const, transform: { useDefineForClassFields: true } },
  module: { type: 'commonjs' as const },
  sourceMaps: 'inline' as const,
};

/** The .ts files under a folder of the repository, relative to the repository. */
function sources(folder: string): string[] {
  return fs.readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter(file => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map(file => path.join(folder, file));
}

/**
 * Compiles `src/` and the given bench files into `into` (same layout, `.js`),
 * and returns how many files it compiled.
 */
export function compileInto(into: string, benchFiles: string[]): number {
  const files = [...sources('src'), ...benchFiles.map(file => path.join('bench', file))];
  for (const file of files) {
    const out = path.join(into, file.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, transformFileSync(path.join(ROOT, file), { ...OPTIONS, filename: file }).code);
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(into, 'node_modules'), 'dir');
  fs.symlinkSync(path.join(ROOT, 'schemas'), path.join(into, 'schemas'), 'dir');
  return files.length;
}

/** One run of the app: what the child printed, and the whole process' wall time. */
export interface Sample extends RunResult {
  /** Milliseconds from spawn to exit, measured by the parent. */
  readonly wallMs: number;
  /**
   * CPU milliseconds the machine spent on other processes during the run
   * (all CPUs' busy time from /proc/stat, less the run's own CPU time),
   * roughly: what shared the machine with the run. NaN where /proc/stat is missing.
   */
  readonly othersCpuMs: number;
}

/** CPU milliseconds all CPUs of the machine have been busy (user, nice, system, irq, softirq), from /proc/stat; NaN without it. */
function machineBusyMs(): number {
  try {
    const [user, nice, system, , , irq, softirq] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return ((user + nice + system + irq + softirq) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** What a timed command did. */
export interface Timed {
  readonly wallMs: number;
  readonly stdout: string;
}

/** Runs a command to its end; throws with its output when it fails. */
export function timed(command: string, args: string[], options: SpawnSyncOptions = {}): Timed {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 2 ** 30, ...options });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}):\n${String(result.stderr).slice(-4000)}`);
  }
  return { wallMs, stdout: String(result.stdout) };
}

/**
 * Runs the compiled app of one variant in a new process, into a new `outdir`
 * (deleted first), and returns its sample; a run that takes more than
 * `timeoutMs` is killed, and throws an Error whose `code` is `ETIMEDOUT`.
 */
export function runApp(build: string, nodeFlags: string[], variant: string, services: number, outdir: string, timeoutMs?: number): Sample {
  fs.rmSync(outdir, { recursive: true, force: true });
  const args = [...nodeFlags, path.join(build, 'bench', 'child.js'), variant, String(services), outdir];
  const busy = machineBusyMs();
  const { wallMs, stdout } = timed(process.execPath, args, { timeout: timeoutMs });
  const result: RunResult = JSON.parse(stdout.trim().split('\n').pop()!);
  return { ...result, wallMs, othersCpuMs: Math.max(0, machineBusyMs() - busy - result.cpuMs) };
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
