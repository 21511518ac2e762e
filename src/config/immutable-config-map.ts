import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { fail, show } from '../_errors';
import { k8s, kplus } from '../_plus';
import { checkType } from '../_validate';
import { checkBaseName, checkDataKeys, checkDataSize, contentHash } from './_content';
import { checkMetadata } from '../_boundary';

/**
 * Props of an {@link ImmutableConfigMap}.
 */
export interface ImmutableConfigMapProps {
  /**
   * Metadata of the ConfigMap. `metadata.name` is the base name: the
   * ConfigMap is named `<metadata.name>-<hash>`, so it must leave room for
   * the 11 characters of the suffix (at most 242 characters).
   * @default - the base name is the construct id
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * The configuration: keys of letters, digits, '-', '_' and '.' (file names
   * when mounted), values of UTF-8 text; at least one key, at most 1 MiB in all.
   */
  readonly data: { [key: string]: string };
}

/**
 * A ConfigMap named after a hash of its content and marked `immutable: true`,
 * as kustomize's configMapGenerator makes them: `app-config-d74d8fcttc`.
 *
 * Changing the data changes the name, so every pod template that refers to it
 * changes too and its workload rolls out new pods with the new configuration;
 * the old ConfigMap stays until it is pruned, for pods that still use it and
 * for rollbacks. The same data gives the same name, synth after synth (the
 * suffix is the one kustomize v5 gives the same data).
 *
 * Immutable ConfigMaps are not watched by the kubelet: mounted files never
 * change. For configuration that changes at run time, mount a plain
 * cdk8s-plus `ConfigMap` instead (see `ConfigSource.fromConfigMap`).
 *
 * @see https://kubernetes.io/docs/concepts/configuration/configmap/#configmap-immutable
 * @see https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/configmapgenerator/
 */
export class ImmutableConfigMap extends kplus.Resource implements kplus.IConfigMap {
  /** The API resource type, for RBAC rules. */
  public readonly resourceType = 'configmaps';
  /** The name given, without the hash suffix. */
  public readonly baseName: string;
  /** The content hash that ends the name: 10 characters of a SHA-256 of the data. */
  public readonly hash: string;
  protected readonly apiObject: ApiObject;
  private readonly content: { [key: string]: string };

  constructor(scope: Construct, id: string, props: ImmutableConfigMapProps) {
    super(scope, id);
    checkType(this, 'props', props, 'object');
    let bytes = 0;
    for (const key of checkDataKeys(this, props.data)) {
      const value = props.data[key];
      if (typeof value !== 'string') fail(this, `data[${key}]`, `must be a string (quote numbers and booleans), got ${show(value)}`);
      bytes += key.length + Buffer.byteLength(value, 'utf8');
    }
    checkDataSize(this, 'ConfigMap', bytes);
    checkMetadata(this, 'metadata', props.metadata, checkBaseName);
    if (props.metadata?.name === undefined) checkBaseName(this, 'metadata.name', id);
    this.baseName = props.metadata?.name ?? id;
    this.content = { ...props.data };
    this.hash = contentHash('ConfigMap', this.content);
    this.apiObject = new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { ...props.metadata, name: `${this.baseName}-${this.hash}` },
      data: { ...this.content },
      immutable: true,
    });
  }

  /** The data of the ConfigMap (a copy). */
  public get data(): { [key: string]: string } {
    return { ...this.content };
  }

  /** The keys of the data, sorted. */
  public get keys(): string[] {
    return Object.keys(this.content).sort();
  }
}
