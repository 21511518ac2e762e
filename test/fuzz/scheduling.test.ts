import * as fc from 'fast-check';
import { Deployment, PreemptionPolicy, PriorityClass } from '../../src';
import { dnsLabel } from '../harness/fuzz';
import { acceptsEvery, annotations, IMAGE, labels, METADATA_FIELDS, refusesEvery, Subject, text } from '../harness/props';

describe('PriorityClass', () => {
  const subject: Subject<any> = {
    spec: fc.record({
      metadata: fc.record({
        name: fc.array(dnsLabel, { minLength: 1, maxLength: 2 }).map(parts => parts.join('.')).filter(n => !n.startsWith('system-')),
        labels,
        annotations,
      }, { requiredKeys: [] }),
      value: fc.oneof(fc.integer({ min: -(2 ** 31), max: 1_000_000_000 }), fc.constantFrom(-(2 ** 31), 0, 1_000_000_000)),
      globalDefault: fc.boolean(),
      description: fc.oneof(text(40), fc.constant('For the checkout path.\nPage the on-call team first.')),
      preemptionPolicy: fc.constantFrom(PreemptionPolicy.PREEMPT_LOWER_PRIORITY, PreemptionPolicy.NEVER),
      // whether a Deployment's pods take the class
      used: fc.boolean(),
    }, { requiredKeys: ['value', 'used'] }),
    fields: [...METADATA_FIELDS, 'value', 'globalDefault', 'description', 'preemptionPolicy'],
    build: (chart, { used, ...props }) => {
      const priority = new PriorityClass(chart, 'critical', props);
      if (used) new Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ name: 'app', image: IMAGE }], priorityClass: priority });
    },
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject));
});
