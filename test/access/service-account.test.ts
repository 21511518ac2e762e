import { Chart } from 'cdk8s';
import { kplus } from '../../src/_plus';
import { ServiceAccount, ServiceAccountProps } from '../../src/access/service-account';
import { Deployment } from '../../src/workloads/deployment';
import { Job } from '../../src/workloads/job';
import { find, newChart, podSpec, synth, testApp } from '../harness';

const IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';

/** A chart whose namespace is `ticketing`. */
function ticketing(): Chart {
  return new Chart(testApp(), 'test', { namespace: 'ticketing' });
}

describe('ServiceAccount', () => {
  test('mounts no API token and is what the workload runs as', () => {
    // GIVEN
    const chart = ticketing();
    const account = new ServiceAccount(chart, 'identity', { metadata: { name: 'tickets-api' } });

    // WHEN
    new Deployment(chart, 'api', { serviceAccount: account, containers: [{ image: IMAGE }] });
    const manifests = synth(chart);

    // THEN
    expect(find(manifests, 'ServiceAccount')).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'tickets-api', namespace: 'ticketing' },
      automountServiceAccountToken: false,
    });
    const spec = podSpec(manifests, 'Deployment');
    expect(spec.serviceAccountName).toBe('tickets-api');
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(account).toBeInstanceOf(kplus.ServiceAccount);
  });

  test('mounts the token when the account and the workload both ask for it', () => {
    // GIVEN
    const chart = ticketing();
    const account = new ServiceAccount(chart, 'identity', { metadata: { name: 'operator' }, automountToken: true });

    // WHEN
    new Deployment(chart, 'operator', { serviceAccount: account, automountServiceAccountToken: true, containers: [{ image: IMAGE }] });
    const manifests = synth(chart);

    // THEN
    expect(find(manifests, 'ServiceAccount').automountServiceAccountToken).toBe(true);
    expect(podSpec(manifests, 'Deployment').automountServiceAccountToken).toBe(true);
  });

  test('lists the Secrets of `secrets` and of addSecret(), and renders the labels of its metadata', () => {
    // GIVEN
    const chart = ticketing();
    const props: ServiceAccountProps = {
      metadata: { name: 'ci-deployer', labels: { team: 'ci' } },
      secrets: [kplus.Secret.fromSecretName(chart, 'token', 'ci-token')],
    };

    // WHEN
    const account = new ServiceAccount(chart, 'identity', props);
    account.addSecret(kplus.Secret.fromSecretName(chart, 'registry', 'ci-registry'));

    // THEN
    const manifest = find(synth(chart), 'ServiceAccount');
    expect(manifest.secrets).toEqual([{ name: 'ci-token' }, { name: 'ci-registry' }]);
    expect(manifest.metadata.labels).toEqual({ team: 'ci' });
  });

  test('synthesizes when no workload of the app runs as it', () => {
    // GIVEN
    const chart = ticketing();

    // WHEN
    new ServiceAccount(chart, 'identity', { metadata: { name: 'ci-deployer' } });

    // THEN
    expect(find(synth(chart), 'ServiceAccount').metadata.name).toBe('ci-deployer');
  });

  test('snapshot', () => {
    // GIVEN
    const chart = ticketing();
    const account = new ServiceAccount(chart, 'identity', { metadata: { name: 'tickets-api' } });

    // WHEN
    new Deployment(chart, 'api', { metadata: { name: 'tickets-api' }, serviceAccount: account, containers: [{ name: 'api', image: IMAGE }] });

    // THEN
    expect(synth(chart).filter(m => m.kind === 'ServiceAccount')).toMatchSnapshot();
  });

  test('fails when the name is not a DNS-1123 subdomain', () => {
    expect(() => new ServiceAccount(ticketing(), 'identity', { metadata: { name: 'Tickets_API' } })).toThrow(new Error(
      "test/identity: 'metadata.name' must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters), got 'Tickets_API'"));
  });

  test('fails synth when two workloads run as it', () => {
    // GIVEN
    const chart = ticketing();
    const account = new ServiceAccount(chart, 'identity', { metadata: { name: 'tickets-api' } });

    // WHEN
    new Deployment(chart, 'api', { serviceAccount: account, containers: [{ image: IMAGE }] });
    new Job(chart, 'migrate', { serviceAccount: account, containers: [{ image: IMAGE }] });

    // THEN
    expect(() => synth(chart)).toThrow(new Error(
      "test/identity: 'serviceAccount' must be given to one workload only, got ServiceAccount 'tickets-api' given to Deployment test/api and Job test/migrate: "
      + 'give each workload its own, so that a Role bound to one does not reach the others'));
  });

  test('fails synth when its workload runs in another namespace', () => {
    // GIVEN
    const chart = newChart();
    const account = new ServiceAccount(chart, 'identity', { metadata: { name: 'tickets-api', namespace: 'ticketing' } });

    // WHEN
    new Deployment(chart, 'api', { metadata: { namespace: 'shop' }, serviceAccount: account, containers: [{ image: IMAGE }] });

    // THEN
    expect(() => synth(chart)).toThrow(new Error(
      "test/identity: 'metadata.namespace' must be the namespace of the workload that runs as it, Deployment test/api in 'shop', got 'ticketing': "
      + 'a pod only runs as a ServiceAccount of its own namespace'));
  });

  test('fails synth when it asks for a token its workload turns off', () => {
    // GIVEN
    const chart = ticketing();
    const account = new ServiceAccount(chart, 'identity', { metadata: { name: 'operator' }, automountToken: true });

    // WHEN
    new Deployment(chart, 'operator', { serviceAccount: account, containers: [{ image: IMAGE }] });

    // THEN
    expect(() => synth(chart)).toThrow(new Error(
      "test/identity: 'automountToken' must not be true while Deployment test/operator sets automountServiceAccountToken: false in its pod spec, "
      + 'which takes precedence, so no API token would be mounted, got true; pass automountServiceAccountToken: true to the workload'));
  });

  test('fails when the metadata is a string (a JavaScript caller)', () => {
    expect(() => new ServiceAccount(ticketing(), 'identity', { metadata: ' ' as any })).toThrow(new Error(
      "test/identity: 'metadata' must be an object, got ' '"));
  });

  test('fails when automountToken is not a boolean', () => {
    expect(() => new ServiceAccount(ticketing(), 'identity', { automountToken: 'yes' as any })).toThrow(new Error(
      "test/identity: 'automountToken' must be a boolean, got 'yes'"));
  });

  test('fails when the secrets are not a list of Secrets', () => {
    expect(() => new ServiceAccount(ticketing(), 'identity', { secrets: 'api-token' as any })).toThrow(new Error(
      "test/identity: 'secrets' must be an array, got 'api-token'"));
    expect(() => new ServiceAccount(ticketing(), 'other', { secrets: [{ name: 'api-token' } as any] })).toThrow(new Error(
      'test/other: \'secrets[0]\' must be a Secret, got {"name":"api-token"}'));
  });

  test('fails when addSecret is given something other than a Secret', () => {
    const account = new ServiceAccount(ticketing(), 'identity');
    expect(() => account.addSecret('api-token' as any)).toThrow(new Error("test/identity: 'secret' must be a Secret, got 'api-token'"));
  });
});
