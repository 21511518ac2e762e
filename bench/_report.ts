/**
 * The benchmark's results and the Markdown tables it prints.
 */
import { median, Sample } from './_runner';
import type { Variant } from './apps';

/** The runs at one size: each round ran some variants, one process each, one after the other. */
export interface SizeResult {
  readonly services: number;
  readonly rounds: Array<Partial<Record<Variant, Sample>>>;
}

/** The cold start: wall milliseconds of each run, pair by pair. */
export interface ColdStartResult {
  /** `npx cdk8s synth` of the reference app. */
  readonly reference: number[];
  /** `npx cdk8s synth` of an empty App. */
  readonly empty: number[];
  /** The reference app's command alone, without the CLI. */
  readonly referenceApp: number[];
  /** The empty App's command alone, without the CLI. */
  readonly emptyApp: number[];
}

/** `helm template` of the chart generated at one size. */
export interface HelmTemplateResult {
  readonly services: number;
  readonly chartFiles: number;
  readonly chartBytes: number;
  readonly runs: number[];
  readonly outputBytes: number;
  readonly documents: number;
}

/** Everything a benchmark run measured. */
export interface BenchResult {
  readonly sizes: SizeResult[];
  readonly coldStart?: ColdStartResult;
  readonly helmTemplate?: HelmTemplateResult;
}

/** How each variant is called in the tables. */
export const LABELS: Record<Variant, string> = {
  'ours': 'ours (PatternsApp)',
  'l1': 'raw L1 (k8s.Kube*)',
  'plus': 'cdk8s-plus-27',
  'ours-helm': 'ours + HelmChart',
};

type Metric = (s: Sample) => number;
const WALL: Metric = s => s.wallMs;
const CPU: Metric = s => s.cpuMs;
const MEMORY: Metric = s => s.maxRssKiB;
const APP: Metric = s => s.appMs;

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The samples of one variant at one size. */
export function samplesOf(size: SizeResult, variant: Variant): Sample[] {
  return size.rounds.map(r => r[variant]).filter((s): s is Sample => s !== undefined);
}

/** The median of one metric of one variant at one size; NaN when it did not run. */
export function medianOf(size: SizeResult, variant: Variant, metric: Metric): number {
  const samples = samplesOf(size, variant);
  return samples.length === 0 ? NaN : median(samples.map(metric));
}

/** The median over the rounds that ran both variants of the ratio `a / b` of a metric, and how many pairs there were. */
export function pairRatio(size: SizeResult, a: Variant, b: Variant, metric: Metric): { ratio: number; pairs: number } {
  const ratios = size.rounds.filter(r => r[a] && r[b]).map(r => metric(r[a]!) / metric(r[b]!));
  return { ratio: ratios.length === 0 ? NaN : median(ratios), pairs: ratios.length };
}

/** One row per size and variant: medians of the runs. */
export function runsTable(result: BenchResult, variants: readonly Variant[]): string {
  const rows: string[][] = [];
  for (const size of result.sizes) {
    for (const variant of variants) {
      const samples = samplesOf(size, variant);
      if (samples.length === 0) continue;
      const perSecond = median(samples.map(s => s.objects / (s.appMs / 1000)));
      rows.push([
        int(size.services), LABELS[variant], String(samples.length),
        fixed(medianOf(size, variant, WALL) / 1000, 2), fixed(medianOf(size, variant, APP) / 1000, 2),
        ['loadMs', 'buildMs', 'synthMs'].map(k => fixed(medianOf(size, variant, x => x[k as 'loadMs']) / 1000, 2)).join(' / '),
        fixed(medianOf(size, variant, CPU) / 1000, 2), fixed(medianOf(size, variant, MEMORY) / 1024, 0),
        int(samples[0].objects), int(perSecond),
        fixed(median(samples.map(s => s.bytes)) / 1e6, 2), int(samples[0].files),
        fixed(median(samples.map(s => s.othersCpuMs / s.wallMs)), 2),
      ]);
    }
  }
  return table(['N', 'variant', 'runs', 'wall s', 'app s', 'load / build / synth s', 'CPU s', 'peak RSS MiB', 'objects', 'objects/s', 'MB written', 'files', 'other processes, CPUs'], rows);
}

/** One row per size: the ratios ours/L1, ours/plus and chart/plain, pair by pair. */
export function ratiosTable(result: BenchResult): string {
  const pairs: Array<[Variant, Variant]> = [['ours', 'l1'], ['ours', 'plus'], ['ours-helm', 'ours']];
  const rows = result.sizes.map(size => [
    int(size.services),
    ...pairs.flatMap(([a, b]) => {
      const wall = pairRatio(size, a, b, WALL);
      if (wall.pairs === 0) return ['–', '–', '–', '0'];
      return [fixed(wall.ratio, 2), fixed(pairRatio(size, a, b, CPU).ratio, 2), fixed(pairRatio(size, a, b, MEMORY).ratio, 2), String(wall.pairs)];
    }),
  ]);
  return table([
    'N',
    'ours/L1 wall', 'CPU', 'memory', 'pairs',
    'ours/plus wall', 'CPU', 'memory', 'pairs',
    'chart/plain wall', 'CPU', 'memory', 'pairs',
  ], rows);
}

/** The exponent `k` of `y ∝ N^k` between two sizes; 1 is linear. */
export function exponent(n1: number, y1: number, n2: number, y2: number): number {
  return Math.log(y2 / y1) / Math.log(n2 / n1);
}

/**
 * How each variant's build + synth time and peak memory grow from N = 1,000
 * to the largest N it ran at: the factor and the exponent (1 is linear).
 */
export function scalingTable(result: BenchResult, variants: readonly Variant[]): string {
  const rows: string[][] = [];
  const from = result.sizes.find(s => s.services === 1000);
  if (!from) return '(no run at N = 1,000)';
  const work: Metric = s => s.buildMs + s.synthMs;
  for (const variant of variants) {
    for (const to of result.sizes.filter(s => s.services > 1000 && samplesOf(s, variant).length > 0)) {
      const t1 = medianOf(from, variant, work);
      const t2 = medianOf(to, variant, work);
      const m1 = medianOf(from, variant, MEMORY);
      const m2 = medianOf(to, variant, MEMORY);
      rows.push([
        LABELS[variant], `${int(from.services)} → ${int(to.services)}`, `×${fixed(to.services / from.services, 0)}`,
        fixed((1000 * t1) / from.services, 0), fixed((1000 * t2) / to.services, 0), `×${fixed(t2 / t1, 1)}`, fixed(exponent(from.services, t1, to.services, t2), 2),
        `×${fixed(m2 / m1, 1)}`, fixed(exponent(from.services, m1, to.services, m2), 2),
      ]);
    }
  }
  return table(['variant', 'N', 'N ×', 'build+synth µs/service (from)', '(to)', 'build+synth ×', 'exponent', 'peak RSS ×', 'exponent'], rows);
}

/** The cold start's medians and their ratio. */
export function coldStartTable(cold: ColdStartResult): string {
  const ratios = cold.reference.map((r, i) => r / cold.empty[i]);
  const row = (name: string, xs: number[]) => [
    name, String(xs.length), fixed(median(xs) / 1000, 2), fixed(Math.min(...xs) / 1000, 2), fixed(Math.max(...xs) / 1000, 2),
  ];
  return [
    table(['run', 'runs', 'median s', 'min s', 'max s'], [
      row('`npx cdk8s synth` of the reference app (main.ts)', cold.reference),
      row('`npx cdk8s synth` of an empty App', cold.empty),
      row('the reference app\'s `app` command alone', cold.referenceApp),
      row('the empty App\'s `app` command alone', cold.emptyApp),
    ]),
    '',
    `\`npx cdk8s synth\`, reference / empty, median of ${plural(ratios.length, 'pair')}: ${fixed(median(ratios), 2)}; `
      + `the CLI around the app (empty synth − empty app alone): ${fixed((median(cold.empty) - median(cold.emptyApp)) / 1000, 2)} s`,
  ].join('\n');
}

/** The `helm template` timing. */
export function helmTable(helm: HelmTemplateResult): string {
  return table(
    ['N', 'chart files', 'chart MB', 'runs', 'median s', 'min s', 'max s', 'output MB', 'documents'],
    [[
      int(helm.services), int(helm.chartFiles), fixed(helm.chartBytes / 1e6, 2), String(helm.runs.length),
      fixed(median(helm.runs) / 1000, 2), fixed(Math.min(...helm.runs) / 1000, 2), fixed(Math.max(...helm.runs) / 1000, 2),
      fixed(helm.outputBytes / 1e6, 2), int(helm.documents),
    ]],
  );
}

/** Where each of the targets stands. */
export function targetsTable(result: BenchResult): string {
  const rows: string[][] = [];
  const at = (n: number) => result.sizes.find(s => s.services === n);
  const verdict = (value: number, limit: number) => (Number.isNaN(value) ? 'not measured' : value <= limit ? 'met' : 'missed');
  for (const n of [1000, 5000]) {
    const size = at(n);
    const r = size ? pairRatio(size, 'ours', 'l1', WALL) : { ratio: NaN, pairs: 0 };
    rows.push([`ours / raw L1 wall ≤ 1.0 at N = ${int(n)}`, `${fixed(r.ratio, 2)} (${plural(r.pairs, 'pair')})`, verdict(r.ratio, 1)]);
  }
  const five = at(5000);
  const memory = five ? pairRatio(five, 'ours', 'l1', MEMORY) : { ratio: NaN, pairs: 0 };
  rows.push(['peak memory at N = 5,000 ≤ raw L1\'s', `${fixed(memory.ratio, 2)}× (${plural(memory.pairs, 'pair')})`, verdict(memory.ratio, 1)]);
  const from = at(1000);
  const largest = [...result.sizes].reverse().find(s => s.services > 1000 && samplesOf(s, 'ours').length > 0);
  if (from && largest) {
    const work: Metric = s => s.buildMs + s.synthMs;
    const kt = exponent(from.services, medianOf(from, 'ours', work), largest.services, medianOf(largest, 'ours', work));
    const km = exponent(from.services, medianOf(from, 'ours', MEMORY), largest.services, medianOf(largest, 'ours', MEMORY));
    const upTo = largest.services === 20000 ? '' : ` (measured only up to ${int(largest.services)})`;
    rows.push([`ours: time and memory linear from 1,000 to 20,000${upTo}`, `exponent ${fixed(kt, 2)} (time), ${fixed(km, 2)} (memory); 1.0 is linear`, kt <= 1.1 && km <= 1.1 ? 'met' : 'missed']);
  } else {
    rows.push(['ours: time and memory linear from 1,000 to 20,000', 'no run above 1,000', 'not measured']);
  }
  for (const n of [1000, 5000]) {
    const size = at(n);
    const r = size ? pairRatio(size, 'ours-helm', 'ours', WALL) : { ratio: NaN, pairs: 0 };
    rows.push([`plain + Helm chart ≤ 1.3× plain alone at N = ${int(n)}`, `${fixed(r.ratio, 2)} (${plural(r.pairs, 'pair')})`, verdict(r.ratio, 1.3)]);
  }
  if (result.coldStart) {
    const c = result.coldStart;
    const r = median(c.reference.map((x, i) => x / c.empty[i]));
    rows.push(['cold `npx cdk8s synth` of the reference app ≤ 1.15× an empty app', `${fixed(r, 2)} (${plural(c.reference.length, 'pair')})`, verdict(r, 1.15)]);
  }
  return table(['target', 'measured', 'status'], rows);
}
