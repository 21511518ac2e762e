import { Chart, Testing } from 'cdk8s';
import { LimitRange, LimitRangeProps } from '../../src/access/limit-range';
import { find, newChart, synth } from '../harness';

const QUANTITY = 'must be a Kubernetes quantity (a decimal number with an optional suffix such as m, k, Ki, Mi or Gi, e.g. 500m, 1.5, 256Mi)';

/** A chart whose namespace is `ticketing`. */
function ticketing(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'ticketing' });
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
      defaultRequest: { cpu: '100m', memory: '128Mi' },
      defaultLimit: { cpu: '500m', memory: '256Mi' },
      min: { cpu: '50m', memory: '64Mi' },
      max: { cpu: '2', memory: '1Gi' },
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
    const item = itemOf({ min: { memory: '64Mi' }, max: { cpu: '1' } });

    // THEN
    expect(item).toEqual({ type: 'Container', min: { memory: '64Mi' }, max: { cpu: '1' } });
  });

  test('takes its name and a namespace other than the chart\'s when given', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    new LimitRange(chart, 'limits', { namespace: 'shop', name: 'container-limits', max: { cpu: '1' } });

    // THEN
    expect(find(synth(chart), 'LimitRange').metadata).toEqual({ name: 'container-limits', namespace: 'shop' });
  });

  test('accepts a default request equal to the default limit, and defaults for different resources in two LimitRanges', () => {
    // GIVEN
    const chart = ticketing();

    // WHEN
    new LimitRange(chart, 'cpu', { defaultRequest: { cpu: '500m' }, defaultLimit: { cpu: '500m' } });
    new LimitRange(chart, 'memory', { defaultLimit: { memory: '256Mi' } });

    // THEN
    expect(synth(chart).filter(m => m.kind === 'LimitRange')).toHaveLength(2);
  });

  test('snapshot', () => {
    // GIVEN
    const chart = ticketing();

    // WHEN
    new LimitRange(chart, 'limits', {
      name: 'container-defaults',
      defaultRequest: { cpu: '100m', memory: '128Mi' },
      defaultLimit: { cpu: '500m', memory: '256Mi' },
      max: { cpu: '2', memory: '1Gi' },
      maxLimitRequestRatio: { cpu: '5' },
    });

    // THEN
    expect(synth(chart)).toMatchSnapshot();
  });

  test.each([
    ['defaultRequest', 'cpu', 'lots'],
    ['defaultLimit', 'memory', '256MB'],
    ['min', 'cpu', '0,5'],
    ['max', 'memory', 'Gi'],
    ['maxLimitRequestRatio', 'cpu', 'x2'],
  ] as const)('fails when %s.%s is the bad quantity %j', (field, resource, value) => {
    expect(limits({ [field]: { [resource]: value } })).toThrow(new Error(
      `test/limits: '${field}.${resource}' ${QUANTITY}, got '${value}'`));
  });

  test('fails when an amount is negative', () => {
    expect(limits({ min: { cpu: '-100m' } })).toThrow(new Error("test/limits: 'min.cpu' must not be negative, got '-100m'"));
  });

  test('fails when the default request is above the default limit', () => {
    expect(limits({ defaultRequest: { cpu: '1' }, defaultLimit: { cpu: '500m' } })).toThrow(new Error(
      "test/limits: 'defaultRequest.cpu' must not exceed 'defaultLimit.cpu' (500m), got '1'"));
  });

  test('fails when the default request is above max, the default limit when none is given', () => {
    expect(limits({ defaultRequest: { memory: '2Gi' }, max: { memory: '1Gi' } })).toThrow(new Error(
      "test/limits: 'defaultRequest.memory' must not exceed 'max.memory' (1Gi), got '2Gi'"));
  });

  test('fails when min is above max', () => {
    expect(limits({ min: { cpu: '2' }, max: { cpu: '1' } })).toThrow(new Error(
      "test/limits: 'min.cpu' must not exceed 'max.cpu' (1), got '2'"));
  });

  test('fails when the default limit is above max', () => {
    expect(limits({ defaultLimit: { memory: '2Gi' }, max: { memory: '1Gi' } })).toThrow(new Error(
      "test/limits: 'defaultLimit.memory' must not exceed 'max.memory' (1Gi), got '2Gi'"));
  });

  test('fails when the default limit is below min', () => {
    expect(limits({ defaultLimit: { cpu: '100m' }, min: { cpu: '200m' } })).toThrow(new Error(
      "test/limits: 'defaultLimit.cpu' must not be below 'min.cpu' (200m), got '100m'"));
  });

  test('fails when the default request is below min', () => {
    expect(limits({ defaultRequest: { memory: '32Mi' }, min: { memory: '64Mi' } })).toThrow(new Error(
      "test/limits: 'defaultRequest.memory' must not be below 'min.memory' (64Mi), got '32Mi'"));
  });

  test('fails when maxLimitRequestRatio is below 1', () => {
    expect(limits({ maxLimitRequestRatio: { cpu: '0.5' } })).toThrow(new Error(
      "test/limits: 'maxLimitRequestRatio.cpu' must be at least 1, as a limit is never below its request, got '0.5'"));
  });

  test('fails when the defaults break maxLimitRequestRatio', () => {
    expect(limits({ defaultRequest: { cpu: '100m' }, defaultLimit: { cpu: '1' }, maxLimitRequestRatio: { cpu: '4' } })).toThrow(new Error(
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
    new LimitRange(chart, 'limits', { defaultLimit: { cpu: '500m' } });

    // THEN
    expect(() => new LimitRange(chart, 'more', { max: { cpu: '1' } })).toThrow(new Error(
      "test/more: 'max.cpu' must not give containers a second default cpu in namespace 'ticketing', got one besides the LimitRange test/limits: "
      + "Kubernetes does not say which applies (a LimitRange defaults the limit to 'max' and the request to the default limit or 'min'); keep the container defaults in one LimitRange"));
  });

  test('fails when it has no namespace', () => {
    expect(() => new LimitRange(newChart(), 'limits', { max: { cpu: '1' } })).toThrow(new Error(
      "test/limits: 'namespace' must be given (or set on the chart), as a LimitRange constrains the containers of one namespace, got none"));
  });

  test('fails when an amount group is not an object, or holds another resource (a JavaScript caller)', () => {
    expect(limits({ max: '1' as any })).toThrow(new Error("test/limits: 'max' must be an object, got '1'"));
    expect(limits({ max: { cpu: '1', storage: '1Gi' } as any })).toThrow(new Error("test/limits: 'max' must only hold cpu, memory, got 'storage'"));
  });
});
