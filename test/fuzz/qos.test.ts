import { Size } from 'cdk8s';
import * as fc from 'fast-check';
import { Deployment, Qos, QosClass, QosPreset } from '../../src';
import { kplus } from '../../src/_plus';
import { libraryMessage, params } from '../harness/fuzz';
import { acceptsEvery, badValue, IMAGE, refusesEvery, Subject } from '../harness/props';

const cpu = (min: number) => fc.integer({ min, max: 4000 }).map(m => kplus.Cpu.millis(m));
const memory = (min: number) => fc.integer({ min, max: 4096 }).map(m => Size.mebibytes(m));

describe('QosPreset', () => {
  // a cpu limit above its request: never a Guaranteed pod
  const millis = fc.integer({ min: 1, max: 2000 });
  const mebibytes = fc.integer({ min: 0, max: 1024 });
  const amounts = fc.tuple(millis, millis, mebibytes, mebibytes);
  const burstable = amounts.chain(([cpuRequest, cpuExtra, memoryRequest, memoryExtra]) => fc.record({
    requests: fc.record({ cpu: fc.constant(kplus.Cpu.millis(cpuRequest)), memory: fc.constant(Size.mebibytes(memoryRequest)) }, { requiredKeys: ['cpu'] }),
    limits: fc.record({
      cpu: fc.constant(kplus.Cpu.millis(cpuRequest + cpuExtra)),
      memory: fc.constant(Size.mebibytes(memoryRequest + memoryExtra)),
    }, { requiredKeys: [] }),
  }, { requiredKeys: ['requests'] }));
  const subject: Subject<any> = {
    spec: fc.oneof(
      fc.record({ factory: fc.constant('bestEffort'), options: fc.constant(undefined) }),
      fc.record({ factory: fc.constant('guaranteed'), options: fc.record({ cpu: cpu(1), memory: memory(1) }) }),
      fc.record({ factory: fc.constant('burstable'), options: burstable }),
    ).chain(qos => fc.record({ qos: fc.constant(qos), containers: fc.integer({ min: 1, max: 3 }) })),
    fields: [
      'qos', 'qos.options', 'qos.options.cpu', 'qos.options.memory', 'qos.options.requests', 'qos.options.requests.cpu',
      'qos.options.requests.memory', 'qos.options.limits', 'qos.options.limits.cpu', 'qos.options.limits.memory',
    ],
    build: (chart, { qos, containers }) => {
      const factory = typeof qos === 'object' && qos !== null ? (QosPreset as any)[qos.factory] : undefined;
      new Deployment(chart, 'web', {
        metadata: { name: 'web' },
        qos: factory ? factory(qos.options) : qos,
        containers: Array.from({ length: containers }, (_, i) => ({ name: `c-${i}`, image: IMAGE })),
      });
    },
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  // options of another preset are refused for what they lack, and so are requests or limits left without their only entry
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, {
    alsoNamed: { options: ['requests', 'cpu', 'memory'], cpu: ['requests', 'limits'], memory: ['requests', 'limits'] },
  }));
});

describe('Qos', () => {
  const quantity = fc.oneof(
    fc.constantFrom('100m', '0', '1', '1.5', '128Mi', '1Gi', '2e3', 0, 2, 0.5),
    fc.integer({ min: 0, max: 4000 }).map(m => `${m}m`),
    { weight: 1, arbitrary: badValue },
  );
  const amounts = fc.record({ cpu: quantity, memory: quantity }, { requiredKeys: [] });
  const podSpec = fc.record({
    containers: fc.array(fc.record({ name: fc.constantFrom('a', 'b'), resources: fc.record({ requests: amounts, limits: amounts }, { requiredKeys: [] }) }, { requiredKeys: [] }), { maxLength: 3 }),
    initContainers: fc.array(fc.record({ resources: fc.record({ limits: amounts }) }), { maxLength: 1 }),
  }, { requiredKeys: [] });

  test("classifies every pod spec, or refuses it with the library's error", () => {
    fc.assert(fc.property(fc.oneof(podSpec, badValue), spec => {
      for (const [factory, run] of [['Qos.classOf', () => Qos.classOf(spec)], ['Qos.explainNotGuaranteed', () => Qos.explainNotGuaranteed(spec)]] as const) {
        let result: unknown;
        try {
          result = run();
        } catch (e) {
          expect(libraryMessage(e)).toMatch(new RegExp(`^${factory}: '`));
          continue;
        }
        if (factory === 'Qos.classOf') expect(Object.values(QosClass)).toContain(result);
        else expect(Array.isArray(result)).toBe(true);
      }
    }), params());
  });
});
