import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { checkJson, checkMetadata, checkPlainObject, copyJson, pathScope } from '../_boundary';
import { fail, show } from '../_errors';
import { checkOptionalType } from '../_validate';
import { ICustomResourceDefinition } from './custom-resource-kind';

/** Props of a {@link CustomResource}. */
export interface CustomResourceProps {
  /** The kind: a CustomResourceDefinition of the app, or one of ImportedCustomResourceDefinitions. */
  readonly definition: ICustomResourceDefinition;
  /** The version of the object. @default - the definition's storage version */
  readonly version?: string;
  /** The object's metadata; a namespace only for a namespaced kind. @default - a generated name */
  readonly metadata?: ApiObjectMetadata;
  /** The spec, checked at synth against the version's schema. @default - none */
  readonly spec?: any;
}

/**
 * An object of a custom kind, e.g. a `Venue` an operator reconciles. Synth
 * validates it by its definition's schema, in the same pass and with the
 * same messages as built-in kinds: a missing required field, a field of the
 * wrong type, out of range or unknown to the schema fails synth, naming the
 * construct and the field.
 */
export class CustomResource extends ApiObject {
  /** The kind's definition. */
  public readonly definition: ICustomResourceDefinition;

  constructor(scope: Construct, id: string, props: CustomResourceProps) {
    const at = pathScope(scope.node.path ? `${scope.node.path}/${id}` : id);
    checkPlainObject(at, 'props', props);
    const definition = props.definition;
    if (typeof definition?.apiVersionOf !== 'function' || typeof definition.kind !== 'string') {
      fail(at, 'definition', `must be a CustomResourceDefinition, or a definition of ImportedCustomResourceDefinitions, got ${show(definition)}`);
    }
    checkOptionalType(at, 'version', props.version, 'string');
    checkMetadata(at, 'metadata', props.metadata);
    if (!definition.namespaced && props.metadata?.namespace !== undefined) {
      fail(at, 'metadata.namespace', `must be left out: ${definition.kind}.${definition.group} is cluster-scoped, got ${show(props.metadata.namespace)}`);
    }
    if (props.version !== undefined && !definition.servedVersions.includes(props.version)) {
      fail(at, 'version', `must be a version ${definition.plural}.${definition.group} serves (${definition.servedVersions.map(v => `'${v}'`).join(', ')}), got ${show(props.version)}`);
    }
    if (props.spec !== undefined && (typeof props.spec !== 'object' || props.spec === null || Array.isArray(props.spec))) {
      fail(at, 'spec', `must be an object, got ${show(props.spec)}`);
    }
    if (props.spec !== undefined) checkJson(at, 'spec', props.spec);
    super(scope, id, {
      apiVersion: definition.apiVersionOf(props.version),
      kind: definition.kind,
      metadata: props.metadata,
      ...(props.spec !== undefined && { spec: copyJson(props.spec) }),
    } as any);
    this.definition = definition;
  }
}

