/**
 * `npm run bench`: synth performance of this library against raw cdk8s L1
 * constructs and plain cdk8s-plus-27, for an app of N microservices (see
 * bench/apps.ts), and the cold start of `npx cdk8s synth`.
 *
 * Every measured run is a process of its own running the app compiled once
 * beforehand with swc (no TypeScript is compiled while measuring). At each N
 * the variants run in rounds, one after the other (ours, L1, plus, ours +
 * HelmChart, ours, L1, ...), and each ratio is the median of the ratios of
 * the runs of one round. Prints Markdown tables.
 *
 * Environment:
 * - BENCH_QUICK=1: N = 100 and 1,000, 2 rounds, 2 cold-start pairs (for development)
 * - BENCH_SIZES=100,1000: the sizes (default 100,1000,5000,20000)
 * - BENCH_ROUNDS=5: the rounds at each size (default 5)
 * - BENCH_BUDGET_SECONDS=570: the time the whole run may take (default 570,
 *   under 10 minutes). N ≤ 1,000, the cold start and `helm template` always
 *   run in full; above, rounds and variants that would not fit the time left
 *   (or the memory free) are left out, in the order ours + HelmChart,
 *   cdk8s-plus, L1 (see `fits`), and the output says which
 * - BENCH_JSON=<file>: also writes every sample to that file
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { coldApp, coldSynth, prepareColdStart } from './_cold-start';
import {
  BenchResult, coldStartTable, ColdStartResult, exponent, helmTable, HelmTemplateResult, LABELS, medianOf, ratiosTable,
  runsTable, samplesOf, scalingTable, SizeResult, targetsTable,
} from './_report';
import { compileInto, ROOT, runApp, Sample, timed } from './_runner';
import type { Variant } from './apps';

/** The variants in the order each round runs them, which is also the order they are kept when time runs short. */
const PRIORITY: readonly Variant[] = ['ours', 'l1', 'plus', 'ours-helm'];
const QUICK = process.env.BENCH_QUICK === '1';
const SIZES = (process.env.BENCH_SIZES ?? (QUICK ? '100,1000' : '100,1000,5000,20000')).split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 2 : 5));
const COLD_PAIRS = QUICK ? 2 : 5;
const HELM_RUNS = QUICK ? 2 : 5;
const HELM_AT = 1000;
const BUDGET_MS = Number(process.env.BENCH_BUDGET_SECONDS ?? 570) * 1000;
/** Time kept for what follows the runs of a size: helm template, the tables, cleaning up. */
const MARGIN_MS = 15_000;
/** Every child gets the same heap limit, large enough for N = 20,000. */
const HEAP_MIB = Math.floor(Math.min(16384, (os.totalmem() / 2 ** 20) * 0.6));
const NODE_FLAGS = [`--max-old-space-size=${HEAP_MIB}`];

const notes: string[] = [];
const log = (line: string) => process.stderr.write(`${line}\n`);
const elapsed = () => performance.now();
const left = () => BUDGET_MS - elapsed() - MARGIN_MS;
const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;

/**
 * The expected wall time and peak memory (KiB) of a variant at `services`:
 * the medians of its runs at that size, if any; for ours + HelmChart, ours'
 * at that size times the chart/plain ratio of the size below; otherwise,
 * from the two largest sizes below it ran at, the fixed part (process
 * start, module loading, exit) plus build + synth grown with the exponent
 * measured between them (1-2; 1 with one size).
 */
function estimate(sizes: SizeResult[], variant: Variant, services: number): { wallMs: number; rssKiB: number } {
  const same = sizes.find(s => s.services === services && samplesOf(s, variant).length > 0);
  if (same) return { wallMs: medianOf(same, variant, s => s.wallMs), rssKiB: medianOf(same, variant, s => s.maxRssKiB) };
  // ours + HelmChart: ours at this size times the chart/plain ratio of the largest size below
  const now = sizes.find(s => s.services === services && samplesOf(s, 'ours').length > 0);
  const before = sizes.filter(s => s.services < services && samplesOf(s, 'ours').length > 0 && samplesOf(s, variant).length > 0).pop();
  if (variant === 'ours-helm' && now && before) {
    const ratio = (m: (s: Sample) => number) => medianOf(now, 'ours', m) * (medianOf(before, variant, m) / medianOf(before, 'ours', m));
    return { wallMs: ratio(s => s.wallMs), rssKiB: ratio(s => s.maxRssKiB) };
  }
  const ran = sizes.filter(s => s.services < services && samplesOf(s, variant).length > 0).slice(-2);
  const last = ran[ran.length - 1];
  if (!last) return { wallMs: 0, rssKiB: 0 };
  const work = (s: Sample) => s.buildMs + s.synthMs;
  const clamp = (k: number) => Math.min(2, Math.max(1, Number.isFinite(k) ? k : 1));
  const [kt, km] = ran.length < 2 ? [1, 1] : [
    clamp(exponent(ran[0].services, medianOf(ran[0], variant, work), last.services, medianOf(last, variant, work))),
    clamp(exponent(ran[0].services, medianOf(ran[0], variant, s => s.maxRssKiB), last.services, medianOf(last, variant, s => s.maxRssKiB))),
  ];
  const grow = services / last.services;
  const fixedMs = medianOf(last, variant, s => s.wallMs - work(s));
  return {
    wallMs: fixedMs + medianOf(last, variant, work) * grow ** kt,
    rssKiB: medianOf(last, variant, s => s.maxRssKiB) * grow ** km,
  };
}

/** The most memory a run may be expected to take, in KiB: 80% of the heap limit or of the memory free. */
function memoryKiB(): number {
  return Math.min(HEAP_MIB * 1024, os.freemem() / 1024) * 0.8;
}

/** The variants every round at a size must run, or the size ends: ours and L1 (the pair the targets compare) up to 5,000, ours alone above. */
function coreOf(services: number): number {
  return services <= 5000 ? 2 : 1;
}

/**
 * Whether the next run (`index` in {@link PRIORITY}) of a round fits: up to
 * N = 1,000 always. Above, when its expected peak memory fits the memory
 * free and the heap limit, and its expected time fits the time left: a core
 * variant (see {@link coreOf}) while it and the core variants after it fit,
 * the others only while they leave time for up to two more rounds of the
 * core variants.
 */
function fits(sizes: SizeResult[], services: number, round: number, index: number): boolean {
  if (services <= 1000) return true;
  const expected = estimate(sizes, PRIORITY[index], services);
  if (expected.rssKiB >= memoryKiB()) return false;
  const time = (variants: readonly Variant[]) => variants.reduce((t, v) => t + estimate(sizes, v, services).wallMs, 0);
  const core = PRIORITY.slice(0, coreOf(services));
  // a core variant starts only when the rest of the core fits too, so that each round is a pair
  if (index < core.length) return time(core.slice(index)) <= left();
  return expected.wallMs + Math.min(ROUNDS - round - 1, 2) * time(core) <= left();
}

/** The line of a failed run's message that says what went wrong (the first one names the command). */
function failure(message: string): string {
  const lines = message.split('\n').slice(1).map(l => l.trim()).filter(l => l !== '');
  return lines.find(l => /error/i.test(l)) ?? lines.pop() ?? message.split('\n')[0];
}

/** Runs the rounds of one size, into `size`, until they are done, or the time is up. */
function runRounds(work: string, build: string, sizes: SizeResult[], size: SizeResult): void {
  const services = size.services;
  for (let round = 0; round < ROUNDS; round++) {
    const runs: Partial<Record<Variant, Sample>> = {};
    for (const [index, variant] of PRIORITY.entries()) {
      if (!fits([...sizes, size], services, round, index)) {
        if (index < coreOf(services)) return;
        continue;
      }
      if (index === 0) size.rounds.push(runs);
      log(`  N=${services} round ${round + 1}: ${variant}`);
      // above 1,000 a run may not outlast the budget: it is killed, and the size ends there
      const timeoutMs = services > 1000 ? Math.round(Math.max(1000, left() + MARGIN_MS / 2)) : undefined;
      try {
        runs[variant] = runApp(build, NODE_FLAGS, variant, services, path.join(work, 'out', `${variant}-${services}`), timeoutMs);
      } catch (e) {
        // up to 1,000 every run must work; above, a run that runs out of time or memory ends the size
        if (services <= 1000 || !(e instanceof Error)) throw e;
        const timedOut = (e as { code?: string }).code === 'ETIMEDOUT';
        const why = timedOut ? `was stopped after ${seconds(timeoutMs!)}, at the end of the budget` : `failed: ${failure(e.message)}`;
        notes.push(`N = ${services.toLocaleString('en-US')}: ${LABELS[variant]} ${why}`);
        return;
      }
    }
  }
}

/** Runs one size, noting each variant that ran fewer rounds than asked. */
function runSize(work: string, build: string, sizes: SizeResult[], services: number): SizeResult {
  const size: SizeResult = { services, rounds: [] };
  runRounds(work, build, sizes, size);
  for (const variant of PRIORITY) {
    const ran = samplesOf(size, variant).length;
    if (ran < ROUNDS) {
      const est = estimate([...sizes, size], variant, services);
      const why = est.rssKiB >= memoryKiB() ? `the memory free (${(memoryKiB() / 1024).toFixed(0)} MiB usable)` : `the budget of ${seconds(BUDGET_MS)}`;
      notes.push(`N = ${services.toLocaleString('en-US')}: ${LABELS[variant]} ran ${ran} of ${ROUNDS} rounds, to stay within ${why}: `
        + `a run ${ran > 0 ? 'took' : 'would take (extrapolated from the smaller sizes)'} ~${seconds(est.wallMs)} and ~${(est.rssKiB / 1024).toFixed(0)} MiB`);
    }
  }
  return size;
}

function coldStart(work: string): ColdStartResult {
  const apps = prepareColdStart(path.join(work, 'cold'));
  // one pair first, not counted: the disk cache and the CLI's upgrade check settle
  coldSynth(apps.reference);
  coldSynth(apps.empty);
  const result: ColdStartResult = { reference: [], empty: [], referenceApp: [], emptyApp: [] };
  for (let i = 0; i < COLD_PAIRS; i++) {
    log(`  cold start pair ${i + 1}`);
    result.reference.push(coldSynth(apps.reference));
    result.empty.push(coldSynth(apps.empty));
    result.referenceApp.push(coldApp(apps.reference));
    result.emptyApp.push(coldApp(apps.empty));
  }
  return result;
}

function helmTemplate(outdir: string): HelmTemplateResult {
  const chart = path.join(outdir, 'charts', 'platform');
  const files = fs.readdirSync(chart, { recursive: true, encoding: 'utf8' }).map(f => path.join(chart, f)).filter(f => fs.statSync(f).isFile());
  const helm = path.join(ROOT, 'node_modules', '.bin', 'helm');
  const runs: number[] = [];
  let output = '';
  for (let i = 0; i < HELM_RUNS; i++) {
    const run = timed(helm, ['template', 'r', chart, '--kube-version', '1.26.10']);
    runs.push(run.wallMs);
    output = run.stdout;
  }
  return {
    services: HELM_AT,
    chartFiles: files.length,
    chartBytes: files.reduce((n, f) => n + fs.statSync(f).size, 0),
    runs,
    outputBytes: Buffer.byteLength(output),
    documents: output.split(/^---$/m).filter(doc => /^kind:/m.test(doc)).length,
  };
}

function git(args: string[]): string {
  try {
    return timed('git', args, { cwd: ROOT }).stdout.trim();
  } catch {
    return '?';
  }
}

function machine(): string {
  const cpus = os.cpus();
  const dirty = git(['status', '--porcelain']).split('\n').filter(l => l !== '').length;
  return [
    `- machine: ${cpus.length} × ${cpus[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, load average ${os.loadavg().map(l => l.toFixed(2)).join(' ')} at the end`,
    `- node ${process.version}; children: node ${NODE_FLAGS.join(' ')}, the app compiled beforehand with @swc/core (ES2022, CommonJS)`,
    `- commit ${git(['rev-parse', '--short', 'HEAD'])}${dirty > 0 ? ` with ${dirty} changed or new files` : ''}; ${new Date().toISOString()}`,
  ].join('\n');
}

function main(): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-bench-'));
  const cleanUp = () => fs.rmSync(work, { recursive: true, force: true });
  process.on('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });
  try {
    const build = path.join(work, 'build');
    const compiled = compileInto(build, ['apps.ts', 'child.ts']);
    log(`compiled ${compiled} files into ${build} in ${elapsed().toFixed(0)} ms (since start)`);
    // not counted: every variant works, and the disk cache is warm
    for (const variant of PRIORITY) runApp(build, NODE_FLAGS, variant, 10, path.join(work, 'out', 'warm-up'));
    log('cold start');
    const cold = coldStart(work);
    const sizes: SizeResult[] = [];
    let helm: HelmTemplateResult | undefined;
    for (const services of SIZES) {
      log(`N = ${services} (${seconds(elapsed())} elapsed)`);
      sizes.push(runSize(work, build, sizes, services));
      if (services === HELM_AT && samplesOf(sizes[sizes.length - 1], 'ours-helm').length > 0) {
        log('helm template');
        helm = helmTemplate(path.join(work, 'out', `ours-helm-${services}`));
      }
      fs.rmSync(path.join(work, 'out'), { recursive: true, force: true });
    }
    const result: BenchResult = { sizes, coldStart: cold, helmTemplate: helm };
    if (process.env.BENCH_JSON) fs.writeFileSync(process.env.BENCH_JSON, `${JSON.stringify({ result, notes }, undefined, 2)}\n`);
    const out = [
      '## Runs (medians)',
      '',
      runsTable(result, PRIORITY),
      '',
      '## Ratios, pair by pair (median of the per-round ratios)',
      '',
      ratiosTable(result),
      '',
      '## Scaling from N = 1,000',
      '',
      scalingTable(result, PRIORITY),
      '',
      '## Cold start',
      '',
      coldStartTable(cold),
      '',
      `## helm template at N = ${HELM_AT.toLocaleString('en-US')}`,
      '',
      helm ? helmTable(helm) : '(not run)',
      '',
      '## Targets',
      '',
      targetsTable(result),
      '',
      ...(notes.length > 0 ? ['## Left out', '', ...notes.map(n => `- ${n}`), ''] : []),
      '## Run',
      '',
      machine(),
      `- total ${seconds(elapsed())}${QUICK ? ' (BENCH_QUICK)' : ''}; wall: spawn to exit, measured by the parent; app: first line of the app's code to the end of synth; objects/s: objects / app`,
    ];
    console.log(out.join('\n'));
  } finally {
    cleanUp();
  }
}

main();
