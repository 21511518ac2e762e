import { createHash } from 'crypto';
import { ApiObject, Chart, Yaml } from 'cdk8s';
import { bindKnobs, Check, CheckArg, nameOf } from './_knobs';
import { declarerOf } from './_owners';
import { fail, show } from '../_errors';
import { firstMarked, hasMarker, mapMarked, marker, splitMarkers } from '../_markers';
import { DNS1123_LABEL } from '../_names';
import { hashedBaseName, ReleaseForm, releaseNameRule } from './_release-names';
import { HelmForm, helmForm } from './_render';
import { renderChart, RenderedChart } from '../_rendered';
import { bindSecrets } from './_secret-values';
import { writeTemplate, WriterContext } from './_template-writer';
import { camelKey, Form, parseValueRef, secretValueRef, ValueNode, valueRef } from './_values';
import { bothRules, CRON_NAMES, fieldRules, TEXT, writeSchema, writeValues } from './_values-file';
import { HelmChart } from './helm-chart';
import { HelmValue } from './helm-value';
import { HelmValueType } from './helm-value-type';

/** The oldest Kubernetes the library's output supports. */
const KUBE_FLOOR = [1, 26];
/** Fields that need a newer Kubernetes than the floor, by the minor version that turns them on. */
const NEWER_FIELDS: { [field: string]: number } = { matchLabelKeys: 27, unhealthyPodEvictionPolicy: 27, ordinals: 27 };
/** Labels the chart's helper sets on every object, which plain manifests do not have. */
export const HELM_ONLY_LABELS = ['helm.sh/chart', 'app.kubernetes.io/name', 'app.kubernetes.io/version', 'app.kubernetes.io/managed-by'];

const TEST_LABEL = 'app.kubernetes.io/component';
const HOOK = 'helm.sh/hook';

/**
 * The files of the Helm chart of a cdk8s chart, relative path → content:
 * Chart.yaml, values.yaml, values.schema.json, .helmignore, and under
 * templates/ one file per object, the named templates, NOTES.txt and the
 * `helm test` hook. `bound`, the chart's HelmForm from that rendering,
 * saves working it out again; the files write into it, so it serves once.
 */
export function helmChartFiles(chart: Chart, helm: HelmChart, rendered?: RenderedChart, bound?: HelmForm): { [file: string]: string } {
  const once = rendered ?? renderChart(chart);
  const { values, form } = bound ?? helmForm(chart, once.manifests);
  const declarer = declarerOf(chart);
  for (const m of form.manifests) {
    const own = HELM_ONLY_LABELS.find(l => m.metadata?.labels?.[l] !== undefined);
    if (own) {
      throw new Error(`${declarer(m.kind, nameOf(m))}: 'metadata.labels[${own}]' must be left to the Helm chart's labels helper, got ${show(m.metadata.labels[own])}; remove it from the ${m.kind}`);
    }
  }
  const knobs = bindKnobs(form, once.objects, values);
  const dependencyKeys = helm.dependencies.map(d => d.alias ?? d.name);
  const secretKeys = bindSecrets(form, values, m => declarer(m.kind, nameOf(m)), dependencyKeys);
  const clash = dependencyKeys.findIndex(k => values.has(k));
  if (clash >= 0) {
    fail(helm, `dependencies[${clash}]`, `must not take a values key of the chart's own values, got ${show(dependencyKeys[clash])}; give it an alias`);
  }

  const name = helm.name;
  const hashedNames = new Map<string, string>();
  const hashedDefs: string[] = [];
  for (const m of form.manifests) {
    const app = nameOf(m);
    if (!form.hashed.has(app) || (m.kind !== 'ConfigMap' && m.kind !== 'Secret')) continue;
    const template = m.kind === 'Secret' ? `${name}.hashedSecretName.${secretKeys.get(app)}` : `${name}.hashedName.${knobs.configMapKeys.get(app) ?? camelKey(app)}`;
    hashedNames.set(app, template);
    hashedDefs.push(hashedNameTemplate(template, m));
  }
  const guards = new Map([...knobs.nodePortTypes].map(([port, type]) => [port, `(has ${valueRef(type)} (list "NodePort" "LoadBalancer"))`]));
  const tree = values.tree();
  const ctx: WriterContext = { chart: name, hashedNames, integers: integerValues(tree), guards };
  const rules = boundFieldRules(chart);
  const text = textValues(tree, rules);
  const uses = valueUses(form.manifests);
  const checks = form.manifests.map((_m, i): Check[] => [
    ...knobs.checks[i],
    ...[...uses.read[i]].filter(path => text.has(path)).map((path): Check => ({ template: 'noNextLine', args: [path, { value: path }] })),
  ]);
  const checkLines = (of: Check[]) => of.map(c => `{{- include "${name}.${c.template}" ${checkArg(c.args)} }}`);

  const files: { [file: string]: string } = {};
  const put = (base: string, content: string) => {
    let file = `${base}.yaml`;
    for (let i = 2; files[file] !== undefined; i++) file = `${base}-${i}.yaml`;
    files[file] = content;
  };
  form.manifests.forEach((m, i) => {
    if (m.kind === 'CustomResourceDefinition') return void (files[`crds/${m.metadata.name}.yaml`] = crdFile(m, declarer(m.kind, m.metadata.name)));
    const base = fileBase(form.hashed.has(nameOf(m)) && (m.kind === 'ConfigMap' || m.kind === 'Secret') ? hashedBaseName(nameOf(m)) : nameOf(m));
    put(m.kind === 'Namespace' ? 'templates/namespace' : `templates/${base}-${m.kind.toLowerCase()}`,
      writeTemplate(ctx, m, knobs.conditions[i], checkLines(checks[i])));
  });
  const target = testTarget(chart, helm, form);
  if (target) {
    for (const hook of testHooks(form, target)) put(`templates/tests/${nameOf(hook)}-${hook.kind.toLowerCase()}`, writeTemplate(ctx, hook));
  }
  files['templates/_helpers.tpl'] = helpers(name, form, hashedDefs, new Set(checks.flat().map(c => c.template)));
  files['templates/NOTES.txt'] = notes(form, knobs.conditions, target, guards);
  files['Chart.yaml'] = chartYaml(helm, form.manifests);
  files['values.yaml'] = writeValues(values, helm);
  files['values.schema.json'] = writeSchema(values, dependencyKeys, rules, uses.optional);
  files['.helmignore'] = '# files helm package leaves out\n.git/\n*.tgz\n*~\n.DS_Store\n';
  return files;
}

/**
 * A CustomResourceDefinition as Helm's `crds/` folder holds it: plain YAML,
 * which Helm installs before the templates on the first install and never
 * templates, upgrades or deletes.
 */
function crdFile(m: any, declarer: string): string {
  const marked = firstMarked(m);
  if (marked !== undefined) {
    throw new Error(`${declarer}: '${marked}' must not depend on the release or a value: Helm installs a CustomResourceDefinition from the chart's crds/ folder as it is, untemplated`);
  }
  return `# installed by Helm from crds/ on the first install only: helm upgrade and helm uninstall leave it\n${Yaml.stringify(m)}`;
}

function chartYaml(helm: HelmChart, manifests: any[]): string {
  const chart: any = {
    apiVersion: 'v2',
    name: helm.name,
    description: helm.description,
    type: 'application',
    version: helm.version,
    appVersion: helm.appVersion,
    kubeVersion: helm.kubeVersion ?? `>=1.${requiredMinor(manifests)}.0-0`,
  };
  if (helm.dependencies.length > 0) {
    chart.dependencies = helm.dependencies.map(d => ({
      name: d.name,
      version: d.version,
      repository: d.repository,
      ...(d.condition ? { condition: d.condition } : {}),
      ...(d.alias ? { alias: d.alias } : {}),
    }));
  }
  return Yaml.stringify(chart).replace(/^appVersion: (.*)$/m, (_, v) => `appVersion: ${JSON.stringify(String(v).replace(/^"|"$/g, ''))}`);
}

/** The minor Kubernetes version (1.x) the manifests need. */
function requiredMinor(manifests: any[]): number {
  let minor = KUBE_FLOOR[1];
  const visit = (v: any) => {
    if (Array.isArray(v)) {v.forEach(visit);} else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (NEWER_FIELDS[k] !== undefined) minor = Math.max(minor, NEWER_FIELDS[k]);
        visit(x);
      }
    }
  };
  visit(manifests);
  return minor;
}

/** The longest object name a template file keeps whole: longer ones are cut, with a hash of the whole name. */
const FILE_BASE_MAX = 63;

/**
 * The start of an object's template file name: its name when it is a DNS
 * name of at most {@link FILE_BASE_MAX} characters; else (a long name, an
 * RBAC name with spaces or ':') its first 52 characters, each but letters,
 * digits, '-' and '.' made '-', and 10 hex digits of the SHA-256 of the
 * whole name: file names stay far from the 255 bytes file systems allow,
 * portable, and two objects never share one.
 */
function fileBase(objectName: string): string {
  if (objectName.length <= FILE_BASE_MAX && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(objectName)) return objectName;
  const hash = createHash('sha256').update(objectName, 'utf8').digest('hex').slice(0, 10);
  return `${objectName.slice(0, FILE_BASE_MAX - 11).replace(/[^A-Za-z0-9.-]/g, '-').replace(/^[-.]+|[-.]+$/g, '')}-${hash}`.replace(/^-/, '');
}

/**
 * Go's `encoding/json` (sprig's toJson) wrote `\b` and `\f` as `\u0008` and
 * `\u000c` before Go 1.22, and as `\b` and `\f` since, as JavaScript does:
 * these steps make every helm's JSON the app's, an escaped backslash kept
 * apart (as `\u005c`, which JSON encoders never write) while they run.
 */
const GO_JSON_AS_JS = [['\\\\', '\\u005c'], ['\\u0008', '\\b'], ['\\u000c', '\\f'], ['\\u005c', '\\\\']]
  .map(([from, to]) => `replace ${JSON.stringify(from)} ${JSON.stringify(to)}`).join(' | ');

/**
 * The named template of a content-hashed ConfigMap's or Secret's name:
 * kustomize's hash of its data as the app computes it (src/config/_content.ts),
 * from the values the data is bound to (a Secret's entries, base64-encoded).
 */
function hashedNameTemplate(template: string, m: any): string {
  const entries = Object.entries<string>(m.data ?? {}).map(([k, v]) => {
    const parts = hasMarker(v) ? splitMarkers(v) : [];
    const ref = parts.length === 1 && typeof parts[0] !== 'string' && parts[0].type === 'value' ? parseValueRef(parts[0].arg) : undefined;
    const value = ref === undefined ? JSON.stringify(v) : ref.form === Form.SECRET ? secretValueRef(ref.path) : `(${valueRef(ref.path)} | toString)`;
    return `${JSON.stringify(k)} ${value}`;
  });
  const base = hashedBaseName(nameOf(m));
  const type = m.kind === 'Secret' ? ` "type" ${JSON.stringify(m.type)}` : '';
  return [
    `{{/* The name of the ${base} ${m.kind}: kustomize's content hash of its data, so that a change of data rolls the pods that use it. */}}`,
    `{{- define "${template}" -}}`,
    `{{- $data := dict ${entries.join(' ')} -}}`,
    `{{- $json := dict "data" $data "kind" "${m.kind}" "name" ""${type} | toJson | ${GO_JSON_AS_JS} -}}`,
    '{{- $hash := $json | sha256sum | trunc 10 | replace "0" "g" | replace "1" "h" | replace "3" "k" | replace "a" "m" | replace "e" "t" -}}',
    `{{- printf "%s-%s-%s" .Release.Name ${JSON.stringify(base)} $hash -}}`,
    '{{- end }}',
  ].join('\n');
}

/** The rules of the fields each value of the app's own is bound to, by the value's path; text as plain manifests take it. */
function boundFieldRules(chart: Chart): Map<string, any> {
  const rules = new Map<string, any>();
  for (const value of HelmValue.allOf(chart)) {
    if (value.type === HelmValueType.STRING) rules.set(value.name, { not: TEXT.not });
    for (const { target, pointer } of value.bindings) {
      const rule = fieldRules(target.apiVersion, target.kind, pointer);
      rules.set(value.name, rules.has(value.name) ? bothRules(rules.get(value.name), rule) : rule);
    }
  }
  return rules;
}

/** The values each manifest's template reads, and those bound to fields the templates leave out when the value is empty; one pass over the manifests. */
function valueUses(manifests: any[]): { read: Set<string>[]; optional: Set<string> } {
  const optional = new Set<string>();
  const read = manifests.map(m => {
    const paths = new Set<string>();
    mapMarked(m, v => splitMarkers(v).forEach(t => {
      if (typeof t === 'string' || t.type !== 'value') return;
      const ref = parseValueRef(t.arg);
      paths.add(ref.path);
      if (ref.optional) optional.add(ref.path);
    }));
    return paths;
  });
  return { read, optional };
}

/**
 * The values of free text ({@link TEXT}). helm checks the schema on values
 * it has turned into YAML and back, which reads U+0085 as a space: a
 * template checks those.
 */
function textValues(root: ValueNode, rules: ReadonlyMap<string, any>): Set<string> {
  const text = new Set<string>();
  const visit = (n: ValueNode): void => {
    if (n.children) return n.children.forEach(visit);
    if (n.def!.schema.not === TEXT.not || rules.get(n.path)?.not === TEXT.not) text.add(n.path);
  };
  visit(root);
  return text;
}

/** The values whose schema takes whole numbers only. */
function integerValues(root: ValueNode): Set<string> {
  const integers = new Set<string>();
  const visit = (n: ValueNode): void => {
    if (n.children) return n.children.forEach(visit);
    const types = [n.def!.schema.type].flat();
    if (types.includes('integer') && !types.includes('string') && !types.includes('number')) integers.add(n.path);
  };
  visit(root);
  return integers;
}

/** The argument of a check's named template: a list of literals and values. */
function checkArg(args: CheckArg[]): string {
  const arg = (a: CheckArg): string => {
    if (Array.isArray(a)) return checkArg(a);
    if (typeof a === 'object') return valueRef(a.value);
    return typeof a === 'number' ? String(a) : JSON.stringify(a);
  };
  return `(list ${args.map(arg).join(' ')})`;
}

/** The named templates that check values across fields, as {@link Check}s name them. */
function checkTemplates(chart: string, used: ReadonlySet<string>): string[] {
  const define = (template: string, comment: string, body: string[]) => (used.has(template) || (template === 'quantity' && used.has('quantityAtMost'))
    ? ['', `{{/* ${comment} */}}`, `{{- define "${chart}.${template}" -}}`, ...body, '{{- end }}'] : []);
  const times = 'dict "" 1.0 "k" 1e3 "M" 1e6 "G" 1e9 "T" 1e12 "P" 1e15 "E" 1e18 "Ki" 1024.0 "Mi" 1048576.0 "Gi" 1073741824.0 "Ti" 1099511627776.0 "Pi" 1125899906842624.0 "Ei" 1152921504606846976.0';
  const bound = (side: string) => `(ternary (get $names (lower (${side} $bounds))) (atoi (${side} $bounds)) (hasKey $names (lower (${side} $bounds))))`;
  return [
    ...define('atMost', 'Fails unless value (index . 1), named (index . 0), is at most value (index . 3), named (index . 2).', [
      '{{- if gt (index . 1 | float64) (index . 3 | float64) }}',
      '{{- fail (printf "\'%s\' must be at most \'%s\' (%v), got %v" (index . 0) (index . 2) (index . 3) (index . 1)) }}',
      '{{- end }}',
    ]),
    ...define('quantity', 'A Kubernetes quantity ("250m", "1.5Gi", "1e3", 2) as a number, to compare two: Helm has no quantity parser.', [
      '{{- $q := toString . -}}',
      '{{- $number := regexFind "^[+-]?([0-9]+(\\\\.[0-9]*)?|\\\\.[0-9]+)" $q -}}',
      '{{- $suffix := trimPrefix $number $q -}}',
      `{{- $times := ${times} -}}`,
      '{{- $per := dict "n" 1e9 "u" 1e6 "m" 1e3 -}}',
      '{{- if hasKey $times $suffix }}{{ mulf (float64 $number) (get $times $suffix) }}',
      '{{- else if hasKey $per $suffix }}{{ divf (float64 $number) (get $per $suffix) }}',
      '{{- else }}{{ float64 $q }}{{ end }}',
    ]),
    ...define('quantityAtMost', 'Fails unless quantity (index . 1), named (index . 0), is at most quantity (index . 3), named (index . 2).', [
      `{{- if gt (include "${chart}.quantity" (index . 1) | float64) (include "${chart}.quantity" (index . 3) | float64) }}`,
      '{{- fail (printf "\'%s\' must be at most \'%s\' (%q), got %q; a container may request at most its limit" (index . 0) (index . 2) (index . 3 | toString) (index . 1 | toString)) }}',
      '{{- end }}',
    ]),
    ...define('cronRangesInOrder', 'Fails when a range of cron schedule (index . 1), named (index . 0), ends before it starts, which Kubernetes refuses.', [
      `{{- $names := dict ${Object.entries(CRON_NAMES).map(([n, v]) => `"${n}" ${v}`).join(' ')} -}}`,
      '{{- range $item := regexSplit "[ \\t,]+" (index . 1) -1 }}',
      '{{- $bounds := splitList "-" (first (splitList "/" $item)) }}',
      `{{- if and (eq (len $bounds) 2) (gt ${bound('first')} ${bound('last')}) }}`,
      '{{- fail (printf "\'%s\' must be a cron schedule whose ranges end after they start, got %q: %q ends before it starts" (index $ 0) (index $ 1) $item) }}',
      '{{- end }}',
      '{{- end }}',
    ]),
    ...define('noNextLine', 'Fails when text value (index . 1), named (index . 0), holds U+0085, which YAML 1.1 readers take for a line break.', [
      '{{- if contains "\\u0085" (toString (index . 1)) }}',
      '{{- fail (printf "\'%s\' must not hold U+0085 (next line), which YAML 1.1 readers (kubectl, Argo CD, Flux) read as a line break, got %q" (index . 0) (toString (index . 1))) }}',
      '{{- end }}',
    ]),
    ...define('dataSize', 'Fails when a ConfigMap\'s data, values (index . 1) and (index . 2) bytes of keys and fixed values, exceed (index . 3) bytes, as the API server would.', [
      '{{- $bytes := index . 2 }}',
      '{{- range (index . 1) }}{{ $bytes = add $bytes (len (toString .)) }}{{ end }}',
      '{{- if gt $bytes (index . 3) }}',
      '{{- fail (printf "\'%s\' must hold at most 1 MiB (%d bytes) of data keys and values together, got %d bytes; mount large files from a volume instead" (index . 0) (index . 3) $bytes) }}',
      '{{- end }}',
    ]),
  ];
}

function helpers(chart: string, form: ReleaseForm, hashedDefs: string[], checks: ReadonlySet<string>): string {
  const { pattern: regex, first } = releaseNameRule(form);
  const pattern = regex.source;
  return [
    '{{/* The chart label: name and version. */}}',
    `{{- define "${chart}.chart" -}}`,
    '{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}',
    '{{- end }}',
    '',
    '{{/* Fails unless every object\'s "<release>-<name>" is a valid name, and the release namespace a valid namespace name. */}}',
    `{{- define "${chart}.checkRelease" -}}`,
    `{{- if or (gt (len .Release.Name) ${form.maxReleaseLength}) (not (regexMatch ${JSON.stringify(pattern)} .Release.Name)) }}`,
    `{{- fail (printf "release name %q must start with ${first}, hold only lowercase letters, digits and '-', and be at most ${form.maxReleaseLength} characters, so that every object's name fits" .Release.Name) }}`,
    '{{- end }}',
    `{{- if or (gt (len .Release.Namespace) 63) (not (regexMatch ${JSON.stringify(DNS1123_LABEL.source)} .Release.Namespace)) }}`,
    '{{- fail (printf "namespace %q must be a DNS-1123 label (lowercase letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters)" .Release.Namespace) }}',
    '{{- end }}',
    '{{- end }}',
    '',
    '{{/* The standard labels of every object. */}}',
    `{{- define "${chart}.labels" -}}`,
    `{{- include "${chart}.checkRelease" . -}}`,
    `helm.sh/chart: {{ include "${chart}.chart" . }}`,
    'app.kubernetes.io/name: {{ .Chart.Name }}',
    'app.kubernetes.io/instance: {{ .Release.Name | quote }}',
    'app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}',
    'app.kubernetes.io/managed-by: {{ .Release.Service }}',
    '{{- end }}',
    '',
    '{{/* An image reference from { repository, tag, digest }: the digest, when set, pins it. */}}',
    `{{- define "${chart}.imageRef" -}}`,
    '{{- .repository }}{{ if and (ne (toString .tag) "") (ne (toString .tag) "<nil>") }}:{{ .tag }}{{ end }}{{ if .digest }}@{{ .digest }}{{ end }}',
    '{{- end }}',
    ...checkTemplates(chart, checks),
    ...hashedDefs.flatMap(d => ['', d]),
    '',
  ].join('\n');
}

function testTarget(chart: Chart, helm: HelmChart, form: ReleaseForm): any | undefined {
  const services = form.manifests.filter(m => m.kind === 'Service');
  if (helm.testService !== undefined) {
    let object: ApiObject | undefined;
    try {
      object = ApiObject.of(helm.testService);
    } catch {
      object = undefined;
    }
    const found = object && object.kind === 'Service' ? services.find(s => nameOf(s) === object!.name) : undefined;
    if (!found) fail(helm, 'testService', `must be a Service of chart '${chart.node.path}', got ${show(helm.testService)}`);
    return found;
  }
  const candidates = services.filter(s => s.spec?.clusterIP !== 'None' && (s.spec?.ports ?? []).length > 0 && s.spec?.selector);
  const behindIngress = new Set(form.manifests.filter(m => m.kind === 'Ingress').flatMap(m => [
    m.spec?.defaultBackend?.service?.name,
    ...(m.spec?.rules ?? []).flatMap((r: any) => (r.http?.paths ?? []).map((p: any) => p.backend?.service?.name)),
  ]));
  return candidates.find(s => behindIngress.has(s.metadata.name)) ?? candidates[0];
}

/** The `helm test` pod, and when the chart has NetworkPolicies, the two that let it reach the service. */
function testHooks(form: ReleaseForm, service: any): any[] {
  const port = service.spec.ports[0];
  const namespace = form.namespace !== undefined ? { namespace: marker('namespace') } : {};
  const testLabels = { [TEST_LABEL]: 'helm-test', 'app.kubernetes.io/instance': marker('release') };
  const hook = (weight: string) => ({ [HOOK]: 'test', 'helm.sh/hook-weight': weight, 'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded' });
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: marker('name', 'test-connection'), ...namespace, labels: testLabels, annotations: hook('0') },
    spec: {
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: 'connect',
        image: 'busybox:1.36.1',
        command: ['sh', '-c', `nc -z -w 10 ${service.metadata.name} ${port.port}`],
        resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '32Mi' } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
      }],
    },
  };
  if (!form.manifests.some(m => m.kind === 'NetworkPolicy')) return [pod];
  const targetPort = { port: port.targetPort ?? port.port, protocol: port.protocol ?? 'TCP' };
  const policy = (suffix: string, spec: any) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: marker('name', `test-connection-${suffix}`), ...namespace, annotations: hook('-1') },
    spec,
  });
  return [
    policy('egress', {
      podSelector: { matchLabels: testLabels },
      policyTypes: ['Egress'],
      egress: [
        { to: [{ podSelector: { matchLabels: service.spec.selector } }], ports: [targetPort] },
        { ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] },
      ],
    }),
    policy('ingress', {
      podSelector: { matchLabels: service.spec.selector },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: testLabels } }], ports: [targetPort] }],
    }),
    pod,
  ];
}

/** NOTES.txt: where the app answers after install, and how to check it. */
function notes(form: ReleaseForm, conditions: (string | undefined)[], target: any | undefined, guards: ReadonlyMap<string, string>): string {
  const v = (field: unknown, literal: unknown) => {
    const parts = hasMarker(field) ? splitMarkers(field) : [];
    if (parts.length !== 1 || typeof parts[0] === 'string' || parts[0].type !== 'value') return JSON.stringify(literal);
    const path = parseValueRef(parts[0].arg).path;
    return guards.has(path) ? `(and ${guards.get(path)} ${valueRef(path)})` : valueRef(path);
  };
  const lines = [
    '{{ .Chart.Name }} {{ .Chart.AppVersion }} is installed as release {{ .Release.Name }} in namespace {{ .Release.Namespace }}.',
    '',
    'Where it answers:',
  ];
  form.manifests.forEach((m, i) => {
    if (m.kind === 'Ingress') {
      const scheme = m.spec.tls !== undefined ? 'https' : 'http';
      lines.push(`{{- if ${valueRef(conditions[i]!)} }}`);
      for (const rule of m.spec.rules ?? []) {
        if (rule.host !== undefined) lines.push(`  ${scheme}://{{ ${v(rule.host, rule.host)} }}/ (Ingress ${nameOf(m)})`);
      }
      lines.push('{{- end }}');
    }
    if (m.kind === 'Service' && m.spec?.clusterIP !== 'None') {
      const service = `{{ .Release.Name }}-${nameOf(m)}`;
      for (const p of m.spec.ports ?? []) {
        const port = `{{ ${v(p.port, p.port)} }}`;
        lines.push(`  service/${service} port ${port}: kubectl --namespace {{ .Release.Namespace }} port-forward service/${service} 8080:${port}, then http://localhost:8080/`);
        if (p.nodePort !== undefined) {
          lines.push(`{{- with ${v(p.nodePort, p.nodePort)} }}`, '    or port {{ . }} of any node (kubectl get nodes -o wide)', '{{- end }}');
        }
      }
    }
  });
  lines.push('');
  if (target) lines.push(`Check that service/{{ .Release.Name }}-${nameOf(target)} answers: helm test {{ .Release.Name }} --namespace {{ .Release.Namespace }}`);
  lines.push('Values in use: helm get values {{ .Release.Name }} --namespace {{ .Release.Namespace }} --all', '');
  return lines.join('\n');
}
