import { Size } from 'cdk8s';
import { Adapter, Ambassador, Deployment, Sidecar } from '../../src';
import { container, newChart, podSpec, synth } from '../harness';

const IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';

function web() {
  const chart = newChart();
  const api = new Deployment(chart, 'web', { containers: [{ name: 'api', image: IMAGE, portNumber: 8080 }] });
  return { chart, api };
}

const mountsOf = (c: any) => (c.volumeMounts ?? []).map((m: any) => `${m.mountPath}=${m.name}${m.readOnly ? ':ro' : ''}`);

describe('writablePaths of a helper', () => {
  test('gives a Sidecar read-write emptyDirs of its own, not the main container', () => {
    const { chart, api } = web();
    new Sidecar(chart, 'log-shipper', { workload: api, image: 'fluent/fluent-bit:2.2.2', writablePaths: ['/tmp', '/fluent-bit/db'] });
    const spec = podSpec(synth(chart), 'Deployment');
    expect(mountsOf(container(spec, 'log-shipper'))).toEqual(expect.arrayContaining([
      '/tmp=log-shipper-writable-tmp', expect.stringMatching(/^\/fluent-bit\/db=log-shipper-writable-fluent-bit-db-[0-9a-f]{8}$/),
    ]));
    expect(mountsOf(container(spec, 'api')).filter((m: string) => m.includes('writable'))).toEqual([]);
    const volume = spec.volumes.find((v: any) => v.name === 'log-shipper-writable-tmp');
    expect(volume).toEqual({ name: 'log-shipper-writable-tmp', emptyDir: { sizeLimit: '256Mi' } });
  });

  test('gives an Ambassador and an Adapter theirs, with the size limit asked for', () => {
    const { chart, api } = web();
    new Ambassador(chart, 'db-proxy', { workload: api, image: 'bitnami/pgbouncer:1.22.1', port: 6432, remoteEndpoints: ['tickets-db:5432'], writablePaths: ['/opt/bitnami/pgbouncer/tmp'], writablePathSizeLimit: Size.mebibytes(16) });
    new Adapter(chart, 'metrics', { workload: api, image: 'prom/statsd-exporter:v0.26.0', port: 9102, writablePaths: ['/tmp'] });
    const spec = podSpec(synth(chart), 'Deployment');
    expect(mountsOf(container(spec, 'db-proxy'))).toContain('/opt/bitnami/pgbouncer/tmp=db-proxy-writable-opt-bitnami-pgbouncer-tmp');
    expect(mountsOf(container(spec, 'metrics'))).toContain('/tmp=metrics-writable-tmp');
    expect(spec.volumes.find((v: any) => v.name === 'db-proxy-writable-opt-bitnami-pgbouncer-tmp').emptyDir).toEqual({ sizeLimit: '16Mi' });
  });

  test('fails when a path is relative', () => {
    const { chart, api } = web();
    expect(() => new Sidecar(chart, 'log-shipper', { workload: api, image: 'fluent/fluent-bit:2.2.2', writablePaths: ['tmp'] }))
      .toThrow("test/log-shipper: 'writablePaths[0]' must be an absolute path below '/' without '.', '..', '//' or a trailing '/', such as '/tmp', got 'tmp'");
  });

  test('fails when the path is the one the sidecar shares with the main container', () => {
    const { chart, api } = web();
    expect(() => new Sidecar(chart, 'log-shipper', { workload: api, image: 'fluent/fluent-bit:2.2.2', mountPath: '/shared', writablePaths: ['/shared'] }))
      .toThrow("test/log-shipper: 'writablePaths' must not list a path container 'log-shipper' already mounts something at, got '/shared' (volume 'log-shipper-shared'); drop one of the two");
  });

  test('fails when the size limit is not a Size', () => {
    const { chart, api } = web();
    expect(() => new Adapter(chart, 'metrics', { workload: api, image: 'prom/statsd-exporter:v0.26.0', port: 9102, writablePaths: ['/tmp'], writablePathSizeLimit: '16Mi' as any }))
      .toThrow(/^test\/metrics: 'writablePathSizeLimit' must be/);
  });
});
