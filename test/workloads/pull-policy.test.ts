import { Deployment, Sidecar } from '../../src';
import { kplus } from '../../src/_plus';
import { defaultPullPolicy } from '../../src/workloads/_pod-policy';
import { container, newChart, podSpec, synth } from '../harness';

describe('defaultPullPolicy', () => {
  test.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['docker.io/library/nginx:latest', 'Always'],
    ['registry.example.com:5000/team/api', 'Always'],
    ['nginx:1.25.3', 'IfNotPresent'],
    ['registry.example.com:5000/team/api:2.1', 'IfNotPresent'],
    ['nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31', 'IfNotPresent'],
    // Kubernetes reads the tag first: `latest` stays Always, digest or not
    ['nginx:latest@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31', 'Always'],
    ['nginx:1.25.3@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31', 'IfNotPresent'],
  ])('gives %s the policy Kubernetes defaults it to (%s)', (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });
});

describe('imagePullPolicy', () => {
  test('follows Kubernetes rule for containers and helpers that set none', () => {
    const chart = newChart();
    const web = new Deployment(chart, 'web', {
      containers: [{ name: 'web', image: 'nginx:1.25.3', portNumber: 8080 }],
      initContainers: [{ name: 'wait', image: 'busybox' }],
    });
    new Sidecar(chart, 'logs', { workload: web, image: 'fluent/fluent-bit:latest' });
    const spec = podSpec(synth(chart), 'Deployment');
    expect(container(spec, 'web').imagePullPolicy).toBe('IfNotPresent');
    expect(container(spec, 'wait').imagePullPolicy).toBe('Always');
    expect(container(spec, 'logs').imagePullPolicy).toBe('Always');
  });

  test('keeps the policy a container sets', () => {
    const chart = newChart();
    new Deployment(chart, 'web', {
      containers: [{ name: 'web', image: 'nginx:1.25.3', portNumber: 8080, imagePullPolicy: kplus.ImagePullPolicy.ALWAYS }],
    });
    expect(container(podSpec(synth(chart), 'Deployment'), 'web').imagePullPolicy).toBe('Always');
  });
});
