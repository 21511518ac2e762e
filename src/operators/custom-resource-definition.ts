import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { checkMetadata, checkPlainObject } from '../_boundary';
import { fail, show } from '../_errors';
import { isDns1035Label } from '../_names';
import { checkInteger, checkOptionalType, checkType } from '../_validate';
import { ICustomResourceDefinition } from './custom-resource-kind';
import { SchemaField } from './schema-field';
import { crdProblems } from '../validation/_crd-rules';

/** Where the objects of a custom kind live. */
export enum CustomResourceScope {
  /** In a namespace, like Deployments. */
  NAMESPACED = 'Namespaced',
  /** In the cluster, like Namespaces and ClusterRoles. */
  CLUSTER = 'Cluster',
}

/** The type of a printer column. */
export enum PrinterColumnType {
  /** A whole number. */
  INTEGER = 'integer',
  /** A number. */
  NUMBER = 'number',
  /** Text. */
  STRING = 'string',
  /** true or false. */
  BOOLEAN = 'boolean',
  /** A timestamp, shown as an age (`5m`). */
  DATE = 'date',
}

/**
 * A column `kubectl get` shows for the custom resources.
 * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#additional-printer-columns
 */
export interface PrinterColumn {
  /** The column's header. */
  readonly name: string;
  /** The type of its values. */
  readonly type: PrinterColumnType;
  /** A simple JSON path to a field the schema defines, e.g. `.spec.capacity`. */
  readonly jsonPath: string;
  /** What the column shows. @default - none */
  readonly description?: string;
  /** 0 shows the column always; more only with `kubectl get -o wide`. @default 0 */
  readonly priority?: number;
}

/**
 * The scale subresource: `kubectl scale` and HorizontalPodAutoscalers work on
 * the custom resources.
 */
export interface ScaleSubresource {
  /** The integer field of the spec that holds the desired replicas, e.g. `.spec.replicas`. */
  readonly specReplicasPath: string;
  /** The integer field of the status that holds the current replicas, e.g. `.status.replicas`. */
  readonly statusReplicasPath: string;
  /** The string field holding the pods' label selector, which an autoscaler needs. @default - none */
  readonly labelSelectorPath?: string;
}

/** One version of a custom kind. */
export interface CustomResourceVersion {
  /** The version's name, e.g. `v1` or `v1beta1`. */
  readonly name: string;
  /** The schema of the spec, an object field. */
  readonly spec: SchemaField;
  /**
   * The schema of the status, an object field, which the controller writes
   * through the status subresource.
   * @default - no status
   */
  readonly status?: SchemaField;
  /** Whether the API serves the version. @default true */
  readonly served?: boolean;
  /** Whether objects are stored in this version; exactly one version is. @default - true when it is the only version */
  readonly storage?: boolean;
  /** Whether the version is deprecated (clients get a warning). @default false */
  readonly deprecated?: boolean;
  /** The warning deprecated clients get. @default - the API server's */
  readonly deprecationWarning?: string;
  /** Columns of `kubectl get`. @default - the age only */
  readonly printerColumns?: PrinterColumn[];
  /** The scale subresource. @default - none */
  readonly scale?: ScaleSubresource;
}

/** Props of a {@link CustomResourceDefinition}. */
export interface CustomResourceDefinitionProps {
  /** The API group, a domain the team owns, e.g. `tickets.example.com`. */
  readonly group: string;
  /** The kind, CamelCase, e.g. `Venue`. */
  readonly kind: string;
  /** The resource name in URLs and RBAC rules, lowercase. @default - the kind in lowercase with an `s` */
  readonly plural?: string;
  /** The singular name. @default - the kind in lowercase */
  readonly singular?: string;
  /** Short names for kubectl, e.g. `['vn']`. @default - none */
  readonly shortNames?: string[];
  /** Categories, so that `kubectl get <category>` lists them, e.g. `['all']`. @default - none */
  readonly categories?: string[];
  /** Where the objects live. @default CustomResourceScope.NAMESPACED */
  readonly scope?: CustomResourceScope;
  /** The versions, one of them the storage version. */
  readonly versions: CustomResourceVersion[];
  /** Labels and annotations; the name is always `<plural>.<group>`. @default - none */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * A CustomResourceDefinition (apiextensions.k8s.io/v1) whose schema is
 * built from typed {@link SchemaField}s, so that it is structural: the API
 * server validates, prunes and defaults the custom resources by it. Refused
 * when built, with the library's messages: what the API server's CRD
 * validation refuses (a group without a dot, names that are not DNS-1035
 * labels, no or two storage versions, a printer column or scale path the
 * schema lacks, a schema that is not structural).
 *
 * In a Helm chart, it goes to the chart's `crds/` folder.
 *
 * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/
 */
export class CustomResourceDefinition extends Construct implements ICustomResourceDefinition {
  /** The API group. */
  public readonly group: string;
  /** The kind. */
  public readonly kind: string;
  /** The resource name. */
  public readonly plural: string;
  /** Whether the objects live in namespaces. */
  public readonly namespaced: boolean;
  /** The versions the API serves. */
  public readonly servedVersions: string[];
  /** The version objects are stored in. */
  public readonly storageVersion: string;
  /** The CustomResourceDefinition object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: CustomResourceDefinitionProps) {
    super(scope, id);
    checkPlainObject(this, 'props', props);
    checkType(this, 'group', props.group, 'string');
    checkType(this, 'kind', props.kind, 'string');
    checkMetadata(this, 'metadata', props.metadata);
    if (props.metadata?.name !== undefined) fail(this, 'metadata.name', `must be left out: a CustomResourceDefinition is named '<plural>.<group>', got ${show(props.metadata.name)}`);
    if (props.metadata?.namespace !== undefined) fail(this, 'metadata.namespace', `must be left out: a CustomResourceDefinition is cluster-scoped, got ${show(props.metadata.namespace)}`);
    for (const field of ['plural', 'singular'] as const) checkOptionalType(this, field, props[field], 'string');
    for (const field of ['shortNames', 'categories'] as const) {
      checkOptionalType(this, field, props[field], 'array');
      props[field]?.forEach((name, i) => {
        if (!isDns1035Label(name)) fail(this, `${field}[${i}]`, `must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter), got ${show(name)}`);
      });
    }
    if (props.scope !== undefined && !Object.values(CustomResourceScope).includes(props.scope)) {
      fail(this, 'scope', `must be a CustomResourceScope (Namespaced, Cluster), got ${show(props.scope)}`);
    }
    checkType(this, 'versions', props.versions, 'array');
    if (!/^[A-Z][A-Za-z0-9]{0,62}$/.test(props.kind)) {
      fail(this, 'kind', `must be CamelCase: an uppercase letter, then letters and digits, at most 63 characters, got ${show(props.kind)}`);
    }
    for (const field of ['plural', 'singular'] as const) {
      const name = props[field];
      if (name !== undefined && !isDns1035Label(name)) fail(this, field, `must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter), got ${show(name)}`);
    }
    if (props.plural === undefined && props.kind.length > 62) fail(this, 'kind', `must leave room for the default plural '<kind>s' (a DNS-1035 label of at most 63 characters), got ${show(props.kind)}; or give 'plural'`);
    this.group = props.group;
    this.kind = props.kind;
    this.plural = props.plural ?? `${props.kind.toLowerCase()}s`;
    this.namespaced = (props.scope ?? CustomResourceScope.NAMESPACED) === CustomResourceScope.NAMESPACED;
    const versions = props.versions.map((v, i) => this.version(v, i, props.versions.length));
    const spec = {
      group: props.group,
      names: {
        kind: props.kind,
        listKind: `${props.kind}List`,
        plural: this.plural,
        singular: props.singular ?? props.kind.toLowerCase(),
        shortNames: props.shortNames,
        categories: props.categories,
      },
      scope: props.scope ?? CustomResourceScope.NAMESPACED,
      versions,
    };
    const manifest = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${this.plural}.${props.group}` }, spec };
    const problem = crdProblems(JSON.parse(JSON.stringify(manifest)))[0];
    if (problem) fail(this, fieldOf(problem.path), problem.reason);
    this.servedVersions = versions.filter(v => v.served).map(v => v.name);
    this.storageVersion = versions.find(v => v.storage)!.name;
    this.apiObject = new ApiObject(this, 'Resource', { ...manifest, metadata: { ...props.metadata, name: manifest.metadata.name }, spec } as any);
  }

  /** The apiVersion of the custom resources in a version, `<group>/<version>`. */
  public apiVersionOf(version: string = this.storageVersion): string {
    if (!this.servedVersions.includes(version)) {
      fail(this, 'version', `must be a version the definition serves (${this.servedVersions.map(v => `'${v}'`).join(', ')}), got ${show(version)}`);
    }
    return `${this.group}/${version}`;
  }

  private version(v: CustomResourceVersion, i: number, count: number): any {
    const at = `versions[${i}]`;
    checkPlainObject(this, at, v);
    checkType(this, `${at}.name`, v.name, 'string');
    for (const field of ['spec', 'status'] as const) {
      const f = v[field];
      if (f === undefined && field === 'status') continue;
      if (!(f instanceof SchemaField) || f._schema.type !== 'object') {
        fail(this, `${at}.${field}`, `must be an object field (SchemaField.object() or .unstructured()), got ${f instanceof SchemaField ? `a field of type ${f._schema.type ?? 'int-or-string'}` : show(f)}`);
      }
    }
    for (const field of ['served', 'storage', 'deprecated'] as const) checkOptionalType(this, `${at}.${field}`, v[field], 'boolean');
    checkOptionalType(this, `${at}.printerColumns`, v.printerColumns, 'array');
    v.printerColumns?.forEach((c, j) => {
      const col = `${at}.printerColumns[${j}]`;
      checkPlainObject(this, col, c);
      checkType(this, `${col}.name`, c.name, 'string');
      if (!Object.values(PrinterColumnType).includes(c.type)) fail(this, `${col}.type`, `must be a PrinterColumnType (integer, number, string, boolean, date), got ${show(c.type)}`);
      checkType(this, `${col}.jsonPath`, c.jsonPath, 'string');
      checkOptionalType(this, `${col}.description`, c.description, 'string');
      if (c.priority !== undefined) checkInteger(this, `${col}.priority`, c.priority, 0, 2 ** 31 - 1);
    });
    if (v.scale !== undefined) {
      checkPlainObject(this, `${at}.scale`, v.scale);
      for (const field of ['specReplicasPath', 'statusReplicasPath', 'labelSelectorPath'] as const) {
        (field === 'labelSelectorPath' ? checkOptionalType : checkType)(this, `${at}.scale.${field}`, v.scale[field], 'string');
      }
    }
    checkOptionalType(this, `${at}.deprecationWarning`, v.deprecationWarning, 'string');
    const specRequired = (v.spec._schema.required ?? []).length > 0;
    const root = {
      type: 'object',
      required: specRequired ? ['spec'] : undefined,
      properties: { spec: v.spec._schema, ...(v.status && { status: v.status._schema }) },
    };
    const scale = v.scale && {
      specReplicasPath: v.scale.specReplicasPath, statusReplicasPath: v.scale.statusReplicasPath, labelSelectorPath: v.scale.labelSelectorPath,
    };
    const subresources = v.status || scale ? { ...(v.status && { status: {} }), ...(scale && { scale }) } : undefined;
    return {
      name: v.name,
      served: v.served ?? true,
      storage: v.storage ?? count === 1,
      deprecated: v.deprecated,
      deprecationWarning: v.deprecationWarning,
      schema: { openAPIV3Schema: JSON.parse(JSON.stringify(root)) },
      subresources,
      additionalPrinterColumns: v.printerColumns?.map(c => ({
        name: c.name, type: c.type, jsonPath: c.jsonPath, description: c.description, priority: c.priority,
      })),
    };
  }
}

/** The prop a problem of the rendered definition comes from: `versions[0].printerColumns[1].jsonPath` for `spec.versions[0].additionalPrinterColumns[1].jsonPath`. */
function fieldOf(path: string): string {
  return path
    .replace(/^spec\.names\./, '')
    .replace(/^spec\./, '')
    .replace(/^metadata\.name$/, 'plural')
    .replace(/\.additionalPrinterColumns\[/, '.printerColumns[')
    .replace(/\.schema\.openAPIV3Schema\.properties\.(spec|status)/, '.$1')
    .replace(/\.subresources\.scale\./, '.scale.');
}
