import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { checkPlainObject } from '../_boundary';
import { marker } from '../_markers';
import { Form, HELM_GLOBAL, valuePathProblem } from './_values';
import { fail, show } from '../_errors';
import { checkOneOf } from '../_validate';
import { fits, typeOf } from './_json-types';
import { HelmChart } from './helm-chart';
import { HelmValueType } from './helm-value-type';
import { schemaAtPointer } from '../validation/_catalog';
import { nearest } from '../validation/_problems';

/** The types of value a field of each schema type takes. */
const FIELD_TAKES: { [schemaType: string]: HelmValueType[] } = {
  'integer': [HelmValueType.INTEGER],
  'number': [HelmValueType.INTEGER, HelmValueType.NUMBER],
  'boolean': [HelmValueType.BOOLEAN],
  'string': [HelmValueType.STRING],
  'int-or-string': [HelmValueType.INTEGER, HelmValueType.STRING],
  'object': [HelmValueType.OBJECT],
  'array': [HelmValueType.ARRAY],
};

/**
 * What helm's YAML reader and writer (go-yaml) cannot carry: DEL and C1 controls (refused), NEL, U+2028 and
 * U+2029 (line breaks), U+FFFE and U+FFFF, unpaired surrogates, and the library's release markers.
 */
const UNCARRIED = /[\u007f-\u009f\u2028\u2029\ue000\ue001\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** What a comment line of values.yaml cannot hold: line breaks and other controls too. */
const NOT_ONE_LINE = new RegExp(`[\\u0000-\\u001f]|${UNCARRIED.source}`);
const codePoint = (c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Props of a {@link HelmValue}. */
export interface HelmValueProps {
  /**
   * The value's dotted path in `values.yaml`, camelCase keys, e.g.
   * `ticketsApi.logFormat` (`--set ticketsApi.logFormat=json`). The first
   * key must not be Helm's `global` nor the key of one of the chart's
   * dependencies.
   */
  readonly name: string;
  /** The value's default, which plain manifests use too. Its type must be `type`. */
  readonly defaultValue: any;
  /**
   * What the value sets: the comment in `values.yaml` is
   * `# <key> <description>`, so one line of text without control characters.
   */
  readonly description: string;
  /**
   * The value's type, which `values.schema.json` enforces.
   * @default - the type of `defaultValue`
   */
  readonly type?: HelmValueType;
}

/** One field a {@link HelmValue} sets. */
export interface HelmValueBinding {
  /** The object whose manifest holds the field. */
  readonly target: ApiObject;
  /** The field, as a JSON pointer into the manifest, e.g. `/spec/replicas`. */
  readonly pointer: string;
}

/**
 * A value of your own in the Helm chart: it sets the fields it is bound to
 * ({@link bindTo}) and the text it is placed in ({@link asString}). Plain
 * manifests use its default. Two HelmValues of one name must agree on the
 * default, and a value's type must match every field it sets.
 */
export class HelmValue extends Construct {
  /** The HelmValues of a cdk8s chart, in the order they were created. */
  public static allOf(chart: Chart): HelmValue[] {
    return chart.node.findAll().filter((c): c is HelmValue => c instanceof HelmValue && Chart.of(c) === chart);
  }

  /** The value's dotted path in `values.yaml`. */
  public readonly name: string;
  /** The default. */
  public readonly defaultValue: any;
  /** The comment text. */
  public readonly description: string;
  /** The JSON type. */
  public readonly type: HelmValueType;
  private readonly _bindings: HelmValueBinding[] = [];
  private readonly typeGiven: boolean;

  constructor(scope: Construct, id: string, props: HelmValueProps) {
    super(scope, id);
    checkPlainObject(this, 'props', props);
    if (props.type !== undefined) checkOneOf(this, 'type', props.type, HelmValueType);
    const problem = valuePathProblem(props.name);
    if (problem) fail(this, 'name', `${problem}, got ${show(props.name)}`);
    const first = props.name.split('.')[0];
    if (first === HELM_GLOBAL) {
      fail(this, 'name', `must not start with '${HELM_GLOBAL}', Helm's values shared with every subchart, got ${show(props.name)}; choose another first key`);
    }
    // a HelmChart made later is checked at synth, when the chart's files are written
    const chart = [...this.node.scopes].reverse().find(Chart.isChart);
    const dependency = chart && HelmChart.of(chart)?.dependencies.find(d => (d.alias ?? d.name) === first);
    if (dependency) {
      fail(this, 'name', `must not start with '${first}', the values key of dependency '${dependency.name}', got ${show(props.name)}; choose another first key or give the dependency an alias`);
    }
    const actual = typeOf(props.defaultValue);
    if (actual === undefined) {
      fail(this, 'defaultValue', `must be a string, number, boolean, object or array, got ${show(props.defaultValue)}`);
    }
    const type = props.type ?? actual;
    if (!fits(type, props.defaultValue)) {
      fail(this, 'defaultValue', `must be of type '${type}', got ${show(props.defaultValue)} (${actual})`);
    }
    if (typeof props.description !== 'string' || props.description.trim() === '') {
      fail(this, 'description', `must say what the value sets, got ${show(props.description)}`);
    }
    const bad = NOT_ONE_LINE.exec(props.description);
    if (bad) {
      fail(this, 'description', `must be one line of text without control characters (it is the value's comment in values.yaml), got ${show(props.description)}, which holds ${codePoint(bad[0])} at index ${bad.index}; write it on one line`);
    }
    this.checkCarried(props.defaultValue, 'defaultValue');
    this.name = props.name;
    this.defaultValue = props.defaultValue;
    this.description = props.description.trim();
    this.type = type;
    this.typeGiven = props.type !== undefined;
  }

  /** Fails unless every string and key of the default is text helm's YAML reader carries unchanged. */
  private checkCarried(value: unknown, field: string): void {
    const check = (text: string, what: string) => {
      const bad = UNCARRIED.exec(text);
      if (bad) {
        fail(this, field, `must ${what} that helm's YAML reader carries (no DEL or C1 controls, U+2028, U+2029, U+FFFE, U+FFFF, unpaired surrogates or U+E000/U+E001), got ${show(text)}, which holds ${codePoint(bad[0])} at index ${bad.index}; remove it or escape it in the application`);
      }
    };
    if (typeof value === 'string') return check(value, 'be text');
    if (Array.isArray(value)) return value.forEach((item, i) => this.checkCarried(item, `${field}[${i}]`));
    if (value === null || typeof value !== 'object') return;
    for (const [key, item] of Object.entries(value)) {
      check(key, 'have keys of text');
      if (key === '<<') fail(this, field, "must not have the key '<<', which helm's YAML writer leaves unquoted and its reader takes for a merge key, failing the install, got '<<'; rename the key");
      this.checkCarried(item, `${field}.${key}`);
    }
  }

  /**
   * Makes the value set a field of an object's manifest: the field is
   * replaced by the value (its default in plain manifests). The field's
   * current type, when it has one, must be the value's.
   *
   * @param target the object (a cdk8s-plus or library construct, or an ApiObject)
   * @param pointer the field, as a JSON pointer such as `/spec/replicas`
   */
  public bindTo(target: IConstruct, pointer: string): void {
    let object: ApiObject;
    try {
      object = ApiObject.of(target);
    } catch {
      fail(this, 'target', `must be a Kubernetes object (an ApiObject or a construct whose default child is one), got ${show(target)}`);
    }
    if (typeof pointer !== 'string' || !/^(\/[^/]+)+$/.test(pointer)) {
      fail(this, 'pointer', `must be a JSON pointer to a field such as '/spec/replicas', got ${show(pointer)}`);
    }
    if (/^\/(metadata\/(name|namespace)|apiVersion|kind)$/.test(pointer)) {
      fail(this, 'pointer', `must not point at the name, namespace, kind or apiVersion, which follow the release, got ${show(pointer)}; bind another field`);
    }
    const field = schemaAtPointer(object.apiVersion, object.kind, pointer);
    if (field.badKey !== undefined) {
      const guess = nearest(field.badKey, field.allowed ?? []);
      fail(this, 'pointer', `must point at a field of ${object.kind} ${object.apiVersion}, got ${show(pointer)}: ${show(field.badKey)} is not a field at ${show(field.at || '/')}${guess ? `; did you mean '${guess}'?` : ''}`);
    }
    const kind = field.schema?.format === 'int-or-string' ? 'int-or-string' : field.schema?.type;
    const takes = kind === undefined ? undefined : FIELD_TAKES[kind];
    if (takes !== undefined && !takes.includes(this.type)) {
      fail(this, 'pointer', `must point at a field that takes a value of type '${this.type}' (${this.typeGiven ? "its 'type'" : "that of its 'defaultValue'"}), got ${show(pointer)}, a field of type '${kind}'; bind it to a field of its type`);
    }
    this._bindings.push({ target: object, pointer });
  }

  /**
   * The value as text, to place in a string field (an env value, an
   * argument, a URL). Only for values of type string, integer, number or
   * boolean.
   */
  public asString(): string {
    if (this.type === HelmValueType.OBJECT || this.type === HelmValueType.ARRAY) {
      const [field, got] = this.typeGiven ? ['type', `'${this.type}'`] : ['defaultValue', `a value of type '${this.type}'`];
      fail(this, field, `must be a string, integer, number or boolean for asString() to place the value in text, got ${got}; bind the value to a field with bindTo()`);
    }
    return marker('value', `${Form.STRING}|${this.name}|`);
  }

  /** The fields the value sets. */
  public get bindings(): HelmValueBinding[] {
    return [...this._bindings];
  }
}
