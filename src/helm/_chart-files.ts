import { ApiObject, Chart, Yaml } from 'cdk8s';
import { fixedFieldsOf } from './_fixed-fields';
import { bindKnobs, nameOf } from './_knobs';
import { declarerOf } from './_owners';
import { fail, show } from '../_errors';
import { hasMarker, marker, splitMarkers } from '../_markers';
import { hashedBaseName, ReleaseForm, releaseNameRule } from './_release-names';
import { boundManifests, releaseForm } from './_render';
import { writeTemplate, WriterContext } from './_template-writer';
import { camelKey, parseValueRef, ValueRegistry } from './_values';
import { writeSchema, writeValues } from './_values-file';
import { HelmChart } from './helm-chart';

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
 * `helm test` hook.
 */
export function helmChartFiles(chart: Chart, helm: HelmChart, rendered?: any[]): { [file: string]: string } {
  const values = new ValueRegistry();
  const form = releaseForm(chart, boundManifests(chart, values, rendered));
  const declarer = declarerOf(chart);
  for (const m of form.manifests) {
    const own = HELM_ONLY_LABELS.find(l => m.metadata?.labels?.[l] !== undefined);
    if (own) {
      throw new Error(`${declarer(m.kind, nameOf(m))}: 'metadata.labels[${own}]' must be left to the Helm chart's labels helper, got ${show(m.metadata.labels[own])}; remove it from the ${m.kind}`);
    }
  }
  const fixed = fixedFieldsOf(chart);
  const knobs = bindKnobs(form, values, chart.node.path, m => declarer(m.kind, nameOf(m)), m => fixed(m.kind, nameOf(m)));
  const dependencyKeys = helm.dependencies.map(d => d.alias ?? d.name);
  const clash = dependencyKeys.findIndex(k => values.has(k));
  if (clash >= 0) {
    fail(helm, `dependencies[${clash}]`, `must not take a values key of the chart's own values, got ${show(dependencyKeys[clash])}; give it an alias`);
  }

  const name = helm.name;
  const hashedNames = new Map<string, string>();
  const hashedDefs: string[] = [];
  for (const m of form.manifests) {
    const app = nameOf(m);
    if (m.kind !== 'ConfigMap' || !form.hashed.has(app)) continue;
    const template = `${name}.hashedName.${knobs.configMapKeys.get(app) ?? camelKey(app)}`;
    hashedNames.set(app, template);
    hashedDefs.push(hashedNameTemplate(template, app, m.data ?? {}));
  }
  const ctx: WriterContext = { chart: name, hashedNames };

  const files: { [file: string]: string } = {};
  const put = (base: string, content: string) => {
    let file = `${base}.yaml`;
    for (let i = 2; files[file] !== undefined; i++) file = `${base}-${i}.yaml`;
    files[file] = content;
  };
  form.manifests.forEach((m, i) => {
    const base = m.kind === 'ConfigMap' && form.hashed.has(nameOf(m)) ? hashedBaseName(nameOf(m)) : nameOf(m);
    put(m.kind === 'Namespace' ? 'templates/namespace' : `templates/${base}-${m.kind.toLowerCase()}`, writeTemplate(ctx, m, knobs.conditions[i]));
  });
  const target = testTarget(chart, helm, form);
  if (target) {
    for (const hook of testHooks(form, target)) put(`templates/tests/${nameOf(hook)}-${hook.kind.toLowerCase()}`, writeTemplate(ctx, hook));
  }
  files['templates/_helpers.tpl'] = helpers(name, form, hashedDefs);
  files['templates/NOTES.txt'] = notes(form, knobs.conditions, target);
  files['Chart.yaml'] = chartYaml(helm, form.manifests);
  files['values.yaml'] = writeValues(values, helm);
  files['values.schema.json'] = writeSchema(values, dependencyKeys);
  files['.helmignore'] = '# files helm package leaves out\n.git/\n*.tgz\n*~\n.DS_Store\n';
  return files;
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

function hashedNameTemplate(template: string, app: string, data: { [key: string]: string }): string {
  const entries = Object.entries(data).map(([k, v]) => {
    const parts = hasMarker(v) ? splitMarkers(v) : [];
    const value = parts.length === 1 && typeof parts[0] !== 'string' && parts[0].type === 'value'
      ? `(.Values.${parseValueRef(parts[0].arg).path} | toString)` : JSON.stringify(v);
    return `${JSON.stringify(k)} ${value}`;
  });
  const base = hashedBaseName(app);
  return [
    `{{/* The name of the ${base} ConfigMap: kustomize's content hash of its data, so that a change of data rolls the pods that use it. */}}`,
    `{{- define "${template}" -}}`,
    `{{- $data := dict ${entries.join(' ')} -}}`,
    '{{- $hash := dict "data" $data "kind" "ConfigMap" "name" "" | toJson | sha256sum | trunc 10 | replace "0" "g" | replace "1" "h" | replace "3" "k" | replace "a" "m" | replace "e" "t" -}}',
    `{{- printf "%s-%s-%s" .Release.Name ${JSON.stringify(base)} $hash -}}`,
    '{{- end }}',
  ].join('\n');
}

function helpers(chart: string, form: ReleaseForm, hashedDefs: string[]): string {
  const { pattern: regex, first } = releaseNameRule(form);
  const pattern = regex.source;
  return [
    '{{/* The chart label: name and version. */}}',
    `{{- define "${chart}.chart" -}}`,
    '{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}',
    '{{- end }}',
    '',
    '{{/* Fails unless every object\'s "<release>-<name>" is a valid name. */}}',
    `{{- define "${chart}.checkRelease" -}}`,
    `{{- if or (gt (len .Release.Name) ${form.maxReleaseLength}) (not (regexMatch ${JSON.stringify(pattern)} .Release.Name)) }}`,
    `{{- fail (printf "release name %q must start with ${first}, hold only lowercase letters, digits and '-', and be at most ${form.maxReleaseLength} characters, so that every object's name fits" .Release.Name) }}`,
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
function notes(form: ReleaseForm, conditions: (string | undefined)[], target: any | undefined): string {
  const v = (field: unknown, literal: unknown) => {
    const parts = hasMarker(field) ? splitMarkers(field) : [];
    return parts.length === 1 && typeof parts[0] !== 'string' && parts[0].type === 'value' ? `.Values.${parseValueRef(parts[0].arg).path}` : JSON.stringify(literal);
  };
  const lines = [
    '{{ .Chart.Name }} {{ .Chart.AppVersion }} is installed as release {{ .Release.Name }} in namespace {{ .Release.Namespace }}.',
    '',
    'Where it answers:',
  ];
  form.manifests.forEach((m, i) => {
    if (m.kind === 'Ingress') {
      const scheme = m.spec.tls !== undefined ? 'https' : 'http';
      lines.push(`{{- if .Values.${conditions[i]} }}`);
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
