/**
 * Synth benchmark: wall time of building and rendering the reference app and
 * a generated app of many services, in memory and to disk. Run with
 * `npm run bench`; numbers are medians over several runs.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { Ticketing } from '../main';
import { Adapter, Deployment, PatternsApp, Sidecar } from '../src';

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

function bigApp(outdir: string, services: number): PatternsApp {
  const app = new PatternsApp({ outdir });
  const chart = new Chart(app, 'big');
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

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-bench-'));
const ref = time(10, () => {
  const app = new PatternsApp({ outdir: path.join(tmp, 'ref') });
  new Ticketing(app, 'ticketing');
  app.synth();
});
const services = Number(process.env.BENCH_SERVICES ?? 1000);
const big = time(3, () => bigApp(path.join(tmp, 'big'), services).synth());
fs.rmSync(tmp, { recursive: true, force: true });

console.log(`reference app synth (build + render + write): ${ref.toFixed(1)} ms`);
console.log(`${services}-service app synth (build + render + write): ${big.toFixed(0)} ms`);
