import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { NodeAgents, Ticketing } from '../../main';
import { Deployment, HelmChart, HelmValue, Job, PatternsApp, Service } from '../../src';
import { kplus } from '../../src/_plus';
import { isQuantity, parseQuantity } from '../../src/_quantity';
import { isLabelKey } from '../../src/_validate';
import { CRON_SCHEDULE, LABEL_KEY, LABELS, QUANTITY, REPOSITORY } from '../../src/helm/_values-file';
import { checkCronSchedule } from '../../src/workloads/_cron';
import { checkAll, find } from '../harness';
import { params } from '../harness/fuzz';
import { helm, helmLint, helmTemplate, KUBE_VERSION, parseAll, writeApp } from '../harness/helm';
import { scratchDir } from '../harness/tmp';

const SCHEMA = "values don't meet the specifications of the schema(s) in the following chart(s):\nticketing:\n";
const IMAGE = 'ghcr.io/example/api:1.4.2';

let chartDir: string;
beforeAll(() => {
  const app = new PatternsApp();
  new Ticketing(app, 'ticketing');
  new NodeAgents(app, 'node-agents');
  chartDir = path.join(writeApp(app), 'charts', 'ticketing');
});

/** `helm template` of the reference chart with `--set` pairs, `--set-string` pairs and a values file (YAML text). */
const render = (options: { set?: string[]; setString?: string[]; file?: string } = {}) => {
  const args = ['template', 'alpha', chartDir, '--kube-version', KUBE_VERSION, '--namespace', 'ticketing', '--include-crds'];
  if (options.file !== undefined) {
    const file = path.join(scratchDir('values'), 'values.yaml');
    fs.writeFileSync(file, options.file);
    args.push('-f', file);
  }
  for (const s of options.set ?? []) args.push('--set', s);
  for (const s of options.setString ?? []) args.push('--set-string', s);
  return helm(args);
};
const docs = (text: string) => parseAll(text).filter(m => m.metadata?.annotations?.['helm.sh/hook'] === undefined);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The error helm prints when the schema refuses values, with this line among its problems. */
const refused = (line: string) => new RegExp(`${escape(SCHEMA)}(- .*\\n)*- ${escape(line)}$`, 'm');
/** The error helm prints when a template fails. */
const failedAt = (template: string, message: string) => `Error: execution error at (ticketing/templates/${template}): ${message}`;

describe('values.schema.json', () => {
  test('holds each shared rule once, under definitions, and the values of that rule refer to it', () => {
    const text = fs.readFileSync(path.join(chartDir, 'values.schema.json'), 'utf8');
    const schema = JSON.parse(text);
    expect(schema.definitions).toMatchObject({ quantity: QUANTITY, labels: LABELS, repository: REPOSITORY });
    for (const rule of [QUANTITY, REPOSITORY]) expect(text.split(JSON.stringify(rule.pattern)).length - 1).toBe(1);
    const refs: { [ref: string]: string[] } = {};
    const visit = (node: any, at: string): void => Object.entries<any>(node.properties ?? {}).forEach(([key, child]) => {
      if (child.$ref) (refs[child.$ref] ??= []).push(`${at}${key}`);
      visit(child, `${at}${key}.`);
    });
    visit(schema, '');
    expect(refs['#/definitions/quantity']).toEqual(expect.arrayContaining(['dbMigrate.containers.migrate.resources.limits.cpu', 'ticketsApi.containers.api.resources.memory']));
    expect(refs['#/definitions/quantity'].length).toBeGreaterThan(10);
    // a value's own description stays beside the reference
    expect(schema.properties.dbMigrate.properties.containers.properties.migrate.properties.resources.properties.limits.properties.cpu)
      .toEqual({ description: expect.stringMatching(/^cpu /), $ref: '#/definitions/quantity' });
  });

  test('the defaults pass helm lint --strict, and render objects that pass validation', () => {
    expect(helmLint(chartDir)).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(() => checkAll(docs(render({ set: ['namespace.create=true'] })))).not.toThrow();
  });

  test.each([
    ['replicas above int32', 'ticketsDb.replicas=2147483648', 'ticketsDb.replicas: Must be less than or equal to 2.147483647e+09'],
    ['replicas below 0', 'ticketsDb.replicas=-1', 'ticketsDb.replicas: Must be greater than or equal to 0'],
    ['retries below 0 (a value of the app\'s own bound to backoffLimit)', 'dbMigrate.retries=-1', 'dbMigrate.retries: Must be greater than or equal to 0'],
    ['minReplicas is 0', 'ticketsApi.autoscaling.minReplicas=0', 'ticketsApi.autoscaling.minReplicas: Must be greater than or equal to 1'],
    ['a utilization is 0', 'ticketsApi.autoscaling.cpuUtilization=0', 'ticketsApi.autoscaling.cpuUtilization: Must be greater than or equal to 1'],
    ['a port is 0', 'ticketsDb.service.ports.postgres.port=0', 'ticketsDb.service.ports.postgres.port: Must be greater than or equal to 1'],
    ['a port is above 65535', 'ticketsDb.service.ports.postgres.port=65536', 'ticketsDb.service.ports.postgres.port: Must be less than or equal to 65535'],
    ['a nodePort is below 30000', 'ticketsApi.service.ports.http.nodePort=80', 'ticketsApi.service.ports.http.nodePort: Must be greater than or equal to 30000'],
    ['a quantity is negative', 'orders.containers.command.resources.limits.cpu=-1', 'orders.containers.command.resources.limits.cpu: Must be greater than or equal to 0'],
    ['a claim size is 0', 'ticketsDb.volumeClaims.data.size=0', 'ticketsDb.volumeClaims.data.size: Must be greater than 0'],
    ['an Ingress host is an IP address', 'tickets.host=10.0.0.1', 'tickets.host: Must not validate the schema (not)'],
    ['a value is set to null', 'ticketsDb.replicas=null', 'ticketsDb: replicas is required'],
    ['a misspelt toleration field', 'ticketsApi.tolerations[0].key=gpu,ticketsApi.tolerations[0].efect=NoSchedule', 'ticketsApi.tolerations.0: Additional property efect is not allowed'],
    ['a toleration effect is unknown', 'ticketsApi.tolerations[0].key=gpu,ticketsApi.tolerations[0].effect=Never', 'ticketsApi.tolerations.0.effect: ticketsApi.tolerations.0.effect must be one of the following: "NoExecute", "NoSchedule", "PreferNoSchedule"'],
    ['a misspelt affinity field', 'ticketsApi.affinity.nodeAfinity.x=1', 'ticketsApi.affinity: Additional property nodeAfinity is not allowed'],
    ['an affinity weight is above 100', 'ticketsApi.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight=101',
      'ticketsApi.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution.0.weight: Must be less than or equal to 100'],
    ['a misspelt TLS field', 'tickets.tls[0].hostz=x', 'tickets.tls.0: Additional property hostz is not allowed'],
  ])('fails when %s', (_, set, line) => {
    expect(() => render({ set: [set] })).toThrow(refused(line));
  });

  test.each([
    ['a quantity has a negative suffix', 'orders.containers.command.resources.limits.memory=-1Gi', 'orders.containers.command.resources.limits.memory'],
    ['a quantity is not one', 'orders.containers.command.resources.requests.memory=1.5.3', 'orders.containers.command.resources.requests.memory'],
    ['a disruption budget percentage is above 100%', 'ticketsApi.podDisruptionBudget.maxUnavailable=101%', 'ticketsApi.podDisruptionBudget.maxUnavailable'],
    ['a cron field is out of its range', 'seatRelease.schedule=99 * * * *', 'seatRelease.schedule'],
    ['a cron schedule has four fields', 'seatRelease.schedule=* * * *', 'seatRelease.schedule'],
    ['a cron schedule carries a time zone', 'seatRelease.schedule=TZ=UTC 0 * * * *', 'seatRelease.schedule'],
    ['an Ingress host is not a DNS name', 'tickets.host=Bad_Host', 'tickets.host'],
    ['the IngressClass is not a DNS-1123 subdomain', 'tickets.className=Nginx', 'tickets.className'],
    ['a TLS Secret name is not a DNS-1123 subdomain', 'tickets.tls[0].secretName=Bad_Name', 'tickets.tls.0.secretName'],
    ['a TLS host is not a DNS name', 'tickets.tls[0].hosts[0]=tickets.example.com:443', 'tickets.tls.0.hosts.0'],
    ['a node selector value is not a label value', 'ticketsApi.nodeSelector.disk=-ssd-', 'ticketsApi.nodeSelector.disk'],
    ['an image repository is not lowercase', 'ticketsApi.containers.api.image.repository=Example/Api', 'ticketsApi.containers.api.image.repository'],
    ['an image tag holds a colon', 'ticketsApi.containers.api.image.tag=1.4:2', 'ticketsApi.containers.api.image.tag'],
    ['an image digest is not one', 'ticketsApi.containers.api.image.digest=sha256:xyz', 'ticketsApi.containers.api.image.digest'],
  ])('fails when %s (a pattern)', (_, set, value) => {
    expect(() => render({ setString: [set] })).toThrow(new RegExp(`${escape(SCHEMA)}(- .*\\n)*- ${escape(value)}: Does not match pattern '`));
  });

  test('fails when a multi-line text starts with a tab, which synth refuses too; a text cdk8s quotes passes', () => {
    expect(() => render({ file: 'seatMap:\n  overridesYaml: "\\tfirst\\nsecond"\n' })).toThrow(refused('seatMap.overridesYaml: Must not validate the schema (not)'));
    expect(render({ file: 'seatMap:\n  overridesYaml: "\\n\\tfirst\\nsecond"\n' })).toContain('\\n\\tfirst\\nsecond');
  });

  test('fails when a node selector key is not a label key', () => {
    expect(() => render({ set: ['ticketsApi.nodeSelector.bad key=x'] })).toThrow(refused('ticketsApi.nodeSelector: Property name of "bad key" does not match'));
  });

  test('fails when a toleration of every key does not use the Exists operator, or one that exists gets a value', () => {
    expect(() => render({ set: ['ticketsApi.tolerations[0].effect=NoSchedule'] })).toThrow(/- ticketsApi\.tolerations\.0: operator is required/);
    expect(() => render({ set: ['ticketsApi.tolerations[0].key=gpu,ticketsApi.tolerations[0].operator=Exists,ticketsApi.tolerations[0].value=x'] }))
      .toThrow(/- ticketsApi\.tolerations\.0\.value: ticketsApi\.tolerations\.0\.value does not match: ""/);
  });

  test('tolerations, affinity and node selector the API server takes render as given', () => {
    const toleration = { key: 'dedicated', operator: 'Equal', value: 'tickets', effect: 'NoSchedule' };
    const affinity = {
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }] } },
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{
          weight: 50, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'tickets' } } },
        }],
      },
    };
    const file = JSON.stringify({ ticketsApi: { tolerations: [toleration], affinity, nodeSelector: { 'example.com/pool': 'tickets' } } });
    const spec = find(docs(render({ file })), 'Deployment', 'alpha-tickets-api').spec.template.spec;
    expect(spec).toMatchObject({ tolerations: [toleration], affinity, nodeSelector: { 'example.com/pool': 'tickets' } });
  });

  test('fails when a ConfigMap value is over 1 MiB', () => {
    const file = `ticketsApiConfig:\n  logLevel: "${'x'.repeat(1024 * 1024 + 1)}"\n`;
    expect(() => render({ file })).toThrow(refused('ticketsApiConfig.logLevel: String length must be less than or equal to 1048576'));
  });

  test('fails when a text value holds a character YAML readers take for a line break', () => {
    expect(() => render({ file: 'ticketsApiConfig:\n  logLevel: "a\\u2028b"\n' })).toThrow(refused('ticketsApiConfig.logLevel: Must not validate the schema (not)'));
  });

  test('fails when a text value holds U+0085 (next line), which helm\'s schema check sees as a space: the template refuses it', () => {
    expect(() => render({ file: 'ticketsApiConfig:\n  logLevel: "a\\u0085b"\n' })).toThrow(failedAt('tickets-api-config-configmap.yaml:2:4',
      '\'ticketsApiConfig.logLevel\' must not hold U+0085 (next line), which YAML 1.1 readers (kubectl, Argo CD, Flux) read as a line break, got "a\\u0085b"'));
  });
});

describe('image tags', () => {
  const image = (text: string) => find(docs(text), 'Deployment', 'alpha-tickets-api').spec.template.spec.containers[0].image;

  test('a tag set with --set-string, or quoted in a values file, renders as given: 1.10 is not 1.1', () => {
    expect(image(render({ setString: ['ticketsApi.containers.api.image.tag=1.10'] }))).toBe('ghcr.io/cdk8s-patterns/tickets-api:1.10');
    expect(image(render({ file: 'ticketsApi:\n  containers:\n    api:\n      image:\n        tag: "1.10"\n' }))).toBe('ghcr.io/cdk8s-patterns/tickets-api:1.10');
    expect(image(render({ setString: ['ticketsApi.containers.api.image.tag=20240101123456'] }))).toBe('ghcr.io/cdk8s-patterns/tickets-api:20240101123456');
  });

  test('fails when a tag is a number: unquoted in a values file, or a whole number through --set', () => {
    expect(() => render({ file: 'ticketsApi:\n  containers:\n    api:\n      image:\n        tag: 1.10\n' }))
      .toThrow(refused('ticketsApi.containers.api.image.tag: Invalid type. Expected: string, given: number'));
    expect(() => render({ set: ['ticketsApi.containers.api.image.tag=20240101123456'] }))
      .toThrow(refused('ticketsApi.containers.api.image.tag: Invalid type. Expected: string, given: integer'));
  });
});

describe('checks in the templates', () => {
  test('fails when minReplicas is above maxReplicas, naming both values', () => {
    expect(() => render({ set: ['ticketsApi.autoscaling.minReplicas=12'] })).toThrow(failedAt('tickets-api-horizontalpodautoscaler.yaml:2:4',
      "'ticketsApi.autoscaling.minReplicas' must be at most 'ticketsApi.autoscaling.maxReplicas' (10), got 12"));
  });

  test('minReplicas equal to maxReplicas, or anything with the autoscaler off, renders', () => {
    expect(find(docs(render({ set: ['ticketsApi.autoscaling.minReplicas=10'] })), 'HorizontalPodAutoscaler').spec.minReplicas).toBe(10);
    expect(() => render({ set: ['ticketsApi.autoscaling.enabled=false', 'ticketsApi.autoscaling.minReplicas=12'] })).not.toThrow();
  });

  test.each([
    ['cpu', '600m', '500m'], ['cpu', '0.6', '500m'], ['cpu', '1', '999m'], ['cpu', '2e3', '1999'], ['memory', '1Gi', '1000Mi'], ['memory', '1.5Gi', '1536M'],
  ])('fails when a request of %s (%s) is above its limit (%s), comparing quantities', (resource, request, limit) => {
    const [requests, limits] = ['requests', 'limits'].map(k => `orders.containers.command.resources.${k}.${resource}`);
    expect(() => render({ setString: [`${requests}=${request}`, `${limits}=${limit}`] })).toThrow(failedAt(`orders-deployment.yaml:${resource === 'cpu' ? 1 : 2}:4`,
      `'${requests}' must be at most '${limits}' ("${limit}"), got "${request}"; a container may request at most its limit`));
  });

  test.each([['500m', '0.5'], ['1Gi', '1073741824'], ['1024Mi', '1Gi'], ['1e3', '1k'], ['100m', '100m'], ['0', '1n']])(
    'a request (%s) at most its limit (%s) renders', (request, limit) => {
      const api = find(docs(render({ setString: [`orders.containers.command.resources.requests.memory=${request}`, `orders.containers.command.resources.limits.memory=${limit}`] })), 'Deployment', 'alpha-orders');
      expect(api.spec.template.spec.containers[0].resources).toMatchObject({ requests: { memory: request }, limits: { memory: limit } });
    });

  test('fails when a cron range ends before it starts', () => {
    expect(() => render({ setString: ['seatRelease.schedule=0 9 * * FRI-MON'] })).toThrow(failedAt('seat-release-cronjob.yaml:1:4',
      '\'seatRelease.schedule\' must be a cron schedule whose ranges end after they start, got "0 9 * * FRI-MON": "FRI-MON" ends before it starts'));
    expect(find(docs(render({ setString: ['seatRelease.schedule=0 9-17/2 * JAN-mar MON-FRI'] })), 'CronJob').spec.schedule).toBe('0 9-17/2 * JAN-mar MON-FRI');
  });

  test('fails when the data of a ConfigMap is over 1 MiB together', () => {
    const file = `ticketsApiConfig:\n  logLevel: "${'x'.repeat(600_000)}"\n  settingsYaml: "${'y'.repeat(600_000)}"\n`;
    expect(() => render({ file })).toThrow(failedAt('tickets-api-config-configmap.yaml:1:4',
      "'ticketsApiConfig' must hold at most 1 MiB (1048576 bytes) of data keys and values together, got 1200022 bytes; mount large files from a volume instead"));
  });

  test('fails when the release namespace is not a DNS-1123 label', () => {
    expect(() => helmTemplate(chartDir, 'alpha', { namespace: 'Bad_NS' })).toThrow(
      'namespace "Bad_NS" must be a DNS-1123 label (lowercase letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters)');
  });

  test('a Service turned into ClusterIP drops its nodePort; a LoadBalancer keeps it', () => {
    const port = (text: string) => find(docs(text), 'Service', 'alpha-tickets-api').spec.ports[0];
    expect(port(render({ set: ['ticketsApi.service.type=ClusterIP'] }))).toEqual({ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' });
    expect(port(render({ set: ['ticketsApi.service.type=LoadBalancer'] })).nodePort).toBe(31111);
  });

  test('whole numbers from a values file render as whole numbers, not as floats (1e+06)', () => {
    const text = render({ file: 'ticketsDb:\n  replicas: 1000000\nticketsApi:\n  autoscaling:\n    maxReplicas: 2147483647\n' });
    expect(text).toContain('  replicas: 1000000\n');
    expect(text).toContain('  maxReplicas: 2147483647\n');
    const budget = render({ file: 'ticketsApi:\n  podDisruptionBudget:\n    maxUnavailable: 1000000\n' });
    expect(budget).toContain('  maxUnavailable: 1000000\n');
    expect(render({ set: ['ticketsApi.podDisruptionBudget.maxUnavailable=25%'] })).toContain('  maxUnavailable: "25%"\n');
  });
});

/** An app of one chart `keys` with a HelmChart, objects added by `body`. */
const keysApp = (body: (chart: Chart) => void) => {
  const app = new PatternsApp();
  const chart = new Chart(app, 'keys');
  body(chart);
  new HelmChart(chart, 'helm');
  return app;
};
const valuesOf = (app: App) => parseAll((app as PatternsApp).renderFiles()['charts/keys/values.yaml'])[0];
const web = (chart: Chart, name = 'web') => new Deployment(chart, name, { metadata: { name }, containers: [{ name: 'web', image: IMAGE, ports: [{ number: 8080, name: 'http' }] }] });
const job = (chart: Chart, name = 'web') => new Job(chart, `job-${name}`, { metadata: { name }, containers: [{ name: 'run', image: IMAGE }] });
const config = (chart: Chart, name = 'web') => new kplus.ConfigMap(chart, `config-${name}`, { metadata: { name }, data: { LOG_LEVEL: 'info' } });

describe('values keys', () => {
  test('do not depend on the order of the constructs: the first kind of a shared name gets the bare key', () => {
    const a = valuesOf(keysApp(c => {
      new Service(c, 'service', { workload: web(c), ports: [{ port: 80, name: 'http', targetPortName: 'http' }] });
      job(c);
      config(c);
    }));
    const b = valuesOf(keysApp(c => {
      config(c);
      job(c);
      new Service(c, 'service', { workload: web(c), ports: [{ port: 80, name: 'http', targetPortName: 'http' }] });
    }));
    expect(Object.keys(a).sort()).toEqual(['web', 'webConfigMap', 'webJob']);
    expect(b).toEqual(a);
    expect(a.web.containers.web).toBeDefined();
    expect(a.web.service.ports.http.port).toBe(80);
    expect(a.webJob.containers.run).toBeDefined();
    expect(a.webConfigMap).toEqual({ logLevel: 'info' });
  });

  test('fails when two objects of one kind make one key, naming both constructs', () => {
    expect(() => keysApp(c => {
      config(c, 'a.b');
      config(c, 'a-b');
    }).renderFiles()).toThrow("keys/config-a.b: 'metadata.name' must give the ConfigMap a values key of the Helm chart of its own, got 'a.b', whose key 'aB' ConfigMap 'a-b' (keys/config-a-b) has too; rename one of them");
  });

  test('fails when the key of a second kind is the key of another object, naming both constructs', () => {
    expect(() => keysApp(c => {
      web(c);
      job(c);
      web(c, 'web-job');
    }).renderFiles()).toThrow("keys/job-web: 'metadata.name' must give the Job a values key of the Helm chart of its own, got 'web', whose key 'webJob' Deployment 'web-job' (keys/web-job) has too; rename one of them");
  });

  test('fails when two containers of a workload make one key, naming both', () => {
    expect(() => keysApp(c => new Deployment(c, 'web', {
      metadata: { name: 'web' },
      containers: [{ name: 'log-1', image: IMAGE, ports: [{ number: 8080 }] }, { name: 'log1', image: IMAGE }],
    })).renderFiles()).toThrow("keys/web: 'containers[1].name' must give a values key of the Helm chart of its own, got 'log1', whose key 'web.containers.log1' 'log-1' ('containers[0].name' of keys/web) has too; rename one of them");
  });

  test('fails when two ports of a Service make one key, naming both', () => {
    expect(() => keysApp(c => new Service(c, 'service', {
      workload: new Deployment(c, 'web', { metadata: { name: 'web' }, containers: [{ name: 'web', image: IMAGE, ports: [{ number: 8080 }, { number: 8081 }] }] }),
      ports: [{ port: 80, name: 'http-2', targetPort: 8080 }, { port: 81, name: 'http2', targetPort: 8081 }],
    })).renderFiles()).toThrow("keys/service: 'ports[1].name' must give a values key of the Helm chart of its own, got 'http2', whose key 'web.service.ports.http2' 'http-2' ('ports[0].name' of keys/service) has too; rename one of them");
  });

  test('fails when two Services of one workload make one key, naming both', () => {
    expect(() => keysApp(c => {
      const w = web(c);
      new Service(c, 'a', { workload: w, metadata: { name: 'api-1' }, ports: [{ port: 80, targetPortName: 'http' }] });
      new Service(c, 'b', { workload: w, metadata: { name: 'api1' }, ports: [{ port: 81, targetPortName: 'http' }] });
    }).renderFiles()).toThrow("keys/b: 'metadata.name' must give a values key of the Helm chart of its own, got 'api1', whose key 'web.services.api1' 'api-1' ('metadata.name' of keys/a) has too; rename one of them");
  });

  test('an object named after a key Helm reserves gets its kind in its key', () => {
    expect(Object.keys(valuesOf(keysApp(c => web(c, 'global'))))).toEqual(['globalDeployment']);
  });
});

describe('defaults', () => {
  test('fails when the app gives a knob a default its schema refuses: the chart could not be installed', () => {
    expect(() => keysApp(c => {
      const service = new kplus.Service(c, 'service', { metadata: { name: 'api' }, ports: [{ port: 80 }] });
      new kplus.Ingress(c, 'ingress', { metadata: { name: 'web' }, className: 'Nginx', defaultBackend: kplus.IngressBackend.fromService(service, { port: 80 }) });
    }).renderFiles())
      .toThrow(/^keys\/ingress: 'web\.className' must meet the Helm chart's schema of the value, got default 'Nginx', which does not match the pattern '.*'; fix the field in the app$/);
    expect(() => keysApp(c => new Deployment(c, 'web', { metadata: { name: 'web' }, containers: [{ name: 'web', image: 'Example/App:1.0' }] })).renderFiles())
      .toThrow(/^keys\/web: 'web\.containers\.web\.image\.repository' must meet the Helm chart's schema of the value, got default 'Example\/App'/);
  });

  test('a value of the app\'s own bound to a port field takes the port range', () => {
    const app = keysApp(c => {
      const d = web(c);
      new HelmValue(c, 'port', { name: 'web.port', defaultValue: 8080, description: 'is the port' }).bindTo(d, '/spec/template/spec/containers/0/ports/0/containerPort');
    });
    const schema = JSON.parse(app.renderFiles()['charts/keys/values.schema.json']);
    expect(schema.properties.web.properties.port).toMatchObject({ type: 'integer', minimum: 1, maximum: 65535 });
  });
});

describe('schema patterns', () => {
  const field = fc.oneof(
    fc.constantFrom('*', '?', 'MON', 'fri', 'Jan', 'DEC', 'SUN-SAT', '*/5', '1-5/2', '5/15', '0', '00', '07', '59', '60', '23', '24', '31', '32', '12', '13', '6', '7', '-1', '1-', 'x', '', '*/0', '1/2/3'),
    fc.tuple(fc.nat(70), fc.nat(70)).map(([a, b]) => `${a}-${b}`),
    fc.tuple(fc.nat(70), fc.integer({ min: 0, max: 30 })).map(([a, s]) => `${a}/${s}`),
  );
  const list = fc.array(field, { minLength: 1, maxLength: 3 }).map(items => items.join(','));
  const schedule = fc.oneof(
    fc.array(list, { minLength: 4, maxLength: 6 }).map(fields => fields.join(' ')),
    fc.constantFrom('@daily', '@hourly', '@every 5m', '@reboot', 'TZ=UTC 0 * * * *'),
  );
  const pattern = new RegExp(CRON_SCHEDULE.pattern);

  test('the cron pattern takes what the library takes, and refuses the rest but ranges that end before they start', () => {
    fc.assert(fc.property(schedule, s => {
      let problem: string | undefined;
      try {
        checkCronSchedule(undefined as any, 'schedule', s);
      } catch (e: any) {
        problem = e.message;
      }
      if (problem === undefined) expect(pattern.test(s)).toBe(true);
      else if (pattern.test(s)) expect(problem).toContain('whose start is after its end');
    }), params());
  });

  test('the label key pattern is the library\'s rule', () => {
    const key = fc.oneof(
      fc.stringMatching(/^([a-z0-9.-]{0,12}\/)?[A-Za-z0-9._-]{0,12}$/),
      fc.constantFrom('a'.repeat(63), 'a'.repeat(64), `${'a'.repeat(253)}/x`, `${'a'.repeat(254)}/x`, 'a/b/c', '/x', 'x/', 'kubernetes.io/os'),
    );
    const [re, not] = [new RegExp(LABEL_KEY.pattern), new RegExp(LABEL_KEY.not.pattern)];
    fc.assert(fc.property(key, k => expect(re.test(k) && !not.test(k) && k.length <= LABEL_KEY.maxLength).toBe(isLabelKey(k))), params());
  });

  test('the quantity pattern takes only quantities of at least 0', () => {
    const quantity = fc.stringMatching(/^[+-]?[0-9]{0,3}(\.[0-9]{0,2})?(Ki|Mi|Gi|m|k|M|E|e[+-]?[0-9]{1,2}|e)?$/);
    const re = new RegExp(QUANTITY.pattern);
    fc.assert(fc.property(quantity, q => {
      const valid = isQuantity(q) && parseQuantity(q) >= 0n && !q.startsWith('-');
      expect(re.test(q)).toBe(valid);
    }), params());
  });
});
