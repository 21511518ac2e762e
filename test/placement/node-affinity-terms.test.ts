import { Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { PodSecurityLevel } from '../../src';
import { nodeAffinityTerms } from '../../src/_plus';
import { newChart, podSpec, synth } from '../harness';

describe('nodeAffinityTerms (cdk8s-plus internals)', () => {
  test('holds the terms attract() adds, and renders what is pushed there, a Lazy resolved at synth', () => {
    // GIVEN
    const chart = newChart();
    const web = new kplus.Deployment(chart, 'web', {
      metadata: { name: 'web' },
      containers: [{ name: 'api', image: 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2' }],
    });
    web.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.exists('disktype')), { weight: 10 });
    const terms = nodeAffinityTerms(web.scheduling);
    expect(terms.preferred).toEqual([{ weight: 10, preference: { matchExpressions: [{ key: 'disktype', operator: 'Exists', values: undefined }] } }]);
    const fields: unknown[] = [];

    // WHEN
    terms.required.push(Lazy.any({ produce: () => ({ matchFields: fields }) }));
    terms.preferred.push({ weight: 20, preference: { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] } });
    fields.push({ key: 'metadata.name', operator: 'NotIn', values: ['node-2'] });

    // THEN (a plain cdk8s-plus pod: only the placement matters here)
    const manifests = synth(chart, { podSecurityLevel: PodSecurityLevel.PRIVILEGED });
    const nodeAffinity = podSpec(manifests, 'Deployment', 'web').affinity.nodeAffinity;
    expect(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual({
      nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-2'] }] }],
    });
    expect(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[1]).toEqual({
      weight: 20, preference: { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] },
    });
  });

  test('fails when cdk8s-plus keeps the terms elsewhere', () => {
    expect(() => nodeAffinityTerms({})).toThrow(new Error(
      'cdk8s-plus no longer keeps node affinity terms in PodScheduling._nodeAffinityRequired and _nodeAffinityPreferred: update nodeAffinityTerms in src/_plus.ts'));
  });
});
