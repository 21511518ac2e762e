import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { DisruptionBudget, Deployment, HorizontalPodAutoscaler, PatternsApp, PodDisruptionBudget, Service } from '../../src';
import { renderedJson } from '../../src/_render-pass';
import { scratchDir } from '../harness/tmp';

const IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';

/** A Deployment with the checks that read its rendering: its own, an autoscaler's, a budget's and a Service's. */
function build(app: App): Deployment {
  const chart = new Chart(app, 'shop');
  const web = new Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ name: 'api', image: IMAGE, ports: [{ number: 8080, name: 'http' }] }] });
  new HorizontalPodAutoscaler(chart, 'hpa', { target: web, maxReplicas: 5, cpuUtilization: 70 });
  new PodDisruptionBudget(chart, 'pdb', { workload: web, budget: DisruptionBudget.maxUnavailable(1) });
  new Service(chart, 'svc', { workload: web, ports: [{ port: 80, name: 'http', targetPortName: 'http' }] });
  return web;
}

/** How many times each ApiObject of the app renders (`toJson()`) while `run` runs, by construct path. */
function rendersDuring(app: App, run: () => void): Map<string, number> {
  const counts = new Map<string, number>();
  const original = ApiObject.prototype.toJson;
  jest.spyOn(ApiObject.prototype, 'toJson').mockImplementation(function (this: ApiObject) {
    counts.set(this.node.path, (counts.get(this.node.path) ?? 0) + 1);
    return original.call(this);
  });
  try {
    run();
  } finally {
    jest.restoreAllMocks();
  }
  expect(app.node.findAll().filter(ApiObject.isApiObject).length).toBeGreaterThan(3);
  return counts;
}

describe('the render pass', () => {
  test('renders each object once per synth, the checks that read a workload included', () => {
    // GIVEN
    const app = new PatternsApp({ outdir: scratchDir('render-once') });
    build(app);

    // WHEN
    const counts = rendersDuring(app, () => app.renderFiles());

    // THEN
    const objects = app.node.findAll().filter(ApiObject.isApiObject).map(o => o.node.path);
    expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(objects.map(p => [p, 1])));
  });

  test('a plain cdk8s App runs the same checks, rendering what they read', () => {
    // GIVEN
    const app = new App({ outdir: scratchDir('plain-app') });
    const web = build(app);
    ApiObject.of(web).addJsonPatch(JsonPatch.add('/spec/replicas', 3));

    // THEN
    expect(() => app.synth()).toThrow(/shop\/hpa: 'target' must be rendered without 'spec.replicas' once an autoscaler owns its replica count, got replicas 3/);
  });

  test('the checks still fail synth, judging the rendering the pass made', () => {
    // GIVEN
    const app = new PatternsApp({ outdir: scratchDir('checks') });
    const web = build(app);
    ApiObject.of(web).addJsonPatch(JsonPatch.add('/spec/replicas', 3));

    // THEN
    expect(() => app.renderFiles()).toThrow(/shop\/hpa: 'target' must be rendered without 'spec.replicas'/);
  });

  test('renderedJson renders the object outside a pass', () => {
    // GIVEN
    const app = new App({ outdir: scratchDir('outside') });
    const web = build(app);

    // THEN
    expect(renderedJson(ApiObject.of(web)).kind).toBe('Deployment');
    expect(renderedJson(ApiObject.of(web))).not.toBe(renderedJson(ApiObject.of(web)));
  });
});
