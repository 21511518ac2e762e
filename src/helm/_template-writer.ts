import { Yaml } from 'cdk8s';
import { mapMarked, marker, splitMarkers, Token } from '../_markers';
import { INSTANCE_LABEL } from './_release-names';
import { Form, parseValueRef, secretValueRef, valueRef } from './_values';

/** What the template writer needs to know of the chart. */
export interface WriterContext {
  /** The chart name, which namespaces the named templates. */
  readonly chart: string;
  /** The named template computing each content-hashed ConfigMap's and Secret's name, by its name in the app. */
  readonly hashedNames: ReadonlyMap<string, string>;
  /** The values rendered as whole numbers (a values file gives every number as a float: 1e+06). */
  readonly integers: ReadonlySet<string>;
  /** The condition, besides being set, on which an optional field bound to a value renders, by the value's path. */
  readonly guards: ReadonlyMap<string, string>;
}

const LABELS_KEY = 'zzhelmlabelszz';
const DNS_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/**
 * Writes one manifest in release form as a Helm template: the YAML cdk8s
 * would write, with each marker replaced by its template expression, the
 * standard labels from the chart's helper, every `{{` of the app's own
 * content escaped so that Helm prints it, and, when `condition` is given,
 * the whole object rendered only when that value is true. `checks` are
 * template lines that fail the render on a bad combination of values.
 */
export function writeTemplate(ctx: WriterContext, manifest: any, condition?: string, checks: string[] = []): string {
  const expansions: string[] = [];
  let prefix = 'zzhelmph';
  const probe = JSON.stringify(manifest);
  while (probe.includes(prefix)) prefix += 'x';
  const placeholder = (text: string) => `${prefix}${expansions.push(text) - 1}zz`;

  const doc = withLabelsHelper(manifest);
  const yaml = Yaml.stringify(mapMarked(doc, v => placeholder(expand(ctx, v)))).replace(/\{\{/g, '{{ "{{" }}');
  const pattern = new RegExp(`${prefix}(\\d+)zz`, 'g');
  const labelsLine = new RegExp(`^(\\s*)${LABELS_KEY}: x$`);
  const fieldLine = new RegExp(`^(\\s*)(- )?([^:]+): ${prefix}(\\d+)zz$`);
  const lines = yaml.split('\n').flatMap(line => {
    if (!line.includes('zz')) return [line];
    const labels = labelsLine.exec(line);
    if (labels) return [`${labels[1]}{{- include "${ctx.chart}.labels" . | nindent ${labels[1].length} }}`];
    const optional = fieldLine.exec(line);
    const text = optional && expansions[Number(optional[4])];
    if (optional && text?.startsWith('with:')) {
      if (optional[2]) throw new Error(`internal: optional field '${optional[3]}' opens a list item`);
      const [, form] = text.split(':');
      const value = text.slice(`with:${form}:`.length);
      const indent = optional[1];
      const shown = form === 'json' ? '{{ toJson . }}' : form === 'int' ? '{{ int64 . }}' : '{{ . }}';
      return [`${indent}{{- with ${value} }}`, `${indent}${optional[3]}: ${shown}`, `${indent}{{- end }}`];
    }
    return [line.replace(pattern, (_, n) => expansions[Number(n)])];
  });
  const body = [...checks, ...lines].join('\n');
  return condition === undefined ? body : `{{- if ${valueRef(condition)} }}\n${body}{{- end }}\n`;
}

/** Moves the instance label into the chart's labels helper. */
function withLabelsHelper(manifest: any): any {
  const labels = { ...(manifest.metadata?.labels ?? {}) };
  if (labels[INSTANCE_LABEL] === marker('release')) delete labels[INSTANCE_LABEL];
  return { ...manifest, metadata: { ...manifest.metadata, labels: { [LABELS_KEY]: 'x', ...labels } } };
}

/** The template text of a string holding markers. */
function expand(ctx: WriterContext, value: string): string {
  const parts = splitMarkers(value);
  if (parts.length === 1 && typeof parts[0] !== 'string') {
    const t = parts[0];
    switch (t.type) {
      // RBAC names may hold spaces, ':', '#' and braces: only a DNS name goes into the template as it is
      case 'name': return DNS_NAME.test(t.arg) ? `{{ .Release.Name }}-${t.arg}` : `{{ print .Release.Name ${JSON.stringify(`-${t.arg}`)} | quote }}`;
      case 'release': return '{{ .Release.Name | quote }}';
      case 'namespace': return '{{ .Release.Namespace | quote }}';
      case 'hashed': return `{{ include "${hashedTemplate(ctx, t.arg)}" . }}`;
      case 'value': return valueExpression(ctx, t.arg);
    }
  }
  const operands = parts.map(p => (typeof p === 'string' ? JSON.stringify(p) : operand(ctx, p)));
  return `{{ print ${operands.join(' ')} | quote }}`;
}

function operand(ctx: WriterContext, t: Token): string {
  switch (t.type) {
    case 'name': return `.Release.Name ${JSON.stringify(`-${t.arg}`)}`;
    case 'release': return '.Release.Name';
    case 'namespace': return '.Release.Namespace';
    case 'hashed': return `(include "${hashedTemplate(ctx, t.arg)}" .)`;
    case 'value': {
      const ref = parseValueRef(t.arg);
      return ref.form === Form.IMAGE ? `(include "${ctx.chart}.imageRef" ${valueRef(ref.path)})` : valueRef(ref.path);
    }
  }
}

/**
 * A whole field bound to a value. Optional fields give `with …`, which the
 * writer turns into lines that leave the field out when the value is empty.
 */
function valueExpression(ctx: WriterContext, arg: string): string {
  const ref = parseValueRef(arg);
  const value = valueRef(ref.path);
  if (ref.optional) {
    const guard = ctx.guards.get(ref.path);
    const form = ref.form === Form.JSON ? 'json' : ctx.integers.has(ref.path) ? 'int' : 'scalar';
    return `with:${form}:${guard === undefined ? value : `(and ${guard} ${value})`}`;
  }
  if (ref.form === Form.SCALAR && ctx.integers.has(ref.path)) return `{{ int64 ${value} }}`;
  switch (ref.form) {
    case Form.STRING: return `{{ ${value} | toString | quote }}`;
    case Form.QUANTITY: return `{{ ${value} | toString | quote }}`;
    case Form.JSON: return `{{ toJson ${value} }}`;
    case Form.IMAGE: return `{{ include "${ctx.chart}.imageRef" ${value} | quote }}`;
    case Form.SECRET: return `{{ ${secretValueRef(ref.path)} | quote }}`;
    default: return `{{ ${value} }}`;
  }
}

function hashedTemplate(ctx: WriterContext, name: string): string {
  const template = ctx.hashedNames.get(name);
  if (!template) throw new Error(`internal: no named template for the hashed name of '${name}'`);
  return template;
}
