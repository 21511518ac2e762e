import { posix } from 'path';
import { ApiObject, ApiObjectMetadata, Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { checkMetadata, checkPlainObject, checkStringMap, pathScope } from '../_boundary';
import { addCheck, fail, show } from '../_errors';
import { kindOf } from '../_objects';
import { kplus } from '../_plus';
import { checkDnsLabel, checkImage, checkInstance } from '../_validate';
import {
  checkContextPath, checkDestination, checkGitUrl, checkPinnedImage, checkRevision, literalArg,
} from './_image-build-checks';
import { checkOptionalCount, checkOptionalDuration } from './_props';
import { Job } from './job';
import { SecretRef } from '../config/secret-ref';
import { QosPreset } from '../qos/qos-preset';
import { PodSecurityLevel } from '../security/pod-security';

/** What kaniko needs besides root, beyond the "restricted" profile: all in the "baseline" profile's list. */
const KANIKO_CAPABILITIES = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID', 'SETFCAP', 'KILL'];
const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
/** Where kaniko reads a directory context, and where the image's working directory is. */
const WORKSPACE = '/workspace';
const CONFIG_MAP_FILES = '/context-files';

/**
 * Options of a git build context.
 */
export interface GitBuildContextOptions {
  /**
   * The repository, an https URL such as `https://github.com/example/api.git`,
   * without credentials.
   */
  readonly url: string;
  /**
   * What to build: a full reference (`refs/heads/main`, `refs/tags/v1.4.0`)
   * or a 40-character commit id, fetched from any branch. Prefer a commit
   * or a tag: a branch moves, so building it twice may give two images.
   */
  readonly revision: string;
  /**
   * The directory of the repository that is the build context.
   * @default - the repository's root
   */
  readonly subPath?: string;
  /**
   * The Secret to clone a private repository with: a Secret of type
   * `kubernetes.io/basic-auth` with the keys `username` and `password`
   * (a token as the password, for most git hosts), read into kaniko's
   * `GIT_USERNAME` and `GIT_PASSWORD`.
   * @default - an anonymous clone
   */
  readonly credentials?: SecretRef;
}

/**
 * Options of a ConfigMap build context.
 */
export interface ConfigMapBuildContextOptions {
  /**
   * Image of the init container that copies the ConfigMap's files into the
   * build's workspace; it needs `sh`, `find` and `cp`.
   * @default 'busybox:1.36.1'
   */
  readonly copyImage?: string;
}

/**
 * Options of a volume build context.
 */
export interface VolumeBuildContextOptions {
  /**
   * The directory of the volume that is the build context.
   * @default - the volume's root
   */
  readonly subPath?: string;
}

/**
 * Where an {@link ImageBuild} takes its Dockerfile and the files it copies.
 *
 * @see https://github.com/GoogleContainerTools/kaniko#kaniko-build-contexts
 */
export class BuildContext {
  /**
   * A revision of a git repository, cloned over https by the builder.
   */
  public static fromGit(options: GitBuildContextOptions): BuildContext {
    const scope = pathScope('BuildContext.fromGit');
    checkPlainObject(scope, 'options', options);
    const repository = checkGitUrl(scope, 'url', options.url);
    checkRevision(scope, 'revision', options.revision);
    if (options.subPath !== undefined) checkContextPath(scope, 'subPath', options.subPath);
    if (options.credentials !== undefined) {
      checkInstance(scope, 'credentials', options.credentials, SecretRef, 'a SecretRef to a Secret of type kubernetes.io/basic-auth');
      const keys = options.credentials.keys;
      if (keys !== undefined && !(keys.includes('username') && keys.includes('password'))) {
        fail(scope, 'credentials', `must refer to a Secret of type kubernetes.io/basic-auth, which holds the keys 'username' and 'password', got Secret '${options.credentials.name}' with the keys ${keys.map(k => `'${k}'`).join(', ')}`);
      }
    }
    const isCommit = /^[0-9a-f]{40}$/.test(options.revision);
    // kaniko's git context: git://<repository>#<reference>[#<commit>], an empty reference for the remote's HEAD
    const context = `git://${repository}#${isCommit ? `#${options.revision}` : options.revision}`;
    return new BuildContext('git', context, options.subPath, options.credentials, undefined, undefined, undefined);
  }

  /**
   * The files of a ConfigMap (its keys are the file names, so only one
   * directory): a Dockerfile and what it copies, up to the 1 MiB a
   * ConfigMap holds. An init container copies them into the build's
   * workspace first, because the files of a ConfigMap volume are symlinks,
   * which kaniko's COPY would copy as symlinks.
   */
  public static fromConfigMap(configMap: kplus.IConfigMap, options: ConfigMapBuildContextOptions = {}): BuildContext {
    const scope = pathScope('BuildContext.fromConfigMap');
    if (typeof configMap !== 'object' || configMap === null || typeof (configMap as { name?: unknown }).name !== 'string') {
      fail(scope, 'configMap', `must be a ConfigMap (cdk8s-plus ConfigMap, ImmutableConfigMap or ConfigMap.fromConfigMapName), got ${show(configMap)}`);
    }
    checkPlainObject(scope, 'options', options);
    const copyImage = options.copyImage ?? 'busybox:1.36.1';
    checkImage(scope, 'copyImage', copyImage);
    return new BuildContext('configMap', `dir://${WORKSPACE}`, undefined, undefined, configMap, undefined, copyImage);
  }

  /**
   * The files of a volume, e.g. a persistent volume claim that an earlier
   * step filled, mounted read-only.
   */
  public static fromVolume(volume: kplus.Volume, options: VolumeBuildContextOptions = {}): BuildContext {
    const scope = pathScope('BuildContext.fromVolume');
    checkInstance(scope, 'volume', volume, kplus.Volume, 'a cdk8s-plus Volume');
    checkPlainObject(scope, 'options', options);
    if (options.subPath !== undefined) checkContextPath(scope, 'subPath', options.subPath);
    return new BuildContext('volume', `dir://${WORKSPACE}`, options.subPath, undefined, undefined, volume, undefined);
  }

  /** @internal */
  public readonly _kind: string;
  /** @internal */
  public readonly _context: string;
  /** @internal */
  public readonly _subPath?: string;
  /** @internal */
  public readonly _credentials?: SecretRef;
  /** @internal */
  public readonly _configMap?: kplus.IConfigMap;
  /** @internal */
  public readonly _volume?: kplus.Volume;
  /** @internal */
  public readonly _copyImage?: string;

  private constructor(kind: string, context: string, subPath: string | undefined, credentials: SecretRef | undefined,
    configMap: kplus.IConfigMap | undefined, volume: kplus.Volume | undefined, copyImage: string | undefined) {
    this._kind = kind;
    this._context = context;
    this._subPath = subPath;
    this._credentials = credentials;
    this._configMap = configMap;
    this._volume = volume;
    this._copyImage = copyImage;
  }
}

/**
 * Props of an {@link ImageBuild}.
 */
export interface ImageBuildProps {
  /** Where the Dockerfile and the files it copies come from. */
  readonly context: BuildContext;
  /**
   * The image to push, `<registry>/<repository>:<tag>`, e.g.
   * `registry.example.com/team/api:1.4.0`: an explicit registry host, and a
   * tag other than `latest` (not a digest: the digest is known once the
   * image is built, and the build writes it to its pod's termination message).
   */
  readonly destination: string;
  /**
   * The Dockerfile, relative to the build context.
   * @default 'Dockerfile'
   */
  readonly dockerfile?: string;
  /**
   * Build arguments (`ARG`s of the Dockerfile). Never secrets: build
   * arguments are readable in the image's history.
   * @default - none
   */
  readonly buildArgs?: { [name: string]: string };
  /**
   * The Secret kaniko logs in to the registry with: a Secret of type
   * `kubernetes.io/dockerconfigjson` (`kubectl create secret docker-registry`),
   * whose `.dockerconfigjson` is mounted as `/kaniko/.docker/config.json`.
   * @default - no credentials: an anonymous push, or the node's credential helper
   */
  readonly registryCredentials?: SecretRef;
  /**
   * The kaniko executor image.
   * @default 'gcr.io/kaniko-project/executor:v1.23.2'
   */
  readonly builderImage?: string;
  /**
   * Metadata of the Job. Its name is a DNS-1123 label; a Job's pod template
   * cannot be changed once created, so name each build after what it builds
   * (e.g. `api-1-4-0`). Its namespace must be one whose Namespace in the app
   * enforces the "baseline" (or "privileged") Pod Security Standard, as
   * kaniko runs as root.
   * @default - the construct's id as the name, in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * How many times a failed build is retried: once, for a registry or network
   * hiccup; a broken Dockerfile fails again the same way.
   * @default 1
   */
  readonly backoffLimit?: number;
  /**
   * How long the build may run, retries included, before it is stopped.
   * @default Duration.minutes(30)
   */
  readonly activeDeadline?: Duration;
  /**
   * How long the finished Job (and its pod's logs) is kept before Kubernetes
   * deletes it. A GitOps tool that re-creates what it finds missing (Argo CD
   * with self-heal) runs the build again once it is deleted.
   * @default Duration.days(1)
   */
  readonly ttlAfterFinished?: Duration;
  /**
   * The QoS preset of the build's containers. kaniko unpacks the base image
   * and snapshots the file system after each step, which takes more than the
   * library's default preset gives.
   * @default - Burstable, requests 500m/1Gi, limits 2 CPUs/4Gi
   */
  readonly qos?: QosPreset;
}

/**
 * Builds a container image inside the cluster and pushes it to a registry:
 * a Job running the kaniko executor, which needs no Docker daemon and no
 * privileged container.
 *
 * kaniko builds by unpacking the base image into its own container's file
 * system and running each step there, so it runs as root (uid 0) on a
 * writable root file system, with the capabilities CHOWN, DAC_OVERRIDE,
 * FOWNER, SETGID, SETUID, SETFCAP and KILL (every other capability dropped,
 * no privilege escalation, seccomp RuntimeDefault). That breaks the
 * "restricted" Pod Security Standard and meets "baseline": the Job declares
 * `podSecurityLevel` BASELINE, and synth fails unless its namespace is a
 * Namespace of the app whose `pod-security.kubernetes.io/enforce` label is
 * `baseline` (or `privileged`). Keep builds in a namespace of their own.
 * (Rootless buildah runs as non-root, but does not meet "restricted" either:
 * to unpack a base image whose files belong to several users it maps user
 * IDs through the setuid helpers `newuidmap`/`newgidmap`, which
 * `allowPrivilegeEscalation: false` disables, and it mounts file systems,
 * which the runtime's default AppArmor profile denies.)
 *
 * The Job retries once (`backoffLimit` 1), stops after 30 minutes and is
 * deleted a day after it finishes. The pushed image's digest is the
 * termination message of the pod (`kubectl get pod -l job-name=<name> -o
 * jsonpath='{.items[0].status.containerStatuses[0].state.terminated.message}'`).
 *
 * @see https://github.com/GoogleContainerTools/kaniko
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export class ImageBuild extends Construct {
  /** The Job that runs the build. */
  public readonly job: Job;
  /** The kaniko container. */
  public readonly builder: kplus.Container;
  /** The image the build pushes. */
  public readonly destination: string;
  /** The Pod Security Standard the build's pod meets: baseline. */
  public readonly podSecurityLevel: PodSecurityLevel = PodSecurityLevel.BASELINE;

  constructor(scope: Construct, id: string, props: ImageBuildProps) {
    super(scope, id);
    checkPlainObject(this, 'props', props);
    checkInstance(this, 'context', props.context, BuildContext, 'a BuildContext such as BuildContext.fromGit(...)');
    checkDestination(this, 'destination', props.destination);
    const dockerfile = props.dockerfile ?? 'Dockerfile';
    checkContextPath(this, 'dockerfile', dockerfile);
    if (props.buildArgs !== undefined) checkBuildArgs(this, props.buildArgs);
    if (props.registryCredentials !== undefined) checkRegistryCredentials(this, props.registryCredentials);
    const builderImage = props.builderImage ?? 'gcr.io/kaniko-project/executor:v1.23.2';
    checkPinnedImage(this, 'builderImage', builderImage);
    checkMetadata(this, 'metadata', props.metadata, checkDnsLabel);
    const name = props.metadata?.name ?? id;
    checkDnsLabel(this, 'metadata.name', name);
    checkOptionalCount(this, 'backoffLimit', props.backoffLimit, 0);
    checkOptionalDuration(this, 'activeDeadline', props.activeDeadline, 1);
    checkOptionalDuration(this, 'ttlAfterFinished', props.ttlAfterFinished, 0);
    if (props.qos !== undefined) checkInstance(this, 'qos', props.qos, QosPreset, 'a QosPreset such as QosPreset.burstable(...)');
    this.destination = props.destination;

    this.job = new Job(this, 'Job', {
      metadata: { ...props.metadata, name },
      backoffLimit: props.backoffLimit ?? 1,
      activeDeadline: props.activeDeadline ?? Duration.minutes(30),
      ttlAfterFinished: props.ttlAfterFinished ?? Duration.days(1),
      qos: props.qos ?? QosPreset.burstable({
        requests: { cpu: kplus.Cpu.millis(500), memory: Size.gibibytes(1) },
        limits: { cpu: kplus.Cpu.units(2), memory: Size.gibibytes(4) },
      }),
      podSecurityLevel: this.podSecurityLevel,
    });
    const context = props.context;
    // kaniko looks for a relative Dockerfile in its working directory, /workspace, before the context:
    // a directory context mounted there is named in full, so that a sub-path's Dockerfile wins
    const dockerfilePath = context._kind === 'git' ? dockerfile : posix.join(WORKSPACE, context._subPath ?? '', dockerfile);
    this.builder = this.job.addContainer({
      name: 'kaniko',
      image: builderImage,
      args: [
        `--context=${literalArg(context._context)}`,
        ...context._subPath === undefined ? [] : [`--context-sub-path=${literalArg(context._subPath)}`],
        `--dockerfile=${literalArg(dockerfilePath)}`,
        `--destination=${props.destination}`,
        '--digest-file=/dev/termination-log',
        ...Object.entries(props.buildArgs ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `--build-arg=${k}=${literalArg(v)}`),
      ],
      envVariables: context._credentials && {
        GIT_USERNAME: context._credentials.envValue('username'),
        GIT_PASSWORD: context._credentials.envValue('password'),
      },
      securityContext: {
        ensureNonRoot: false,
        user: 0,
        group: 0,
        readOnlyRootFilesystem: false,
        capabilities: { drop: ['ALL' as kplus.Capability], add: KANIKO_CAPABILITIES.map(c => c as kplus.Capability) },
      },
    });
    this.mountContext(context);
    if (props.registryCredentials !== undefined) {
      const volume = kplus.Volume.fromSecret(this, 'RegistryCredentials', props.registryCredentials, {
        name: 'registry-credentials',
        items: { '.dockerconfigjson': { path: 'config.json' } },
      });
      this.builder.mount('/kaniko/.docker', volume, { readOnly: true });
    }
    addCheck(this, () => this.namespaceProblems());
  }

  private mountContext(context: BuildContext): void {
    if (context._volume) {
      this.builder.mount(WORKSPACE, context._volume, { readOnly: true });
    }
    if (context._configMap) {
      this.checkConfigMapNamespace(context._configMap);
      const files = kplus.Volume.fromConfigMap(this, 'ContextFiles', context._configMap, { name: 'context-files' });
      const workspace = kplus.Volume.fromEmptyDir(this, 'Workspace', 'workspace', { sizeLimit: Size.mebibytes(16) });
      const copy = this.job.addInitContainer({
        name: 'copy-context',
        image: context._copyImage!,
        // the files of a ConfigMap volume are symlinks into '..data': copy their content
        command: ['sh', '-c', `find ${CONFIG_MAP_FILES} -mindepth 1 -maxdepth 1 ! -name '..*' -exec cp -RL {} ${WORKSPACE}/ ';'`],
        securityContext: { user: 65534, group: 65534 },
      });
      copy.mount(CONFIG_MAP_FILES, files, { readOnly: true });
      copy.mount(WORKSPACE, workspace);
      this.builder.mount(WORKSPACE, workspace, { readOnly: true });
    }
  }

  /** A pod mounts ConfigMaps of its own namespace only. */
  private checkConfigMapNamespace(configMap: kplus.IConfigMap): void {
    if (!Construct.isConstruct(configMap) || kindOf(configMap) !== 'ConfigMap') return;
    const actual = ApiObject.of(configMap).metadata.namespace;
    const expected = ApiObject.of(this.job).metadata.namespace;
    if (actual !== expected) {
      const shown = (ns: string | undefined) => (ns === undefined ? 'none' : `'${ns}'`);
      fail(this, 'context', `must be a ConfigMap in the namespace of the Job (${shown(expected)}): a pod mounts ConfigMaps of its own namespace only, got ConfigMap '${configMap.name}' in ${shown(actual)}`);
    }
  }

  /** The build's namespace must be one the app declares with a Pod Security level that admits kaniko. */
  private namespaceProblems(): string[] {
    const namespace = ApiObject.of(this.job).metadata.namespace;
    const declared = this.node.root.node.findAll()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === 'Namespace' && c.name === (namespace ?? 'default'));
    const level = declared.map(ns => ns.metadata.getLabel(ENFORCE_LABEL)).find(l => l !== undefined);
    if (level === PodSecurityLevel.BASELINE || level === PodSecurityLevel.PRIVILEGED) return [];
    const got = namespace === undefined
      ? "none: the Job lands in 'default', which synth judges 'restricted'"
      : declared.length === 0
        ? `'${namespace}', which no Namespace of the app declares, so synth judges it 'restricted'`
        : `'${namespace}', whose Namespace enforces ${show(level ?? PodSecurityLevel.RESTRICTED)}`;
    const example = namespace ?? 'builds';
    return [`'metadata.namespace' must be a Namespace of the app whose '${ENFORCE_LABEL}' label is 'baseline' or 'privileged', as kaniko runs as root with capabilities 'restricted' forbids, got ${got}; declare it with new Namespace(chart, '${example}', { metadata: { name: '${example}' }, podSecurity: PodSecurityLevel.BASELINE })`];
  }
}

/** Build argument names as the Dockerfile's ARG takes them, with string values. */
function checkBuildArgs(scope: Construct, buildArgs: { [name: string]: string }): void {
  checkStringMap(scope, 'buildArgs', buildArgs);
  for (const key of Object.keys(buildArgs)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      fail(scope, `buildArgs[${key}]`, `must be named with letters, digits and '_', not starting with a digit, as an ARG of the Dockerfile, got ${show(key)}`);
    }
  }
}

/** A Secret of type kubernetes.io/dockerconfigjson holds its one value under `.dockerconfigjson`. */
function checkRegistryCredentials(scope: Construct, secret: SecretRef): void {
  checkInstance(scope, 'registryCredentials', secret, SecretRef, 'a SecretRef to a Secret of type kubernetes.io/dockerconfigjson');
  const keys = secret.keys;
  if (keys !== undefined && !keys.includes('.dockerconfigjson')) {
    fail(scope, 'registryCredentials', `must refer to a Secret of type kubernetes.io/dockerconfigjson, which holds the key '.dockerconfigjson', got Secret '${secret.name}' with the keys ${keys.map(k => `'${k}'`).join(', ')}`);
  }
}
