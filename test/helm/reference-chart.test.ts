import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { NodeAgents, Ticketing } from '../../main';
import { PatternsApp } from '../../src';
import { contentHash } from '../../src/config/_content';
import { checkAll, find } from '../harness';
import { canonical, helmLint, helmTemplate, ids, leafSchema, parseAll, plainFor, writeApp } from '../harness/helm';

const build = (app: App) => {
  new Ticketing(app, 'ticketing');
  new NodeAgents(app, 'node-agents');
};
let out: string;
let chart: string;
beforeAll(() => {
  const app = new PatternsApp();
  build(app);
  out = writeApp(app);
  chart = path.join(out, 'charts', 'ticketing');
});

/** The kinds of the chart whose objects have no namespace. */
const CLUSTER_SCOPED = ['PriorityClass', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition'];

const render = (release: string, options: { set?: string[]; setString?: string[] } = {}) =>
  helmTemplate(chart, release, { namespace: 'ticketing', ...options });

describe('the reference app as a Helm chart', () => {
  test('is written next to the plain manifests, one chart per cdk8s chart', () => {
    expect(fs.readdirSync(path.join(out, 'charts')).sort()).toEqual(['node-agents', 'ticketing']);
    expect(fs.readdirSync(chart).sort()).toEqual(['.helmignore', 'Chart.yaml', 'crds', 'templates', 'values.schema.json', 'values.yaml']);
    expect(fs.readdirSync(path.join(chart, 'crds'))).toEqual(['venues.tickets.example.com.yaml']);
    expect(fs.readdirSync(path.join(chart, 'templates'))).toEqual(expect.arrayContaining([
      '_helpers.tpl', 'NOTES.txt', 'tests', 'tickets-api-deployment.yaml', 'tickets-api-service.yaml',
      'tickets-api-horizontalpodautoscaler.yaml', 'tickets-api-config-configmap.yaml', 'namespace.yaml',
    ]));
  });

  test('passes helm lint --strict (both charts)', () => {
    expect(helmLint(chart, path.join(out, 'charts', 'node-agents'))).toContain('2 chart(s) linted, 0 chart(s) failed');
  });

  test('Chart.yaml: v2, name, SemVer version, appVersion, kubeVersion from the manifests, description', () => {
    const meta = parseAll(fs.readFileSync(path.join(chart, 'Chart.yaml'), 'utf8'))[0];
    expect(meta).toEqual({
      apiVersion: 'v2',
      name: 'ticketing',
      description: expect.stringContaining('ticketing system'),
      type: 'application',
      version: '1.4.2',
      appVersion: '1.4.2',
      kubeVersion: '>=1.26.0-0',
    });
  });

  test.each(['alpha', 'tickets-prod'])('renders with default values exactly what the app synthesizes for release %s', release => {
    const rendered = render(release, { set: ['namespace.create=true'] });
    const plain = plainFor(build, release).filter(m => m.metadata?.namespace === 'ticketing' || m.metadata?.name === 'ticketing' || CLUSTER_SCOPED.includes(m.kind));
    expect(ids(rendered)).toEqual(ids(plain));
    const byId = new Map(plain.map(m => [`${m.kind}/${m.metadata.name}`, m]));
    for (const m of rendered) expect(canonical(m, true)).toEqual(canonical(byId.get(`${m.kind}/${m.metadata.name}`)));
  });

  test('names every object, and each reference to it, after the release', () => {
    const rendered = render('alpha');
    const names = rendered.map(m => m.metadata.name);
    // but the CustomResourceDefinition, named <plural>.<group> for every release
    expect(rendered.filter(m => m.kind !== 'CustomResourceDefinition' && !m.metadata.name.startsWith('alpha-'))).toEqual([]);
    expect(names).toContain('venues.tickets.example.com');
    const api = find(rendered, 'Deployment', 'alpha-tickets-api');
    const pod = api.spec.template.spec;
    expect(pod.serviceAccountName).toBe('alpha-tickets-api');
    const config = rendered.find(m => m.kind === 'ConfigMap' && m.metadata.name.startsWith('alpha-tickets-api-config-'));
    expect(pod.containers[0].env.find((e: any) => e.name === 'LOG_LEVEL').valueFrom.configMapKeyRef.name).toBe(config.metadata.name);
    expect(pod.volumes.map((v: any) => v.configMap?.name).filter((n: any) => n)).toEqual([config.metadata.name, 'alpha-seat-map']);
    expect(find(rendered, 'Role', 'alpha-tickets-api-config-reader').rules[0].resourceNames).toEqual([config.metadata.name]);
    expect(find(rendered, 'RoleBinding', 'alpha-tickets-api-config-reader')).toMatchObject({
      roleRef: { name: 'alpha-tickets-api-config-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'alpha-tickets-api', namespace: 'ticketing' }],
    });
    expect(find(rendered, 'HorizontalPodAutoscaler').spec.scaleTargetRef.name).toBe('alpha-tickets-api');
    expect(find(rendered, 'Ingress').spec.rules[0].http.paths[0].backend.service.name).toBe('alpha-tickets-api');
    expect(find(rendered, 'StatefulSet', 'alpha-tickets-db').spec.serviceName).toBe('alpha-tickets-db');
    // the seat-map gatherer lists its workers, and their Service, by their names in the release
    const gatherer = find(rendered, 'Deployment', 'alpha-seat-map-search-gatherer').spec.template.spec.containers[0];
    const env = Object.fromEntries(gatherer.env.map((e: any) => [e.name, e.value]));
    expect(env.WORKER_HOSTS).toBe([0, 1, 2, 3].map(i => `alpha-seat-map-search-worker-${i}.alpha-seat-map-search-worker`).join(','));
    expect(env.WORKER_SERVICE).toBe('alpha-seat-map-search-worker');
    expect(find(rendered, 'StatefulSet', 'alpha-seat-map-search-worker').spec.serviceName).toBe('alpha-seat-map-search-worker');
    // free text names objects with Release.nameOf
    expect(pod.initContainers[0].command[2]).toContain('nc -z alpha-tickets-db-0.alpha-tickets-db 5432');
    // objects outside the chart keep their names
    expect(pod.containers[0].env.find((e: any) => e.name === 'DATABASE_PASSWORD').valueFrom.secretKeyRef.name).toBe('db-password');
    expect(find(rendered, 'Ingress').spec.tls[0].secretName).toBe('tickets-tls');
  });

  test('selects only its own release\'s pods', () => {
    const rendered = render('alpha');
    const api = find(rendered, 'Deployment', 'alpha-tickets-api');
    expect(api.spec.selector.matchLabels['app.kubernetes.io/instance']).toBe('alpha');
    expect(api.spec.template.metadata.labels['app.kubernetes.io/instance']).toBe('alpha');
    expect(find(rendered, 'Service', 'alpha-tickets-api').spec.selector['app.kubernetes.io/instance']).toBe('alpha');
    expect(find(rendered, 'PodDisruptionBudget', 'alpha-tickets-api').spec.selector.matchLabels['app.kubernetes.io/instance']).toBe('alpha');
    expect(find(rendered, 'NetworkPolicy', 'alpha-allow-api-to-db').spec.podSelector.matchLabels['app.kubernetes.io/instance']).toBe('alpha');
    // the default deny still covers every pod of the namespace
    expect(find(rendered, 'NetworkPolicy', 'alpha-default-deny').spec.podSelector).toEqual({});
  });

  test('two releases in one namespace share no object name', () => {
    const a = ids(render('alpha'));
    const b = ids(render('beta'));
    expect(a.length).toBeGreaterThan(25);
    // Helm installs the CustomResourceDefinition once, from crds/, and leaves it to the next release
    expect(a.filter(id => b.includes(id))).toEqual(['CustomResourceDefinition/venues.tickets.example.com']);
  });

  test('every rendered object passes the strict schema and the Pod Security checks, hooks included', () => {
    const rendered = helmTemplate(chart, 'alpha', { namespace: 'ticketing', set: ['namespace.create=true'], hooks: true });
    expect(() => checkAll(rendered)).not.toThrow();
    const agents = helmTemplate(path.join(out, 'charts', 'node-agents'), 'agents', { namespace: 'node-agents', set: ['namespace.create=true'], hooks: true });
    expect(() => checkAll(agents)).not.toThrow();
  });

  test('creates no Namespace unless asked: helm install --namespace puts it in an existing one', () => {
    expect(ids(render('alpha')).filter(id => id.startsWith('Namespace/'))).toEqual([]);
    expect(find(render('alpha', { set: ['namespace.create=true'] }), 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('adds the standard labels from _helpers.tpl to every object', () => {
    // Helm does not template crds/: the CustomResourceDefinition has no release labels
    for (const m of render('alpha').filter(x => x.kind !== 'CustomResourceDefinition')) {
      expect(m.metadata.labels).toMatchObject({
        'helm.sh/chart': 'ticketing-1.4.2',
        'app.kubernetes.io/name': 'ticketing',
        'app.kubernetes.io/instance': 'alpha',
        'app.kubernetes.io/version': '1.4.2',
        'app.kubernetes.io/managed-by': 'Helm',
      });
      if (!CLUSTER_SCOPED.includes(m.kind)) expect(m.metadata.namespace).toBe('ticketing');
    }
  });

  test('names the API\'s PriorityClass for the release, and the pods refer to it by that name', () => {
    const rendered = render('alpha');
    expect(find(rendered, 'PriorityClass').metadata.name).toBe('alpha-ticketing-api');
    expect(find(rendered, 'Deployment', 'alpha-tickets-api').spec.template.spec.priorityClassName).toBe('alpha-ticketing-api');
  });

  test('hard-codes no namespace: objects follow --namespace', () => {
    const rendered = helmTemplate(chart, 'alpha', { namespace: 'staging' });
    expect(new Set(rendered.filter(m => !CLUSTER_SCOPED.includes(m.kind)).map(m => m.metadata.namespace))).toEqual(new Set(['staging']));
    expect(find(rendered, 'PriorityClass').metadata.namespace).toBeUndefined();
    expect(find(rendered, 'RoleBinding', 'alpha-tickets-api-config-reader').subjects[0].namespace).toBe('staging');
    expect(find(rendered, 'ClusterRoleBinding').subjects[0].namespace).toBe('staging');
    expect(fs.readdirSync(path.join(chart, 'templates')).filter(f => f.endsWith('.yaml'))
      .some(f => /namespace: ticketing/.test(fs.readFileSync(path.join(chart, 'templates', f), 'utf8')))).toBe(false);
  });
});

describe('values', () => {
  const changed = (before: any[], after: any[]) => {
    const paths: string[] = [];
    const diff = (a: any, b: any, at: string) => {
      if (JSON.stringify(a) === JSON.stringify(b)) return;
      if (a && b && typeof a === 'object' && typeof b === 'object') {
        for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) diff(a[k], b[k], `${at}.${k}`);
      } else {
        paths.push(at);
      }
    };
    const byId = new Map(before.map(m => [`${m.kind}/${m.metadata.name}`, m]));
    for (const m of after) diff(byId.get(`${m.kind}/${m.metadata.name}`), m, `${m.kind}/${m.metadata.name}`);
    return paths.sort();
  };
  const defaults = () => render('alpha');

  test('--set on replicas, image tag and resources changes exactly those fields', () => {
    const after = render('alpha', {
      set: [
        'ticketsDb.replicas=3',
        'ticketsApi.containers.api.image.tag=1.5.0',
        'orders.containers.command.resources.limits.memory=512Mi',
        'orders.containers.command.resources.requests.memory=384Mi',
      ],
    });
    expect(changed(defaults(), after)).toEqual([
      'Deployment/alpha-orders.spec.template.spec.containers.0.resources.limits.memory',
      'Deployment/alpha-orders.spec.template.spec.containers.0.resources.requests.memory',
      'Deployment/alpha-tickets-api.spec.template.spec.containers.0.image',
      'StatefulSet/alpha-tickets-db.spec.replicas',
    ]);
    expect(find(after, 'Deployment', 'alpha-tickets-api').spec.template.spec.containers[0].image).toBe('ghcr.io/cdk8s-patterns/tickets-api:1.5.0');
    expect(find(after, 'Deployment', 'alpha-orders').spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '100m', memory: '384Mi' }, limits: { cpu: '500m', memory: '512Mi' },
    });
    expect(find(after, 'StatefulSet', 'alpha-tickets-db').spec.replicas).toBe(3);
  });

  test('a Guaranteed container has one value per resource, which sets its request and its limit', () => {
    const values = parseAll(fs.readFileSync(path.join(chart, 'values.yaml'), 'utf8'))[0];
    expect(values.ticketsApi.containers.api.resources).toEqual({ cpu: '250m', memory: '256Mi' });
    expect(values.orders.containers.command.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    const after = render('alpha', { set: ['ticketsApi.containers.api.resources.memory=512Mi'] });
    expect(changed(defaults(), after)).toEqual([
      'Deployment/alpha-tickets-api.spec.template.spec.containers.0.resources.limits.memory',
      'Deployment/alpha-tickets-api.spec.template.spec.containers.0.resources.requests.memory',
    ]);
    expect(find(after, 'Deployment', 'alpha-tickets-api').spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '250m', memory: '512Mi' },
    });
  });

  test('fails when a Guaranteed container is given a request or a limit of its own: the pod stays Guaranteed', () => {
    expect(() => render('alpha', { set: ['ticketsApi.containers.api.resources.requests.memory=128Mi'] }))
      .toThrow(/ticketsApi\.containers\.api\.resources: Additional property requests is not allowed/);
  });

  test('keeps the count of the seat-map workers out of the values: the gatherer lists every worker', () => {
    const values = parseAll(fs.readFileSync(path.join(chart, 'values.yaml'), 'utf8'))[0];
    expect(values.seatMapSearchWorker.replicas).toBeUndefined();
    expect(values.seatMapSearchGatherer.replicas).toBe(2);
    expect(values.ticketsDb.replicas).toBe(1);
  });

  test('a digest pins the image', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const after = render('alpha', { set: [`ticketsApi.containers.api.image.digest=${digest}`] });
    expect(find(after, 'Deployment', 'alpha-tickets-api').spec.template.spec.containers[0].image)
      .toBe(`ghcr.io/cdk8s-patterns/tickets-api:1.4.2@${digest}`);
  });

  test('a config value changes the ConfigMap, and its hashed name everywhere it is used, so pods roll', () => {
    const before = defaults();
    const after = render('alpha', { set: ['ticketsApiConfig.logLevel=debug'] });
    const config = (ms: any[]) => ms.find(m => m.kind === 'ConfigMap' && m.metadata.name.startsWith('alpha-tickets-api-config-'));
    expect(config(after).data.LOG_LEVEL).toBe('debug');
    expect(config(after).metadata.name).not.toBe(config(before).metadata.name);
    expect(changed(before.filter(m => m.kind !== 'ConfigMap'), after.filter(m => m.kind !== 'ConfigMap'))).toEqual([
      'Deployment/alpha-tickets-api.spec.template.spec.containers.0.env.0.valueFrom.configMapKeyRef.name',
      'Deployment/alpha-tickets-api.spec.template.spec.volumes.0.configMap.name',
      'Role/alpha-tickets-api-config-reader.rules.0.resourceNames.0',
    ]);
    // the name is kustomize's hash of the new data, as the app computes it
    expect(config(after).metadata.name).toBe(`alpha-tickets-api-config-${contentHash('ConfigMap', config(after).data)}`);
  });

  test('a value of the wrong type, or an unknown one, is refused by the schema', () => {
    expect(() => render('alpha', { set: ['ticketsDb.replicas=abc'] })).toThrow(/values don't meet the specifications of the schema[\s\S]*ticketsDb\.replicas[\s\S]*Invalid type\. Expected: integer, given: string/);
    expect(() => render('alpha', { set: ['ticketsDb.replica=3'] })).toThrow(/Additional property replica is not allowed/);
    expect(() => render('alpha', { set: ['ticketsApi.service.type=Headless'] })).toThrow(/ticketsApi\.service\.type must be one of the following/);
    expect(() => render('alpha', { set: ['ticketsApi.service.ports.http.nodePort=80'] })).toThrow(/nodePort[\s\S]*greater than or equal to 30000/);
  });

  test('a second release sets nodePort to null and gets one from the cluster', () => {
    const svc = find(render('beta', { set: ['ticketsApi.service.ports.http.nodePort=null'] }), 'Service', 'beta-tickets-api');
    expect(svc.spec.ports[0]).toEqual({ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' });
  });

  test('autoscaler, disruption budget and ingress can be turned off', () => {
    const after = render('alpha', { set: ['ticketsApi.autoscaling.enabled=false', 'ticketsApi.podDisruptionBudget.enabled=false', 'tickets.enabled=false'] });
    expect(ids(defaults()).filter(id => !ids(after).includes(id))).toEqual([
      'HorizontalPodAutoscaler/alpha-tickets-api', 'Ingress/alpha-tickets', 'PodDisruptionBudget/alpha-tickets-api',
    ]);
  });

  test('a value of the app\'s own (HelmValue) sets its field', () => {
    expect(find(render('alpha'), 'Job').spec.backoffLimit).toBe(3);
    expect(find(render('alpha', { set: ['dbMigrate.retries=5'] }), 'Job').spec.backoffLimit).toBe(5);
  });

  test('values.yaml: camelCase keys, each under a comment that starts with its name', () => {
    const text = fs.readFileSync(path.join(chart, 'values.yaml'), 'utf8');
    const lines = text.split('\n');
    const schema = JSON.parse(fs.readFileSync(path.join(chart, 'values.schema.json'), 'utf8'));
    let checked = 0;
    // every key the schema knows (groups and values), at its depth, right under its comment
    const visit = (node: any, depth: number) => {
      for (const [key, child] of Object.entries<any>(node.properties ?? {})) {
        if (key === 'global') continue;
        const indent = '  '.repeat(depth);
        const at = lines.findIndex(l => l.startsWith(`${indent}${key}:`));
        expect(key).toMatch(/^[a-z][a-zA-Z0-9]*$/);
        expect(lines[at - 1]).toMatch(new RegExp(`^${indent}# ${key} `));
        checked++;
        visit(child, depth + 1);
      }
    };
    visit(schema, 0);
    expect(checked).toBeGreaterThan(80);
    expect(text).toContain('  # replicas is the number of pods\n  replicas: 1\n');
    expect(text).toContain('        tag: "1.4.2"');
  });

  test('values.schema.json has a type for every value in values.yaml', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(chart, 'values.schema.json'), 'utf8'));
    const values = parseAll(fs.readFileSync(path.join(chart, 'values.yaml'), 'utf8'))[0];
    const check = (v: any, s: any, at: string) => {
      expect(s).toBeDefined();
      if (s.properties) {
        expect(s.additionalProperties).toBe(false);
        for (const k of Object.keys(v)) check(v[k], s.properties[k], `${at}.${k}`);
      } else {
        expect(leafSchema(schema, s).type).toBeDefined();
      }
    };
    check(values, schema, '');
    expect(schema.properties.ticketsDb.properties.replicas).toMatchObject({ type: 'integer', minimum: 0 });
  });
});

describe('NOTES.txt and helm test', () => {
  test('NOTES.txt says where the app answers and how to test it', () => {
    // helm template does not print NOTES.txt: render it through tpl in a copy of the chart
    const copy = fs.mkdtempSync(path.join(out, 'notes-'));
    fs.cpSync(chart, copy, { recursive: true });
    fs.copyFileSync(path.join(copy, 'templates', 'NOTES.txt'), path.join(copy, 'notes.txt'));
    fs.writeFileSync(path.join(copy, 'templates', 'zz-notes.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n  notes: {{ tpl (.Files.Get "notes.txt") . | quote }}\n');
    const notes = find(helmTemplate(copy, 'alpha', { namespace: 'ticketing' }), 'ConfigMap', 'notes').data.notes;
    expect(notes).toContain('is installed as release alpha in namespace ticketing');
    expect(notes).toContain('https://tickets.example.com/ (Ingress tickets)');
    expect(notes).toContain('kubectl --namespace ticketing port-forward service/alpha-tickets-api 8080:80');
    expect(notes).toContain('or port 31111 of any node');
    expect(notes).toContain('helm test alpha --namespace ticketing');
  });

  test('the test hook pod checks that the API service answers, restricted, let through the network policies', () => {
    const hooks = helmTemplate(chart, 'alpha', { namespace: 'ticketing', hooks: true }).filter(m => m.metadata.annotations?.['helm.sh/hook'] === 'test');
    expect(ids(hooks)).toEqual(['NetworkPolicy/alpha-test-connection-egress', 'NetworkPolicy/alpha-test-connection-ingress', 'Pod/alpha-test-connection']);
    const pod = find(hooks, 'Pod');
    expect(pod.spec.containers[0].command).toEqual(['sh', '-c', 'nc -z -w 10 alpha-tickets-api 80']);
    const ingress = find(hooks, 'NetworkPolicy', 'alpha-test-connection-ingress');
    expect(ingress.spec.podSelector.matchLabels['app.kubernetes.io/instance']).toBe('alpha');
    expect(ingress.spec.ingress[0].ports).toEqual([{ port: 'http', protocol: 'TCP' }]);
    expect(() => checkAll(hooks, {})).not.toThrow();
  });
});
