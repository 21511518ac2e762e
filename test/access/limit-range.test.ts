import { Chart, Size } from 'cdk8s';
import { kplus } from '../../src/_plus';
import { LimitRange, LimitRangeProps } from '../../src/access/limit-range';
import { find, newChart, synth, testApp } from '../harness';

const QUANTITY = 'must be a Kubernetes quantity (a decimal number with an optional suffix such as m, k, Ki, Mi or Gi, e.g. 500m, 1.5, 256Mi)';

/** A chart whose namespace is `ticketing`. */
function ticketing(): Chart {
  return new Chart(testApp(), 'test', { namespace: 'ticketing' });
}

/** The one item of the LimitRange made with those props, synthesized. */
function itemOf(props: LimitRangeProps): any {
  const chart = ticketing();
  new LimitRange(chart, 'limits', props);
  return find(synth(chart), 'LimitRange').spec.limits[0];
}

/** A LimitRange made with those props, as a function for `toThrow`. */
const limits = (props: LimitRangeProps) => () => new LimitRange(ticketing(), 'limits', props);

describe('LimitRange', () => {
  test("renders one Container item with every amount given, in the chart's namespace", () => {
    // GIVEN
    const chart = ticketing();

    // WHEN
    const range = new LimitRange(chart, 'limits', {
      defaultRequest: { cpu: kplus.Cpu.millis(100), memory: Size.mebibytes(128) },
      defaultLimit: { cpu: kplus.Cpu.millis(500), memory: Size.mebibytes(256) },
      min: { cpu: kplus.Cpu.millis(50), memory: Size.mebibytes(64) },
      max: { cpu: kplus.Cpu.units(2), memory: Size.gibibytes(1) },
      maxLimitRequestRatio: { cpu: '10' },
    });
    const manifest = find(synth(chart), 'LimitRange');

    // THEN
    expect(manifest.metadata.namespace).toBe('ticketing');
    expect(manifest.spec.limits).toEqual([{
      type: 'Container',
      default: { cpu: '500m', memory: '256Mi' },
      defaultRequest: { cpu: '100m', memory: '128Mi' },
      min: { cpu: '50m', memory: '64Mi' },
      max: { cpu: '2', memory: '1Gi' },
      maxLimitRequestRatio: { cpu: '10' },
    }]);
    expect(range.namespace).toBe('ticketing');
  });

  test('renders only the amounts given, leaving Kubernetes to derive the defaults', () => {
    // WHEN
    const item = itemOf({ min: { memory: Size.mebibytes(64) }, max: { cpu: kplus.Cpu.units(1) } });

    // THEN
    expect(item).toEqual({ type: 'Container', min: { memory: '64Mi' }, max: { cpu: '1' } });
  });

  test('compares amounts by value, whatever their unit', () => {
    // WHEN
    const item = itemOf({
      defaultRequest: { cpu: kplus.Cpu.millis(1000), memory: Size.mebibytes(1024) },
      defaultLimit: { cpu: kplus.Cpu.units(1), memory: Size.gibibytes(1) },
      max: { cpu: kplus.Cpu.units(1.5), memory: Size.gibibytes(1.5) },
    });

    // THEN
    expect(item).toEqual({
      type: 'Container',
      defaultRequest: { cpu: '1000m', memory: '1024Mi' },
      default: { cpu: '1', memory: '1Gi' },
      max: { cpu: '1.5', memory: '1.5Gi' },
    });
  });

  test('takes the metadata given: name, labels, annotations and a namespace other than the chart\'s', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    const range = new LimitRange(chart, 'limits', {
      metadata: { namespace: 'shop', name: 'container-limits', labels: { team: 'shop' }, annotations: { 'example.com/owner': 'shop' } },
      max: { cpu: kplus.Cpu.units(1) },
    });

    // THEN
    expect(find(synth(chart), 'LimitRange').metadata).toEqual({
      name: 'container-limits',
      namespace: 'shop',
      labels: { team: 'shop' },
      annotations: { 'example.com/owner': 'shop' },
    });
    expect(range.namespace).toBe('shop');
  });

  test('accepts a default request equal to the default limit, and defaults for different resources in two LimitRanges', () => {
    // GIVEN
    const chart = ticketing();

    // WHEN
    new LimitRange(chart, 'cpu', { defaultRequest: { cpu: kplus.Cpu.millis(500) }, defaultLimit: { cpu: kplus.Cpu.millis(500) } });
    new LimitRange(chart, 'memory', { defaultLimit: { memory: Size.mebibytes(256) } });

    // THEN
    expect(synth(chart).filter(m => m.kind === 'LimitRange')).toHaveLength(2);
  });

  test('snapshot', () => {
    // GIVEN
    const chart = ticketing();

    // WHEN
    new LimitRange(chart, 'limits', {
      metadata: { name: 'container-defaults' },
      defaultRequest: { cpu: kplus.Cpu.millis(100), memory: Size.mebibytes(128) },
      defaultLimit: { cpu: kplus.Cpu.millis(500), memory: Size.mebibytes(256) },
      max: { cpu: kplus.Cpu.units(2), memory: Size.gibibytes(1) },
      maxLimitRequestRatio: { cpu: '5' },
    });

    // THEN
    expect(synth(chart)).toMatchSnapshot();
  });

  test.each([
    ['defaultRequest', "'250m'", '250m', "must be a Cpu such as Cpu.millis(250), got '250m'"],
    ['min', 'Cpu.millis(-1)', kplus.Cpu.millis(-1), "must be a CPU amount of at least 0 such as Cpu.millis(250) or Cpu.units(1), got '-1m'"],
    ['max', 'Cpu.millis(NaN)', kplus.Cpu.millis(NaN), "must be a CPU amount of at least 0 such as Cpu.millis(250) or Cpu.units(1), got 'NaNm'"],
    ['defaultLimit', 'Cpu.units(Infinity)', kplus.Cpu.units(Infinity), "must be a CPU amount of at least 0 such as Cpu.millis(250) or Cpu.units(1), got 'Infinity'"],
    ['max', 'a Size', Size.gibibytes(1), 'must be a Cpu such as Cpu.millis(250), got {"amount":1,"unit":{"label":"gibibytes","inKibiBytes":1048576,"abbr":"Gi"}}'],
  ] as const)('fails when %s.cpu is %s', (field, _, value, problem) => {
    expect(limits({ [field]: { cpu: value as any } })).toThrow(new Error(`test/limits: '${field}.cpu' ${problem}`));
  });

  test.each([
    ['defaultRequest', "'256Mi'", '256Mi', "must be a Size such as Size.mebibytes(256), got '256Mi'"],
    ['min', 'Size.mebibytes(NaN)', Size.mebibytes(NaN), "must be a whole number of mebibytes, got 'NaNMi'"],
    ['max', 'Size.kibibytes(0.5)', Size.kibibytes(0.5), "must be a whole number of mebibytes, got '0.5Ki'"],
    ['defaultLimit', 'Size.gibibytes(Infinity)', Size.gibibytes(Infinity), "must be a whole number of mebibytes, got 'InfinityGi'"],
    ['max', 'Size.gibibytes(1e21)', Size.gibibytes(1e21), "must be a Size Kubernetes can hold, below 1e21 of its unit, got '1e+21Gi'"],
  ] as const)('fails when %s.memory is %s', (field, _, value, problem) => {
    expect(limits({ [field]: { memory: value as any } })).toThrow(new Error(`test/limits: '${field}.memory' ${problem}`));
  });

  test.each(['x2', '0,5', '4 '])('fails when maxLimitRequestRatio.cpu is the bad quantity %j', (value) => {
    expect(limits({ maxLimitRequestRatio: { cpu: value } })).toThrow(new Error(
      `test/limits: 'maxLimitRequestRatio.cpu' ${QUANTITY}, got '${value}'`));
  });

  test('fails when maxLimitRequestRatio is a Cpu (a JavaScript caller)', () => {
    expect(limits({ maxLimitRequestRatio: { cpu: kplus.Cpu.units(4) as any } })).toThrow(new Error(
      `test/limits: 'maxLimitRequestRatio.cpu' ${QUANTITY}, got {"amount":"4"}`));
  });

  test('fails when maxLimitRequestRatio is negative', () => {
    expect(limits({ maxLimitRequestRatio: { memory: '-2' } })).toThrow(new Error("test/limits: 'maxLimitRequestRatio.memory' must not be negative, got '-2'"));
  });

  test('fails when the default request is above the default limit', () => {
    expect(limits({ defaultRequest: { cpu: kplus.Cpu.units(1) }, defaultLimit: { cpu: kplus.Cpu.millis(500) } })).toThrow(new Error(
      "test/limits: 'defaultRequest.cpu' must not exceed 'defaultLimit.cpu' (500m), got '1'"));
  });

  test('fails when the default request is above max, the default limit when none is given', () => {
    expect(limits({ defaultRequest: { memory: Size.gibibytes(2) }, max: { memory: Size.mebibytes(1024) } })).toThrow(new Error(
      "test/limits: 'defaultRequest.memory' must not exceed 'max.memory' (1024Mi), got '2Gi'"));
  });

  test('fails when min is above max', () => {
    expect(limits({ min: { cpu: kplus.Cpu.units(2) }, max: { cpu: kplus.Cpu.millis(1000) } })).toThrow(new Error(
      "test/limits: 'min.cpu' must not exceed 'max.cpu' (1000m), got '2'"));
  });

  test('fails when the default limit is above max', () => {
    expect(limits({ defaultLimit: { memory: Size.gibibytes(2) }, max: { memory: Size.gibibytes(1) } })).toThrow(new Error(
      "test/limits: 'defaultLimit.memory' must not exceed 'max.memory' (1Gi), got '2Gi'"));
  });

  test('fails when the default limit is below min', () => {
    expect(limits({ defaultLimit: { cpu: kplus.Cpu.millis(100) }, min: { cpu: kplus.Cpu.millis(200) } })).toThrow(new Error(
      "test/limits: 'defaultLimit.cpu' must not be below 'min.cpu' (200m), got '100m'"));
  });

  test('fails when the default request is below min', () => {
    expect(limits({ defaultRequest: { memory: Size.mebibytes(32) }, min: { memory: Size.mebibytes(64) } })).toThrow(new Error(
      "test/limits: 'defaultRequest.memory' must not be below 'min.memory' (64Mi), got '32Mi'"));
  });

  test('fails when maxLimitRequestRatio is below 1', () => {
    expect(limits({ maxLimitRequestRatio: { cpu: '0.5' } })).toThrow(new Error(
      "test/limits: 'maxLimitRequestRatio.cpu' must be at least 1, as a limit is never below its request, got '0.5'"));
  });

  test('fails when the defaults break maxLimitRequestRatio', () => {
    expect(limits({ defaultRequest: { cpu: kplus.Cpu.millis(100) }, defaultLimit: { cpu: kplus.Cpu.units(1) }, maxLimitRequestRatio: { cpu: '4' } })).toThrow(new Error(
      "test/limits: 'maxLimitRequestRatio.cpu' must allow the ratio of the default limit ('defaultLimit.cpu', 1) to the default request ('defaultRequest.cpu', 100m), "
      + "which is 10, got '4': every container left to the defaults would be refused"));
  });

  test('fails when it sets no amount', () => {
    expect(limits({ min: {} })).toThrow(new Error(
      "test/limits: 'props' must set a cpu or memory amount in 'defaultRequest', 'defaultLimit', 'min', 'max' or 'maxLimitRequestRatio', got none: an empty LimitRange constrains nothing"));
  });

  test('fails when a second LimitRange gives a default for the same resource in the namespace', () => {
    // GIVEN
    const chart = ticketing();
    new LimitRange(chart, 'limits', { defaultLimit: { cpu: kplus.Cpu.millis(500) } });

    // THEN
    expect(() => new LimitRange(chart, 'more', { max: { cpu: kplus.Cpu.units(1) } })).toThrow(new Error(
      "test/more: 'max.cpu' must not give containers a second default cpu in namespace 'ticketing', got one besides the LimitRange test/limits: "
      + "Kubernetes does not say which applies (a LimitRange defaults the limit to 'max' and the request to the default limit or 'min'); keep the container defaults in one LimitRange"));
  });

  test('fails when it has no namespace', () => {
    expect(() => new LimitRange(newChart(), 'limits', { max: { cpu: kplus.Cpu.units(1) } })).toThrow(new Error(
      "test/limits: 'metadata.namespace' must be given (or set on the chart), as a LimitRange constrains the containers of one namespace, got none"));
  });

  test('fails when the metadata is not an object (a JavaScript caller)', () => {
    expect(limits({ metadata: 'container-defaults' as any, max: { cpu: kplus.Cpu.units(1) } })).toThrow(new Error(
      "test/limits: 'metadata' must be an object, got 'container-defaults'"));
  });

  test('fails when the namespace is not a DNS-1123 label', () => {
    expect(limits({ metadata: { namespace: 'Shop' }, max: { cpu: kplus.Cpu.units(1) } })).toThrow(new Error(
      "test/limits: 'metadata.namespace' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got 'Shop'"));
  });

  test('fails when the name is not a DNS-1123 subdomain', () => {
    expect(limits({ metadata: { name: 'Container_Defaults' }, max: { cpu: kplus.Cpu.units(1) } })).toThrow(new Error(
      "test/limits: 'metadata.name' must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters), got 'Container_Defaults'"));
  });

  test('fails when an amount group is not an object, or holds another resource (a JavaScript caller)', () => {
    expect(limits({ max: '1' as any })).toThrow(new Error("test/limits: 'max' must be an object, got '1'"));
    expect(limits({ max: { cpu: kplus.Cpu.units(1), storage: Size.gibibytes(1) } as any })).toThrow(new Error("test/limits: 'max' must only hold cpu, memory, got 'storage'"));
  });
});
