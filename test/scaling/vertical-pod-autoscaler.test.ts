import { Size, Chart } from 'cdk8s';
import { Deployment, HorizontalPodAutoscaler, Overrides, PatternsApp, VerticalPodAutoscaler, VpaResource, VpaUpdateMode } from '../../src';
import { kplus } from '../../src/_plus';
import { find, newChart, synth } from '../harness';

const api = (chart: Chart) => new Deployment(chart, 'api', { metadata: { name: 'api' }, containers: [{ name: 'api', image: 'nginx:1.25.3', portNumber: 8080 }] });

describe('VerticalPodAutoscaler', () => {
  test('recommends only, by default, for every container of its target', () => {
    const chart = newChart();
    new VerticalPodAutoscaler(chart, 'vpa', { target: api(chart) });
    expect(find(synth(chart), 'VerticalPodAutoscaler')).toEqual({
      apiVersion: 'autoscaling.k8s.io/v1',
      kind: 'VerticalPodAutoscaler',
      metadata: { name: 'api' },
      spec: {
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
        updatePolicy: { updateMode: 'Off' },
        resourcePolicy: { containerPolicies: [{ containerName: '*', controlledResources: ['cpu', 'memory'] }] },
      },
    });
  });

  test('bounds its recommendations', () => {
    const chart = newChart();
    new VerticalPodAutoscaler(chart, 'vpa', {
      target: api(chart),
      updateMode: VpaUpdateMode.AUTO,
      minAllowed: { cpu: kplus.Cpu.millis(100), memory: Size.mebibytes(128) },
      maxAllowed: { memory: Size.gibibytes(2) },
    });
    const policy = find(synth(chart), 'VerticalPodAutoscaler').spec.resourcePolicy.containerPolicies[0];
    expect(policy).toMatchObject({ minAllowed: { cpu: '100m', memory: '128Mi' }, maxAllowed: { memory: '2048Mi' } });
  });

  test('fails at synth when it would fight a HorizontalPodAutoscaler on the same resource, whichever comes first', () => {
    for (const hpaFirst of [true, false]) {
      const app = new PatternsApp();
      const chart = new Chart(app, 'shop');
      const target = new Deployment(chart, 'api', { metadata: { name: 'api' }, containers: [{ name: 'api', image: 'nginx:1.25.3', portNumber: 8080 }] });
      const hpa = () => new HorizontalPodAutoscaler(chart, 'hpa', { target, maxReplicas: 5, cpuUtilization: 70 });
      if (hpaFirst) hpa();
      new VerticalPodAutoscaler(chart, 'vpa', { target, updateMode: VpaUpdateMode.AUTO });
      if (!hpaFirst) hpa();
      expect(() => app.renderFiles()).toThrow("shop/vpa: 'controlledResources' must not hold what the HorizontalPodAutoscaler shop/hpa scales shop/api on, got cpu in mode 'Auto': raising requests lowers the utilization the autoscaler sees, and the two fight; control the other resource only, or use VpaUpdateMode.OFF for recommendations");
    }
  });

  test('sits beside a HorizontalPodAutoscaler when it only recommends, or sizes another resource', () => {
    const chart = newChart();
    const target = api(chart);
    new HorizontalPodAutoscaler(chart, 'hpa', { target, maxReplicas: 5, cpuUtilization: 70 });
    new VerticalPodAutoscaler(chart, 'vpa', { target, updateMode: VpaUpdateMode.AUTO, controlledResources: [VpaResource.MEMORY] });
    expect(find(synth(chart), 'VerticalPodAutoscaler').spec.resourcePolicy.containerPolicies[0].controlledResources).toEqual(['memory']);
  });

  test('is judged at synth by the VerticalPodAutoscaler schema the library knows', () => {
    const app = new PatternsApp();
    const chart = new Chart(app, 'shop');
    const vpa = new VerticalPodAutoscaler(chart, 'vpa', { target: api(chart) });
    Overrides.of(vpa.apiObject).set('/spec/updatePolicy/updateMode', 'Sometimes');
    expect(() => app.renderFiles()).toThrow("shop/vpa: 'spec.updatePolicy.updateMode' must be one of \"Off\", \"Initial\", \"Recreate\", \"Auto\", got 'Sometimes'");
  });

  test('fails when the target is not a workload it can resize (from JavaScript)', () => {
    const chart = newChart();
    expect(() => new VerticalPodAutoscaler(chart, 'vpa', { target: {} as any })).toThrow("test/vpa: 'target' must be a Deployment, StatefulSet or DaemonSet, whose pods it can evict and recreate, got {}");
  });

  test('fails when a resource is listed twice', () => {
    const chart = newChart();
    expect(() => new VerticalPodAutoscaler(chart, 'vpa', { target: api(chart), controlledResources: [VpaResource.CPU, VpaResource.CPU] }))
      .toThrow("test/vpa: 'controlledResources[1]' must list each resource once, got 'cpu' twice");
  });
});
