import { Qos, QosClass } from '../../src/qos/qos-class';

function container(name: string, resources?: { requests?: object; limits?: object }) {
  return { name, image: 'nginx:1.25', ...(resources ? { resources } : {}) };
}

const exact = (cpu: string, memory: string) => ({ requests: { cpu, memory }, limits: { cpu, memory } });

describe('Qos.classOf', () => {
  test('is BestEffort without any requests or limits', () => {
    expect(Qos.classOf({ containers: [container('api'), container('sidecar')] })).toBe(QosClass.BEST_EFFORT);
  });

  test('is BestEffort when every quantity is zero', () => {
    const spec = { containers: [container('api', { requests: { cpu: '0', memory: '0Mi' }, limits: { cpu: 0 } })] };
    expect(Qos.classOf(spec)).toBe(QosClass.BEST_EFFORT);
  });

  test('ignores resources other than cpu and memory', () => {
    const spec = { containers: [container('api', { limits: { 'ephemeral-storage': '1Gi' } })] };
    expect(Qos.classOf(spec)).toBe(QosClass.BEST_EFFORT);
  });

  test('is Burstable with requests only', () => {
    const spec = { containers: [container('api', { requests: { cpu: '100m', memory: '128Mi' } })] };
    expect(Qos.classOf(spec)).toBe(QosClass.BURSTABLE);
  });

  test('is Burstable when one limit is higher than its request', () => {
    const spec = { containers: [container('api', { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '128Mi' } })] };
    expect(Qos.classOf(spec)).toBe(QosClass.BURSTABLE);
  });

  test('is Burstable with a memory limit but no cpu limit', () => {
    const spec = { containers: [container('api', { limits: { memory: '128Mi' } })] };
    expect(Qos.classOf(spec)).toBe(QosClass.BURSTABLE);
  });

  test('is Burstable when only one container has resources', () => {
    const spec = { containers: [container('api', exact('1', '1Gi')), container('sidecar')] };
    expect(Qos.classOf(spec)).toBe(QosClass.BURSTABLE);
  });

  test('is Guaranteed with limits only, requests defaulting to limits', () => {
    const spec = { containers: [container('api', { limits: { cpu: '500m', memory: '256Mi' } })] };
    expect(Qos.classOf(spec)).toBe(QosClass.GUARANTEED);
  });

  test('is Guaranteed when requests equal limits in different notations', () => {
    const spec = {
      containers: [
        container('api', { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1000m', memory: '1024Mi' } }),
        container('sidecar', { requests: { cpu: 0.5, memory: '1e9' }, limits: { cpu: '500m', memory: '1G' } }),
      ],
    };
    expect(Qos.classOf(spec)).toBe(QosClass.GUARANTEED);
  });

  test('compares requests and limits summed over the pod, as Kubernetes does', () => {
    const spec = {
      containers: [
        container('a', { requests: { cpu: '100m', memory: '1Gi' }, limits: { cpu: '200m', memory: '1Gi' } }),
        container('b', { requests: { cpu: '300m', memory: '1Gi' }, limits: { cpu: '200m', memory: '1Gi' } }),
      ],
    };
    expect(Qos.classOf(spec)).toBe(QosClass.GUARANTEED);
  });

  test('counts init containers: one without limits makes a Guaranteed pod Burstable', () => {
    const guaranteed = { containers: [container('api', exact('1', '1Gi'))] };
    expect(Qos.classOf(guaranteed)).toBe(QosClass.GUARANTEED);
    const withInit = { ...guaranteed, initContainers: [container('migrate', { requests: { cpu: '100m' } })] };
    expect(Qos.classOf(withInit)).toBe(QosClass.BURSTABLE);
  });

  test('ignores ephemeral containers', () => {
    const spec = { containers: [container('api', exact('1', '1Gi'))], ephemeralContainers: [container('debug')] };
    expect(Qos.classOf(spec)).toBe(QosClass.GUARANTEED);
  });

  test('fails when a quantity is one Kubernetes would not parse', () => {
    const spec = { containers: [container('api', { limits: { cpu: '1 core' } })] };
    expect(() => Qos.classOf(spec)).toThrow(new Error("Qos.classOf: 'containers[0].resources.limits.cpu' must be a Kubernetes quantity such as 100m, 1.5 or 128Mi (at most 1e9991), got '1 core'"));
  });

  test('fails when given something that is not a pod spec', () => {
    expect(() => Qos.classOf(undefined)).toThrow(new Error("Qos.classOf: 'podSpec' must be a pod spec object, got undefined"));
  });

  test('fails when a quantity is too large to compare, in the library style', () => {
    const spec = { containers: [container('api', { limits: { cpu: '1e99999' } })] };
    expect(() => Qos.classOf(spec)).toThrow(new Error(
      "Qos.classOf: 'containers[0].resources.limits.cpu' must be a Kubernetes quantity such as 100m, 1.5 or 128Mi (at most 1e9991), got '1e99999'"));
  });
});

describe('Qos.explainNotGuaranteed', () => {
  test('is empty for a Guaranteed pod', () => {
    expect(Qos.explainNotGuaranteed({ containers: [container('api', exact('1', '1Gi'))] })).toEqual([]);
  });

  test('names each missing limit', () => {
    const spec = {
      containers: [container('api', exact('1', '1Gi')), container('log-shipper', { limits: { cpu: '100m' } })],
    };
    expect(Qos.explainNotGuaranteed(spec)).toEqual(["container 'log-shipper' has no memory limit"]);
  });

  test('names a request that differs from its limit', () => {
    const spec = { containers: [container('api', { requests: { cpu: '100m', memory: '1Gi' }, limits: { cpu: '200m', memory: '1Gi' } })] };
    expect(Qos.explainNotGuaranteed(spec)).toEqual(["container 'api' requests cpu 100m but its limit is 200m"]);
  });

  test('names init containers and containers without a name', () => {
    const spec = {
      containers: [container('api', exact('1', '1Gi'))],
      initContainers: [{ image: 'busybox', resources: { limits: { memory: '64Mi' } } }],
    };
    expect(Qos.explainNotGuaranteed(spec)).toEqual(['init container initContainers[0] has no cpu limit']);
  });

  test('explains a BestEffort pod', () => {
    expect(Qos.explainNotGuaranteed({ containers: [container('api')] })).toEqual([
      "container 'api' has no cpu limit",
      "container 'api' has no memory limit",
    ]);
    expect(Qos.explainNotGuaranteed({ containers: [] })).toEqual(['the pod has no containers']);
  });

  test('fails when given something that is not a pod spec, naming Qos.explainNotGuaranteed', () => {
    expect(() => Qos.explainNotGuaranteed(null)).toThrow(new Error("Qos.explainNotGuaranteed: 'podSpec' must be a pod spec object, got null"));
  });
});
