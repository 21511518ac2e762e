import { ImmutableConfigMap } from '../../src/config/immutable-config-map';
import { find, newChart, synth } from '../harness';

const DATA = { GREETING: 'a<b>&c', LOG_LEVEL: 'info' };

/** The name of the ConfigMap built in a fresh app from that data. */
function nameOf(data: { [key: string]: string }, base = 'app-config'): string {
  const chart = newChart();
  new ImmutableConfigMap(chart, 'config', { metadata: { name: base }, data });
  return find(synth(chart), 'ConfigMap').metadata.name;
}

describe('ImmutableConfigMap', () => {
  test('is named after its base name and a hash of its data, and is immutable', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    const config = new ImmutableConfigMap(chart, 'config', { metadata: { name: 'app-config' }, data: DATA });

    // THEN
    const manifest = find(synth(chart), 'ConfigMap');
    expect(manifest.metadata.name).toBe('app-config-d74d8fcttc');
    expect(manifest.immutable).toBe(true);
    expect(manifest.data).toEqual(DATA);
    expect(config.name).toBe('app-config-d74d8fcttc');
    expect(config.baseName).toBe('app-config');
    expect(config.hash).toBe('d74d8fcttc');
  });

  test('gives the names kubectl kustomize (kustomize v5.5.0) gives the same data', () => {
    // Names from `kubectl kustomize` on a configMapGenerator with these literals.
    expect(nameOf(DATA)).toBe('app-config-d74d8fcttc');
    expect(nameOf({ LOG_LEVEL: 'info' })).toBe('app-config-hf678c7m2b');
    expect(nameOf({ 9: 'nine', 10: 'ten', a: 'x' }, 'nums')).toBe('nums-7d26c445d4');
  });

  test('gives the same name to the same data, build after build and whatever the key order', () => {
    // WHEN
    const first = nameOf({ LOG_LEVEL: 'info', GREETING: 'a<b>&c' });
    const second = nameOf({ GREETING: 'a<b>&c', LOG_LEVEL: 'info' });

    // THEN
    expect(second).toBe(first);
  });

  test('gives another name when a value or a key changes', () => {
    // WHEN
    const names = [
      nameOf(DATA),
      nameOf({ ...DATA, LOG_LEVEL: 'debug' }),
      nameOf({ GREETING: 'a<b>&c', LOG_LEVEL_: 'info' }),
    ];

    // THEN
    expect(new Set(names).size).toBe(3);
  });

  test('takes the construct id as base name, and keeps the namespace and labels given', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    new ImmutableConfigMap(chart, 'app-config', { metadata: { namespace: 'ticketing', labels: { app: 'tickets-api' } }, data: DATA });

    // THEN
    const metadata = find(synth(chart), 'ConfigMap').metadata;
    expect(metadata).toEqual({ name: 'app-config-d74d8fcttc', namespace: 'ticketing', labels: { app: 'tickets-api' } });
  });

  test('returns copies of its data and keys', () => {
    // GIVEN
    const config = new ImmutableConfigMap(newChart(), 'app-config', { data: DATA });

    // WHEN
    config.data.LOG_LEVEL = 'debug';
    config.keys.push('EXTRA');

    // THEN
    expect(config.data).toEqual(DATA);
    expect(config.keys).toEqual(['GREETING', 'LOG_LEVEL']);
  });

  test('renders the course configuration (snapshot)', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    new ImmutableConfigMap(chart, 'tickets-api-config', {
      metadata: { namespace: 'ticketing' },
      data: { 'LOG_LEVEL': 'info', 'SEAT_HOLD_MINUTES': '15', 'app.yaml': 'features:\n  waitlist: true\n' },
    });

    // THEN
    expect(synth(chart)).toMatchSnapshot();
  });

  test('fails when the data is empty', () => {
    expect(() => new ImmutableConfigMap(newChart(), 'app-config', { data: {} })).toThrow(new Error(
      "test/app-config: 'data' must hold at least one key, got {}"));
  });

  test.each([
    ['has a space', 'log level'],
    ["starts with '..'", '..hidden'],
    ["is '.'", '.'],
    ["has a '/'", 'a/b'],
    ['is empty', ''],
    ['is over 253 characters', 'k'.repeat(254)],
  ])('fails when a key %s', (_, key) => {
    expect(() => new ImmutableConfigMap(newChart(), 'app-config', { data: { [key]: 'x' } })).toThrow(new Error(
      "test/app-config: 'data' must only have ConfigMap or Secret keys (at most 253 letters, digits, '-', '_' and '.', "
      + `neither '.' nor starting with '..'), got '${key}'`));
  });

  test('fails when a value is not a string', () => {
    expect(() => new ImmutableConfigMap(newChart(), 'app-config', { data: { PORT: 8080 as any } })).toThrow(new Error(
      "test/app-config: 'data[PORT]' must be a string (quote numbers and booleans), got 8080"));
  });

  test.each(['App-Config', 'app_config', '-app'])('fails when the base name is %j', (name) => {
    expect(() => new ImmutableConfigMap(newChart(), 'config', { metadata: { name }, data: DATA })).toThrow(new Error(
      "test/config: 'metadata.name' must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending "
      + `with a letter or digit, at most 253 characters), got '${name}'`));
  });

  test('fails when the base name leaves no room for the hash', () => {
    expect(() => new ImmutableConfigMap(newChart(), 'config', { metadata: { name: 'a'.repeat(243) }, data: DATA })).toThrow(new Error(
      "test/config: 'metadata.name' must be at most 242 characters, to leave room for the '-' and the 10-character content hash, got 243 characters"));
  });

  test('fails when the data is over 1 MiB', () => {
    expect(() => new ImmutableConfigMap(newChart(), 'config', { data: { big: 'x'.repeat(1024 * 1024) } })).toThrow(new Error(
      "test/config: 'data' must hold at most 1048576 bytes (1 MiB), the most a ConfigMap can hold, got 1048579 bytes"));
  });

  test('fails when the namespace of its metadata is not a DNS-1123 label', () => {
    expect(() => new ImmutableConfigMap(newChart(), 'app-config', { metadata: { namespace: ' ' }, data: DATA })).toThrow(new Error(
      "test/app-config: 'metadata.namespace' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got ' '"));
  });

  test('fails when the data is a string (a JavaScript caller), which would otherwise make keys 0, 1, 2...', () => {
    expect(() => new ImmutableConfigMap(newChart(), 'app-config', { data: 'info' as any })).toThrow(new Error(
      "test/app-config: 'data' must be an object of keys and their values, got a string"));
  });
});
