import * as fc from 'fast-check';
import { child, itemPath } from '../../src/validation/_problems';
import { ManifestValidator } from '../../src/validation/manifest-validator';
import { params } from '../harness/fuzz';

describe('the paths problems name', () => {
  test('are dotted for identifier keys, quoted in brackets for the others, indexed for list items', () => {
    expect(child('', 'spec')).toBe('spec');
    expect(child('spec', 'replicas')).toBe('spec.replicas');
    expect(child('metadata.labels', 'app.kubernetes.io/name')).toBe('metadata.labels["app.kubernetes.io/name"]');
    expect(child('data', '')).toBe('data[""]');
    expect(itemPath('spec.containers', 0)).toBe('spec.containers[0]');
    expect(itemPath('spec.containers', 12)).toBe('spec.containers[12]');
  });

  test('are the same asked once or many times, for any keys, also past the number of paths kept', () => {
    const fresh = (at: string, key: string) => (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key) ? (at === '' ? key : `${at}.${key}`) : `${at}[${JSON.stringify(key)}]`);
    fc.assert(fc.property(fc.array(fc.tuple(fc.string(), fc.string(), fc.nat(50)), { minLength: 1, maxLength: 50 }), pairs => {
      for (let round = 0; round < 2; round++) {
        for (const [at, key, i] of pairs) {
          expect(child(at, key)).toBe(fresh(at, key));
          expect(itemPath(at, i)).toBe(`${at}[${i}]`);
        }
      }
    }), params());
    const wrong: string[] = [];
    for (let i = 0; i < 70_000; i++) if (child(`p${i % 100}`, `k${i}`) !== `p${i % 100}.k${i}`) wrong.push(`k${i}`);
    for (let i = 0; i < 70_000; i++) if (itemPath(`q${i}`, i % 3) !== `q${i}[${i % 3}]`) wrong.push(`q${i}`);
    expect(wrong).toEqual([]);
    expect(child('spec', 'replicas')).toBe('spec.replicas');
  });

  test('name the field in a problem of a list item deep in a manifest', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1', ports: [{ containerPort: 80 }, { containerPort: 0 }] }] },
    };
    expect(ManifestValidator.validate(pod).map(p => p.path)).toEqual(['spec.containers[1].ports[1].containerPort']);
  });
});
