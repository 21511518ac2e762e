import { Size } from 'cdk8s';
import { Deployment, Sidecar } from '../../src';
import { kplus } from '../../src/_plus';
import { addContainerWritablePaths, checkWritablePaths } from '../../src/workloads/_writable-paths';
import { container, newChart, podSpec, synth } from '../harness';
import { harden } from '../harness/fixtures';

const IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const FLUENT_BIT = 'fluent/fluent-bit:2.2.2';

describe('addContainerWritablePaths', () => {
  test('gives a helper container writable paths of its own, mounted in it only', () => {
    // GIVEN
    const chart = newChart();
    const web = new Deployment(chart, 'web', { containers: [{ name: 'api', image: IMAGE }] });
    const sidecar = new Sidecar(chart, 'log-shipper', { workload: web, image: FLUENT_BIT });

    // WHEN
    addContainerWritablePaths(sidecar, 'writablePaths', web, sidecar.container, ['/tmp', '/fluent-bit/db'], Size.mebibytes(32));
    const spec = podSpec(synth(chart), 'Deployment');

    // THEN
    expect(container(spec, 'log-shipper').volumeMounts).toEqual([
      { name: 'log-shipper-shared', mountPath: '/shared', readOnly: true },
      { name: 'log-shipper-writable-tmp', mountPath: '/tmp' },
      { name: expect.stringMatching(/^log-shipper-writable-fluent-bit-db-[0-9a-f]{8}$/), mountPath: '/fluent-bit/db' },
    ]);
    expect(container(spec, 'api').volumeMounts).toEqual([{ name: 'log-shipper-shared', mountPath: '/shared', readOnly: false }]);
    expect(spec.volumes).toContainEqual({ name: 'log-shipper-writable-tmp', emptyDir: { sizeLimit: '32Mi' } });
  });

  test('works on a plain cdk8s-plus workload', () => {
    // GIVEN
    const chart = newChart();
    const web = harden(new kplus.Deployment(chart, 'web', { containers: [{ name: 'api', image: IMAGE, securityContext: { readOnlyRootFilesystem: true, capabilities: { drop: ['ALL' as kplus.Capability] } } }] }));

    // WHEN
    addContainerWritablePaths(chart, 'writablePaths', web, web.containers[0], ['/tmp'], Size.mebibytes(64));
    const spec = podSpec(synth(chart), 'Deployment');

    // THEN
    expect(container(spec, 'api').volumeMounts).toEqual([{ name: 'api-writable-tmp', mountPath: '/tmp' }]);
    expect(spec.volumes).toEqual([{ name: 'api-writable-tmp', emptyDir: { sizeLimit: '64Mi' } }]);
  });

  test('shortens the volume name of a long container name to a DNS-1123 label with a hash', () => {
    // GIVEN
    const chart = newChart();
    const name = 'a-very-long-helper-container-name-that-fills-the-label-nearly';
    const web = new Deployment(chart, 'web', { containers: [{ name: 'api', image: IMAGE }, { name, image: FLUENT_BIT }] });

    // WHEN
    const [writable] = addContainerWritablePaths(chart, 'writablePaths', web, web.containers[1], ['/tmp'], Size.mebibytes(64));

    // THEN
    expect(writable.volume.name).toMatch(/^a-very-long-helper-container-name-that-fills-the-label-[0-9a-f]{8}$/);
    expect(writable.volume.name.length).toBeLessThanOrEqual(63);
    synth(chart);
  });

  test('fails when the path is already writable for every container of the pod', () => {
    // GIVEN
    const chart = newChart();
    const web = new Deployment(chart, 'web', { containers: [{ name: 'api', image: IMAGE }], writablePaths: ['/tmp'] });
    const sidecar = new Sidecar(chart, 'log-shipper', { workload: web, image: FLUENT_BIT });

    // WHEN / THEN
    expect(() => addContainerWritablePaths(sidecar, 'writablePaths', web, sidecar.container, ['/tmp'], Size.mebibytes(32)))
      .toThrow("test/log-shipper: 'writablePaths' must not list a path container 'log-shipper' already mounts something at, got '/tmp' (volume 'writable-tmp'); drop one of the two");
  });

  test('fails when the path, holding a line break, is already writable for every container, shown on one line', () => {
    // GIVEN
    const chart = newChart();
    const web = new Deployment(chart, 'web', { containers: [{ name: 'api', image: IMAGE }], writablePaths: ['/var/tmp\nx'] });
    const sidecar = new Sidecar(chart, 'log-shipper', { workload: web, image: FLUENT_BIT });

    // WHEN / THEN
    expect(() => addContainerWritablePaths(sidecar, 'writablePaths', web, sidecar.container, ['/var/tmp\nx'], Size.mebibytes(32)))
      .toThrow(/^test\/log-shipper: 'writablePaths' must not list a path container 'log-shipper' already mounts something at, got '\/var\/tmp\\nx' \(volume 'writable-var-tmp-x-[0-9a-f]{8}'\); drop one of the two$/);
  });

  test('fails when another volume of the pod has the name', () => {
    // GIVEN
    const chart = newChart();
    const taken = kplus.Volume.fromEmptyDir(chart, 'taken', 'api-writable-tmp');
    const web = new Deployment(chart, 'web', { containers: [{ name: 'api', image: IMAGE }], volumes: [taken] });

    // WHEN / THEN
    expect(() => addContainerWritablePaths(chart, 'writablePaths', web, web.containers[0], ['/tmp'], Size.mebibytes(32)))
      .toThrow("test: 'writablePaths' must give each path a volume name no other volume of the pod uses, got '/tmp', whose volume 'api-writable-tmp' is taken; rename the other volume");
  });
});

describe('checkWritablePaths', () => {
  test('accepts distinct absolute paths', () => {
    // GIVEN
    const chart = newChart();

    // WHEN / THEN
    expect(() => checkWritablePaths(chart, 'writablePaths', ['/tmp', '/var/cache/nginx', '/home/app/.cache'])).not.toThrow();
  });

  test('fails when a path is relative', () => {
    // GIVEN
    const chart = newChart();

    // WHEN / THEN
    expect(() => checkWritablePaths(chart, 'sidecar.writablePaths', ['tmp']))
      .toThrow("test: 'sidecar.writablePaths[0]' must be an absolute path below '/' without '.', '..', '//' or a trailing '/', such as '/tmp', got 'tmp'");
  });
});
