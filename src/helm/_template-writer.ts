import { Document, isScalar, Pair, Scalar, Schema, visit, YAMLMap } from 'yaml';
import { mapMarked, marker, splitMarkers, Token } from '../_markers';
import { DEFER, MAX_IMPLICIT_KEY, YamlWriter } from '../_yaml-writer';
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

const DNS_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/**
 * Template text that goes into the YAML as it is. An optional field's key
 * opens a `{{- with … }}` line before it, and its value closes it with
 * `{{- end }}` after, each at the indentation of the field's map.
 */
class TemplateText {
  constructor(readonly text: string, readonly open?: string, readonly close?: string) {}
}

/** A whole field bound to an optional value: left out of the object when the value is empty. */
class OptionalField {
  constructor(readonly value: string, readonly shown: string) {}
}

/** The labels of an object: the chart's labels helper, then the object's own labels as YAML. */
class LabelsBlock<Own = YAMLMap> {
  /** `own` is a YAMLMap for the Document API, the plain map for {@link TemplateYamlWriter}. */
  constructor(readonly chart: string, readonly own: Own) {}
}

/** cdk8s' YAML options (`Yaml.stringify`): YAML 1.1, no line folding, undefined kept. */
const OPTIONS = { version: '1.1', lineWidth: 0, keepUndefined: true } as const;
const STRING = new Schema({ schema: 'yaml-1.1' }).tags.find(t => t.tag === 'tag:yaml.org,2002:str' && !t.format)!;

/**
 * The tags that make the template: template text written as it is, the
 * labels helper, and strings of the app's own content with every `{{`
 * escaped after YAML quoted them, so that Helm prints them rather than runs
 * them. A pair's key and value are written one indent in from their map's.
 */
const TAGS = [
  {
    identify: (v: unknown) => v instanceof TemplateText,
    default: true,
    tag: 'tag:cdk8s-patterns:template',
    resolve: () => undefined,
    stringify: (node: any, ctx: any) => {
      const { text, open, close } = node.value as TemplateText;
      const indent = ctx.indent.slice(0, ctx.indent.length - ctx.indentStep.length);
      return `${open === undefined ? '' : `${open}\n${indent}`}${text}${close === undefined ? '' : `\n${indent}${close}`}`;
    },
  },
  {
    // replaced, with its key, by template text before the document is written
    identify: (v: unknown) => v instanceof OptionalField,
    default: true,
    tag: 'tag:cdk8s-patterns:optional',
    resolve: () => undefined,
    stringify: () => { throw new Error('internal: an optional field outside a map'); },
  },
  {
    identify: (v: unknown) => v instanceof LabelsBlock,
    default: true,
    tag: 'tag:cdk8s-patterns:labels',
    resolve: () => undefined,
    stringify: (node: any, ctx: any) => {
      const { chart, own } = node.value as LabelsBlock;
      const rest = own.items.length > 0 ? `\n${ctx.indent}${own.toString(ctx)}` : '';
      return `\n${ctx.indent}{{- include "${chart}.labels" . | nindent ${ctx.indent.length} }}${rest}`;
    },
  },
  {
    ...STRING,
    identify: (v: unknown) => typeof v === 'string' && v.includes('{{'),
    default: true,
    stringify: (node: any, ctx: any, onComment: any, onChompKeep: any) => escapeBraces(STRING.stringify!(node, ctx, onComment, onChompKeep)),
  },
];

/**
 * Writes one manifest in release form as a Helm template: each marker
 * becomes its template expression, written as it is; each optional field
 * bound to a value is wrapped in `{{- with … }}`; the standard labels come
 * from the chart's helper; every `{{` of the app's own content is escaped so
 * that Helm prints it. When `condition` is given, the whole object renders
 * only when that value is true. `checks` are template lines that fail the
 * render on a bad combination of values.
 *
 * {@link TemplateYamlWriter} writes it, byte for byte what the `yaml`
 * Document API writes with cdk8s' options and the template tags
 * ({@link _documentTemplate}), which writes the manifests it leaves.
 */
export function writeTemplate(ctx: WriterContext, manifest: any, condition?: string, checks: string[] = []): string {
  const body = [...checks, _fastTemplate(ctx, manifest) ?? _documentTemplate(ctx, manifest)].join('\n');
  return condition === undefined ? body : `{{- if ${valueRef(condition)} }}\n${body}{{- end }}\n`;
}

/** The YAML of a template as {@link TemplateYamlWriter} writes it, or undefined when it leaves the manifest to yaml. */
export function _fastTemplate(ctx: WriterContext, manifest: any): string | undefined {
  const { body, own, at } = templateParts(ctx, manifest);
  const entries = Object.entries(body.metadata);
  entries.splice(at, 0, ['labels', new LabelsBlock<{ [key: string]: unknown }>(ctx.chart, own)]);
  const writer = new TemplateYamlWriter();
  return writer.document({ ...body, metadata: Object.fromEntries(entries) }) ? writer.text() : undefined;
}

/** The YAML of a template as the `yaml` Document API writes it, with cdk8s' options and the template tags. */
export function _documentTemplate(ctx: WriterContext, manifest: any): string {
  const { body, own, at } = templateParts(ctx, manifest);
  const doc = new Document(body, { ...OPTIONS, customTags: tags => [...TAGS, ...tags] as any });
  visit(doc, {
    Pair: (_, pair) => {
      if (!isScalar(pair.value) || !(pair.value.value instanceof OptionalField)) return;
      const { value, shown } = pair.value.value;
      pair.key = new Scalar(new TemplateText(String((pair.key as Scalar).value), `{{- with ${value} }}`));
      pair.value = new Scalar(new TemplateText(shown, undefined, '{{- end }}'));
    },
  });
  const labelsBlock = new Scalar(new LabelsBlock(ctx.chart, doc.createNode(own) as YAMLMap));
  (doc.get('metadata') as YAMLMap).items.splice(at, 0, new Pair(new Scalar('labels'), labelsBlock));
  return doc.toString(OPTIONS);
}

/**
 * What both writers start from: the manifest without its labels, markers
 * expanded; its own labels (the instance label is the helper's), markers
 * expanded; and where the labels go among the metadata's fields.
 */
function templateParts(ctx: WriterContext, manifest: any): { body: any; own: { [key: string]: unknown }; at: number } {
  const { labels = {}, ...metadata } = manifest.metadata ?? {};
  const own = Object.fromEntries(Object.entries(labels).filter(([k, v]) => !(k === INSTANCE_LABEL && v === marker('release'))));
  const at = Object.keys(manifest.metadata ?? {}).indexOf('labels');
  return {
    body: mapMarked({ ...manifest, metadata }, v => expand(ctx, v)),
    own: mapMarked(own, v => expand(ctx, v)),
    at: at < 0 ? Object.keys(metadata).length : at,
  };
}

/**
 * yaml's stringify for cdk8s' options ({@link YamlWriter}) with the template
 * tags. It leaves to yaml what yaml 2.9 writes differently from the 2.8 that
 * {@link YamlWriter} ports: -0, and multi-line strings of whitespace only.
 */
class TemplateYamlWriter extends YamlWriter {
  protected scalar(value: string, depth: number): string {
    if (value.includes('\n') && /^\s*$/.test(value)) throw DEFER;
    const text = super.scalar(value, depth);
    return value.includes('{{') ? escapeBraces(text) : text;
  }

  protected number(value: number): string {
    if (Object.is(value, -0)) throw DEFER;
    return super.number(value);
  }

  protected key(key: string, atRoot: boolean): string {
    const text = super.key(key, atRoot);
    if (!key.includes('{{')) return text;
    const escaped = escapeBraces(text);
    // yaml measures the key after the escape: a longer one is an explicit `? key`
    if (escaped.length - 1 > MAX_IMPLICIT_KEY) throw DEFER;
    return escaped;
  }

  protected entry(key: string, value: unknown, depth: number): void {
    if (value instanceof OptionalField) {
      const open = `{{- with ${value.value} }}`;
      // a key yaml would write as an explicit `? key`
      if (open.length + 1 + this.indent(depth).length + key.length > MAX_IMPLICIT_KEY) throw DEFER;
      this.chunks.push(`${open}\n${this.indent(depth)}${key}: ${value.shown}\n${this.indent(depth)}{{- end }}`);
    } else if (value instanceof LabelsBlock) {
      const indent = this.indent(depth + 1);
      this.chunks.push(`${this.key(key, depth === 0)}\n${indent}{{- include "${value.chart}.labels" . | nindent ${indent.length} }}`);
      const keys = this.enter(value.own as object)!;
      const own = value.own as any;
      // yaml refuses an optional field among the labels
      if (keys.some(k => own[k] instanceof OptionalField)) throw DEFER;
      if (keys.length === 0) return;
      this.chunks.push(`\n${indent}`);
      this.collection(keys, own, depth + 1);
    } else {
      super.entry(key, value, depth);
    }
  }

  protected other(value: object, _depth: number, inMap: boolean): void {
    if (!(value instanceof TemplateText)) throw DEFER;
    this.chunks.push(inMap ? ` ${value.text}` : value.text);
  }
}

function escapeBraces(text: string): string {
  return text.replace(/\{\{/g, '{{ "{{" }}');
}

/** The template of a string holding markers. */
function expand(ctx: WriterContext, value: string): TemplateText | OptionalField {
  const parts = splitMarkers(value);
  if (parts.length === 1 && typeof parts[0] !== 'string') {
    const t = parts[0];
    switch (t.type) {
      // RBAC names may hold spaces, ':', '#' and braces: only a DNS name goes into the template as it is
      case 'name': return new TemplateText(DNS_NAME.test(t.arg) ? `{{ .Release.Name }}-${t.arg}` : `{{ print .Release.Name ${JSON.stringify(`-${t.arg}`)} | quote }}`);
      case 'release': return new TemplateText('{{ .Release.Name | quote }}');
      case 'namespace': return new TemplateText('{{ .Release.Namespace | quote }}');
      case 'hashed': return new TemplateText(`{{ include "${hashedTemplate(ctx, t.arg)}" . }}`);
      case 'value': return valueExpression(ctx, t.arg);
    }
  }
  const operands = parts.map(p => (typeof p === 'string' ? JSON.stringify(p) : operand(ctx, p)));
  return new TemplateText(`{{ print ${operands.join(' ')} | quote }}`);
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

/** A whole field bound to a value; an optional one is left out when the value is empty. */
function valueExpression(ctx: WriterContext, arg: string): TemplateText | OptionalField {
  const ref = parseValueRef(arg);
  const value = valueRef(ref.path);
  if (ref.optional) {
    const guard = ctx.guards.get(ref.path);
    const shown = ref.form === Form.JSON ? '{{ toJson . }}' : ctx.integers.has(ref.path) ? '{{ int64 . }}' : '{{ . }}';
    return new OptionalField(guard === undefined ? value : `(and ${guard} ${value})`, shown);
  }
  return new TemplateText(fieldExpression(ctx, ref.form, ref.path, value));
}

function fieldExpression(ctx: WriterContext, form: Form, path: string, value: string): string {
  if (form === Form.SCALAR && ctx.integers.has(path)) return `{{ int64 ${value} }}`;
  switch (form) {
    case Form.STRING: return `{{ ${value} | toString | quote }}`;
    case Form.QUANTITY: return `{{ ${value} | toString | quote }}`;
    // a values file gives every number as a float: a count renders as a whole number (1000000, not 1e+06)
    case Form.INT_OR_STRING: return `{{ if kindIs "string" ${value} }}{{ ${value} | quote }}{{ else }}{{ int64 ${value} }}{{ end }}`;
    case Form.JSON: return `{{ toJson ${value} }}`;
    case Form.IMAGE: return `{{ include "${ctx.chart}.imageRef" ${value} | quote }}`;
    case Form.SECRET: return `{{ ${secretValueRef(path)} | quote }}`;
    default: return `{{ ${value} }}`;
  }
}

function hashedTemplate(ctx: WriterContext, name: string): string {
  const template = ctx.hashedNames.get(name);
  if (!template) throw new Error(`internal: no named template for the hashed name of '${name}'`);
  return template;
}
