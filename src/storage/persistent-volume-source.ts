import { IConstruct } from 'constructs';
import { checkOptionalOneOf, checkStringMap } from '../_boundary';
import { fail, show } from '../_errors';
import { k8s, kplus } from '../_plus';
import { checkAbsolutePath, checkOptionalType, checkType } from '../_validate';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * A volume of a CSI driver, e.g. a cloud disk created outside Kubernetes.
 */
export interface CsiVolumeSourceOptions {
  /** Name of the CSI driver, e.g. `ebs.csi.aws.com`. */
  readonly driver: string;

  /** The id of the volume in the storage system, as the driver knows it. */
  readonly volumeHandle: string;

  /**
   * Filesystem to mount, e.g. `ext4`.
   * @default - the driver's choice
   */
  readonly fsType?: string;

  /**
   * Driver-specific attributes of the volume.
   * @default - none
   */
  readonly volumeAttributes?: { [key: string]: string };

  /**
   * Whether the driver attaches the volume read-only.
   * @default false
   */
  readonly readOnly?: boolean;
}

/**
 * An export of an NFS server.
 */
export interface NfsVolumeSourceOptions {
  /** Host name or IP address of the NFS server. */
  readonly server: string;

  /** Absolute path exported by the server. */
  readonly path: string;

  /**
   * Whether the export is mounted read-only.
   * @default false
   */
  readonly readOnly?: boolean;
}

/**
 * A disk, partition or directory of one node; the PersistentVolume gives
 * the node in `nodeAffinity`.
 */
export interface LocalVolumeSourceOptions {
  /** Absolute path of the disk, partition or directory on the node. */
  readonly path: string;
}

/**
 * A file or directory of the node a pod runs on.
 */
export interface HostPathVolumeSourceOptions {
  /** Absolute path of the file or directory on the node. */
  readonly path: string;

  /**
   * What must be at `path` for the pod to start.
   * @default HostPathVolumeType.DIRECTORY - an existing directory
   */
  readonly type?: kplus.HostPathVolumeType;
}

/** What a source adds to a PersistentVolume's spec. */
interface SourceSpec {
  readonly csi?: k8s.CsiPersistentVolumeSource;
  readonly nfs?: k8s.NfsVolumeSource;
  readonly local?: k8s.LocalVolumeSource;
  readonly hostPath?: k8s.HostPathVolumeSource;
}

/** The kinds of source, as the PersistentVolume spec names them. */
type SourceKind = keyof SourceSpec;

/**
 * Where the storage of a PersistentVolume is: a CSI driver's volume, an NFS
 * export, a local disk of one node, or a directory of the node (hostPath).
 *
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#types-of-persistent-volumes
 */
export class PersistentVolumeSource {
  /**
   * A volume of a CSI driver.
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#csi
   */
  public static csi(options: CsiVolumeSourceOptions): PersistentVolumeSource {
    return new PersistentVolumeSource('csi', scope => {
      checkType(scope, 'source.csi', options, 'object');
      const driver = options.driver;
      if (typeof driver !== 'string' || driver.length > 63 || !DNS1123_SUBDOMAIN.test(driver.toLowerCase())) {
        fail(scope, 'source.csi.driver', `must be a CSI driver name (a DNS-1123 subdomain of at most 63 characters, e.g. 'ebs.csi.aws.com'), got ${show(driver)}`);
      }
      if (typeof options.volumeHandle !== 'string' || options.volumeHandle.trim() === '') {
        fail(scope, 'source.csi.volumeHandle', `must be the id of the volume in the storage system, got ${show(options.volumeHandle)}`);
      }
      checkOptionalType(scope, 'source.csi.fsType', options.fsType, 'string');
      if (options.volumeAttributes !== undefined) checkStringMap(scope, 'source.csi.volumeAttributes', options.volumeAttributes);
      checkOptionalType(scope, 'source.csi.readOnly', options.readOnly, 'boolean');
      return {
        csi: {
          driver,
          volumeHandle: options.volumeHandle,
          fsType: options.fsType,
          // A copy: cdk8s cannot render a map without a prototype (Object.create(null)).
          volumeAttributes: options.volumeAttributes && { ...options.volumeAttributes },
          readOnly: options.readOnly,
        },
      };
    });
  }

  /**
   * An export of an NFS server.
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#nfs
   */
  public static nfs(options: NfsVolumeSourceOptions): PersistentVolumeSource {
    return new PersistentVolumeSource('nfs', scope => {
      checkType(scope, 'source.nfs', options, 'object');
      const server = options.server;
      if (typeof server !== 'string' || server === '' || /\s/.test(server)) {
        fail(scope, 'source.nfs.server', `must be the host name or IP address of the NFS server, got ${show(server)}`);
      }
      checkAbsolutePath(scope, 'source.nfs.path', options.path);
      checkOptionalType(scope, 'source.nfs.readOnly', options.readOnly, 'boolean');
      return { nfs: { server, path: options.path, readOnly: options.readOnly } };
    });
  }

  /**
   * A disk, partition or directory of one node: pods that use it run on that
   * node, which the PersistentVolume must give in `nodeAffinity`
   * (`VolumeNodeAffinity.onNodes(['worker-1'])`). Pair it with a
   * StorageClass of provisioner `kubernetes.io/no-provisioner` that waits
   * for the first consumer.
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#local
   */
  public static local(options: LocalVolumeSourceOptions): PersistentVolumeSource {
    return new PersistentVolumeSource('local', scope => {
      checkType(scope, 'source.local', options, 'object');
      checkAbsolutePath(scope, 'source.local.path', options.path);
      return { local: { path: options.path } };
    });
  }

  /**
   * A file or directory of the node the pod runs on, for a single-node
   * cluster or a test: without `nodeAffinity` on the PersistentVolume, each
   * node gives its own directory. Only `ReadWriteOnce`, and a filesystem.
   *
   * A pod that mounts a claim of this volume reaches the node's files as a
   * hostPath volume does, but Pod Security admission sees only a claim and
   * lets it through, at every level: whoever may create PersistentVolumes
   * (a cluster-scoped right) can hand node files to any namespace. A
   * `ClaimVolume` of a claim bound to such a volume of the app is refused
   * unless its workload declares `PodSecurityLevel.PRIVILEGED`, and mounts
   * it read-only by default, as a `HostPathVolume`.
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
   */
  public static hostPath(options: HostPathVolumeSourceOptions): PersistentVolumeSource {
    return new PersistentVolumeSource('hostPath', scope => {
      checkType(scope, 'source.hostPath', options, 'object');
      checkAbsolutePath(scope, 'source.hostPath.path', options.path);
      checkOptionalOneOf(scope, 'source.hostPath.type', options.type, kplus.HostPathVolumeType);
      return { hostPath: { path: options.path, type: options.type ?? kplus.HostPathVolumeType.DIRECTORY } };
    });
  }

  /**
   * The kind of source, as the PersistentVolume spec names it.
   * @internal
   */
  public readonly _kind: SourceKind;

  private constructor(kind: SourceKind, private readonly render: (scope: IConstruct) => SourceSpec) {
    this._kind = kind;
  }

  /**
   * The fields of the PersistentVolume spec, once checked.
   * @internal
   */
  public _toKube(scope: IConstruct): SourceSpec {
    return this.render(scope);
  }
}
