/**
 * Synth benchmark: wall time of building and rendering the reference app and
 * a generated app of many services, in memory and to disk. Run with
 * `npm run bench`; numbers are medians over several runs.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Yaml } from 'cdk8s';
import { Ticketing } from '../main';
import { Adapter, Deployment, HelmChart, PatternsApp, Sidecar } from '../src';
import { helmChartFiles } from '../src/helm/_chart-files';
import { plainManifests } from '../src/helm/_render';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(runs: number, fn: () => void): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

function bigApp(outdir: string, services: number, helm = true): PatternsApp {
  const app = new PatternsApp({ outdir });
  const chart = new Chart(app, 'big');
  if (helm) new HelmChart(chart, 'helm');
  for (let i = 0; i < services; i++) {
    const d = new Deployment(chart, `svc-${i}`, {
      containers: [{ name: 'app', image: `example.com/svc-${i}:1.0.0`, ports: [{ number: 8080, name: 'http' }] }],
    });
    new Sidecar(chart, `svc-${i}-logs`, { workload: d, name: 'logs', image: 'fluent/fluent-bit:2.2.2' });
    new Adapter(chart, `svc-${i}-metrics`, { workload: d, name: 'metrics', image: 'prom/statsd-exporter:v0.26.0' });
    d.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
  }
  return app;
}

/** Times the two outputs of an app's charts apart: plain manifests, and Helm charts. */
function renderTimes(runs: number, build: () => PatternsApp): { plain: number; helm: number } {
  const plain: number[] = [];
  const helm: number[] = [];
  for (let i = 0; i < runs; i++) {
    const app = build();
    const t0 = process.hrtime.bigint();
    for (const chart of app.charts) Yaml.stringify(...plainManifests(chart));
    const t1 = process.hrtime.bigint();
    for (const chart of app.charts) helmChartFiles(chart, HelmChart.of(chart)!);
    const t2 = process.hrtime.bigint();
    plain.push(Number(t1 - t0) / 1e6);
    helm.push(Number(t2 - t1) / 1e6);
  }
  return { plain: median(plain), helm: median(helm) };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-bench-'));
const ref = time(10, () => {
  const app = new PatternsApp({ outdir: path.join(tmp, 'ref') });
  new Ticketing(app, 'ticketing');
  app.synth();
});
const services = Number(process.env.BENCH_SERVICES ?? 1000);
const big = time(3, () => bigApp(path.join(tmp, 'big'), services).synth());
const refParts = renderTimes(10, () => {
  const app = new PatternsApp({ outdir: path.join(tmp, 'ref') });
  new Ticketing(app, 'ticketing');
  return app;
});
const bigParts = renderTimes(3, () => bigApp(path.join(tmp, 'big'), services));
// the cost of validation: plain manifests rendered and serialized, with synth's checks (renderFiles) and without
const validated: number[] = [];
const unvalidated: number[] = [];
for (let i = 0; i < 3; i++) {
  const a = bigApp(path.join(tmp, 'plain'), services, false);
  const t0 = process.hrtime.bigint();
  a.renderFiles();
  validated.push(Number(process.hrtime.bigint() - t0) / 1e6);
  const b = bigApp(path.join(tmp, 'plain'), services, false);
  const t1 = process.hrtime.bigint();
  for (const chart of b.charts) Yaml.stringify(...plainManifests(chart));
  unvalidated.push(Number(process.hrtime.bigint() - t1) / 1e6);
}
const withChecks = median(validated);
const withoutChecks = median(unvalidated);
fs.rmSync(tmp, { recursive: true, force: true });

console.log(`reference app synth, manifests and Helm chart (build + render + write): ${ref.toFixed(1)} ms`);
console.log(`  render only: plain manifests ${refParts.plain.toFixed(1)} ms, Helm chart ${refParts.helm.toFixed(1)} ms`);
console.log(`${services}-service app synth, manifests and Helm chart (build + render + write): ${big.toFixed(0)} ms`);
console.log(`  render only: plain manifests ${bigParts.plain.toFixed(0)} ms, Helm chart ${bigParts.helm.toFixed(0)} ms`);
console.log(`  validation: plain manifests with synth's checks ${withChecks.toFixed(0)} ms, without ${withoutChecks.toFixed(0)} ms: checks take ${(100 * (withChecks - withoutChecks) / withChecks).toFixed(0)}% of synth`);
