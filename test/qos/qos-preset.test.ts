import { Size } from 'cdk8s';
import { QosClass, QosPreset } from '../../src';
import { kplus } from '../../src/_plus';

describe('QosPreset', () => {
  test('a Burstable preset keeps its requests and limits per resource', () => {
    // WHEN
    const preset = QosPreset.burstable({
      requests: { cpu: kplus.Cpu.millis(100) },
      limits: { cpu: kplus.Cpu.millis(500), memory: Size.mebibytes(256) },
    });

    // THEN
    expect(preset.qosClass).toBe(QosClass.BURSTABLE);
    expect(preset.resources.cpu).toEqual({ request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) });
    expect(preset.resources.memory).toEqual({ request: undefined, limit: Size.mebibytes(256) });
  });

  test('fails when a Burstable preset requests nothing', () => {
    expect(() => QosPreset.burstable({ requests: {} })).toThrow(new Error("QosPreset.burstable: 'requests' must set cpu or memory, got {}"));
  });

  test('fails when a Burstable preset requests only zero amounts, which make a BestEffort pod', () => {
    expect(() => QosPreset.burstable({ requests: { cpu: kplus.Cpu.millis(0) } })).toThrow(new Error(
      'QosPreset.burstable: \'requests\' must request cpu or memory above 0 (Kubernetes counts no zero amount), got {"cpu":{"amount":"0m"}}; use QosPreset.bestEffort() for no resources'));
  });

  test('fails when a Burstable preset limits cpu and memory at their requests, which makes a Guaranteed pod', () => {
    expect(() => QosPreset.burstable({
      requests: { cpu: kplus.Cpu.millis(5) },
      limits: { cpu: kplus.Cpu.millis(5), memory: Size.mebibytes(64) },
    })).toThrow(new Error(
      "QosPreset.burstable: 'limits' must leave a resource unlimited or above its request, got limits equal to the requests for both cpu and memory, which makes the pod Guaranteed; use QosPreset.guaranteed()"));
  });

  test('fails when a Burstable request is above its limit', () => {
    expect(() => QosPreset.burstable({ requests: { cpu: kplus.Cpu.millis(600) }, limits: { cpu: kplus.Cpu.millis(500) } })).toThrow(new Error(
      "QosPreset.burstable: 'limits.cpu' must be at least its request (600m), got 500m"));
  });

  test('fails when a Burstable amount is negative or not a number', () => {
    expect(() => QosPreset.burstable({ requests: { cpu: kplus.Cpu.millis(-1) } })).toThrow(new Error(
      "QosPreset.burstable: 'requests.cpu' must be a CPU amount of at least 0 such as Cpu.millis(250) or Cpu.units(1), got '-1m'"));
    expect(() => QosPreset.burstable({ requests: { memory: Size.mebibytes(NaN) } })).toThrow(new Error(
      "QosPreset.burstable: 'requests.memory' must be a whole number of mebibytes, got 'NaNMi'"));
  });

  test('fails when a Burstable preset is given no options (from JavaScript)', () => {
    expect(() => (QosPreset.burstable as any)()).toThrow(new Error("QosPreset.burstable: 'options' must be an object, got undefined"));
  });

  test('fails when a Guaranteed preset has no memory', () => {
    expect(() => QosPreset.guaranteed({ cpu: kplus.Cpu.millis(250) } as any)).toThrow(new Error(
      "QosPreset.guaranteed: 'memory' must be given and above 0 (a Guaranteed pod requests and limits both cpu and memory), got undefined"));
  });

  test('fails when a Guaranteed preset has no cpu', () => {
    expect(() => QosPreset.guaranteed({ memory: Size.mebibytes(256) } as any)).toThrow(new Error(
      "QosPreset.guaranteed: 'cpu' must be given and above 0 (a Guaranteed pod requests and limits both cpu and memory), got undefined"));
  });

  test('fails when a Guaranteed preset has zero cpu, which makes a Burstable pod', () => {
    expect(() => QosPreset.guaranteed({ cpu: kplus.Cpu.millis(0), memory: Size.mebibytes(256) })).toThrow(new Error(
      "QosPreset.guaranteed: 'cpu' must be given and above 0 (a Guaranteed pod requests and limits both cpu and memory), got '0m'"));
  });

  test('fails when a Guaranteed amount is not a Cpu or a Size (from JavaScript)', () => {
    expect(() => QosPreset.guaranteed({ cpu: '250m' as any, memory: Size.mebibytes(256) })).toThrow(new Error(
      "QosPreset.guaranteed: 'cpu' must be a Cpu such as Cpu.millis(250), got '250m'"));
    expect(() => QosPreset.guaranteed({ cpu: kplus.Cpu.millis(250), memory: 256 as any })).toThrow(new Error(
      "QosPreset.guaranteed: 'memory' must be a Size such as Size.mebibytes(256), got 256"));
  });
});
