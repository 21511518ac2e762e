import { Chart, Duration, Size } from 'cdk8s';
import {
  BuildContext, ImageBuild, ImageBuildProps, Namespace, PodSecurity, PodSecurityLevel, Qos, QosClass, QosPreset, SecretRef,
} from '../../src';
import { kplus } from '../../src/_plus';
import { container, find, newChart, podSpec, synth } from '../harness';
import { HARDENED } from '../harness/fixtures';

const REPO = 'https://github.com/example/api.git';
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const DESTINATION = 'registry.example.com/team/api:1.4.0';

/** A chart with the baseline namespace `builds`. */
function buildsChart(): Chart {
  const chart = newChart();
  new Namespace(chart, 'builds', { metadata: { name: 'builds' }, podSecurity: PodSecurityLevel.BASELINE });
  return chart;
}

/** The build `api` of refs/tags/v1.4.0 in `builds`, with overrides. */
function build(overrides: Partial<ImageBuildProps> = {}, chart: Chart = buildsChart()): { chart: Chart; build: ImageBuild } {
  const b = new ImageBuild(chart, 'api', {
    metadata: { namespace: 'builds' },
    context: BuildContext.fromGit({ url: REPO, revision: 'refs/tags/v1.4.0' }),
    destination: DESTINATION,
    ...overrides,
  });
  return { chart, build: b };
}

/** The kaniko container of the one Job. */
function kaniko(chart: Chart): any {
  return container(podSpec(synth(chart), 'Job'), 'kaniko');
}

describe('ImageBuild', () => {
  test('runs one Job in its namespace, named after its id, with the pinned kaniko executor', () => {
    // GIVEN / WHEN
    const { chart } = build();

    // THEN
    const manifests = synth(chart);
    const job = find(manifests, 'Job');
    expect(job.metadata).toEqual(expect.objectContaining({ name: 'api', namespace: 'builds' }));
    const spec = podSpec(manifests, 'Job');
    expect(spec.containers.map((c: any) => c.name)).toEqual(['kaniko']);
    expect(spec.restartPolicy).toBe('Never');
    expect(container(spec, 'kaniko').image).toBe('gcr.io/kaniko-project/executor:v1.23.2');
  });

  test('builds a git reference and pushes to the destination, writing the digest as the termination message', () => {
    // GIVEN / WHEN
    const { chart } = build();

    // THEN
    expect(kaniko(chart).args).toEqual([
      '--context=git://github.com/example/api.git#refs/tags/v1.4.0',
      '--dockerfile=Dockerfile',
      `--destination=${DESTINATION}`,
      '--digest-file=/dev/termination-log',
    ]);
  });

  test('builds a git commit, fetched from any branch, and a directory of the repository', () => {
    // GIVEN / WHEN
    const { chart } = build({ context: BuildContext.fromGit({ url: REPO, revision: COMMIT, subPath: 'services/api' }) });

    // THEN
    expect(kaniko(chart).args.slice(0, 2)).toEqual([
      `--context=git://github.com/example/api.git##${COMMIT}`,
      '--context-sub-path=services/api',
    ]);
  });

  test('runs kaniko as root with only the capabilities it needs, no privilege escalation, a writable root file system', () => {
    // GIVEN / WHEN
    const { chart } = build();

    // THEN
    const manifests = synth(chart);
    expect(container(podSpec(manifests, 'Job'), 'kaniko').securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { add: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID', 'SETFCAP', 'KILL'], drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: false,
      runAsGroup: 0,
      runAsNonRoot: false,
      runAsUser: 0,
    });
    expect(podSpec(manifests, 'Job').securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  test('meets the baseline Pod Security Standard, not restricted, and declares baseline', () => {
    // GIVEN / WHEN
    const { chart, build: b } = build();

    // THEN
    const job = find(synth(chart), 'Job');
    expect(PodSecurity.check(job, PodSecurityLevel.BASELINE)).toEqual([]);
    expect(PodSecurity.check(job, PodSecurityLevel.RESTRICTED).map(v => v.rule)).toEqual(expect.arrayContaining(['runAsNonRoot', 'capabilities']));
    expect(b.podSecurityLevel).toBe(PodSecurityLevel.BASELINE);
  });

  test('retries once, stops after 30 minutes and is deleted a day after it finishes by default', () => {
    // GIVEN / WHEN
    const { chart } = build();

    // THEN
    expect(find(synth(chart), 'Job').spec).toEqual(expect.objectContaining({
      backoffLimit: 1,
      activeDeadlineSeconds: 1800,
      ttlSecondsAfterFinished: 86400,
    }));
  });

  test('takes `backoffLimit`, `activeDeadline` and `ttlAfterFinished`', () => {
    // GIVEN / WHEN
    const { chart } = build({ backoffLimit: 0, activeDeadline: Duration.hours(1), ttlAfterFinished: Duration.minutes(10) });

    // THEN
    expect(find(synth(chart), 'Job').spec).toEqual(expect.objectContaining({
      backoffLimit: 0,
      activeDeadlineSeconds: 3600,
      ttlSecondsAfterFinished: 600,
    }));
  });

  test('sizes the build with a Burstable preset of 500m/1Gi requests and 2 CPUs/4Gi limits by default', () => {
    // GIVEN / WHEN
    const { chart } = build();

    // THEN
    expect(kaniko(chart).resources).toEqual({
      requests: { cpu: '500m', memory: '1024Mi' },
      limits: { cpu: '2', memory: '4096Mi' },
    });
  });

  test('sizes the build with `qos`', () => {
    // GIVEN / WHEN
    const { chart, build: b } = build({ qos: QosPreset.guaranteed({ cpu: kplus.Cpu.units(1), memory: Size.gibibytes(2) }) });

    // THEN
    expect(Qos.classOf(podSpec(synth(chart), 'Job'))).toBe(QosClass.GUARANTEED);
    expect(b.job.qos.qosClass).toBe(QosClass.GUARANTEED);
  });

  test('mounts the registry credentials\' .dockerconfigjson read-only as /kaniko/.docker/config.json', () => {
    // GIVEN
    const chart = buildsChart();
    const credentials = new SecretRef(chart, 'push', { name: 'registry-push', keys: ['.dockerconfigjson'] });

    // WHEN
    build({ registryCredentials: credentials }, chart);

    // THEN
    const spec = podSpec(synth(chart), 'Job');
    expect(spec.volumes).toEqual([{
      name: 'registry-credentials',
      secret: { secretName: 'registry-push', items: [{ key: '.dockerconfigjson', path: 'config.json' }] },
    }]);
    expect(container(spec, 'kaniko').volumeMounts).toEqual([{ name: 'registry-credentials', mountPath: '/kaniko/.docker', readOnly: true }]);
  });

  test('clones a private repository with the username and password of a basic-auth Secret', () => {
    // GIVEN
    const chart = buildsChart();
    const credentials = new SecretRef(chart, 'git', { name: 'git-credentials', keys: ['password', 'username'] });

    // WHEN
    build({ context: BuildContext.fromGit({ url: REPO, revision: 'refs/heads/main', credentials }) }, chart);

    // THEN
    expect(kaniko(chart).env).toEqual([
      { name: 'GIT_USERNAME', valueFrom: { secretKeyRef: { name: 'git-credentials', key: 'username' } } },
      { name: 'GIT_PASSWORD', valueFrom: { secretKeyRef: { name: 'git-credentials', key: 'password' } } },
    ]);
  });

  test('passes `dockerfile` and the build arguments, sorted, with `$` kept from the kubelet\'s expansion', () => {
    // GIVEN / WHEN
    const { chart } = build({ dockerfile: 'docker/api.Dockerfile', buildArgs: { VERSION: '1.4.0', GREETING: 'costs $(PRICE)' } });

    // THEN
    expect(kaniko(chart).args).toEqual(expect.arrayContaining(['--dockerfile=docker/api.Dockerfile']));
    expect(kaniko(chart).args.slice(-2)).toEqual(['--build-arg=GREETING=costs $$(PRICE)', '--build-arg=VERSION=1.4.0']);
  });

  test('copies a ConfigMap context into the workspace with a hardened non-root init container, then builds it read-only', () => {
    // GIVEN
    const chart = buildsChart();
    const files = new kplus.ConfigMap(chart, 'files', { metadata: { name: 'api-context', namespace: 'builds' }, data: { Dockerfile: 'FROM scratch\n' } });

    // WHEN
    build({ context: BuildContext.fromConfigMap(files) }, chart);

    // THEN
    const spec = podSpec(synth(chart), 'Job');
    expect(spec.volumes).toEqual([
      { name: 'workspace', emptyDir: { sizeLimit: '16Mi' } },
      { name: 'context-files', configMap: { name: 'api-context' } },
    ]);
    const copy = container(spec, 'copy-context');
    expect(spec.initContainers.map((c: any) => c.name)).toEqual(['copy-context']);
    expect(copy.image).toBe('busybox:1.36.1');
    expect(copy.command).toEqual(['sh', '-c', "find /context-files -mindepth 1 -maxdepth 1 ! -name '..*' -exec cp -RL {} /workspace/ ';'"]);
    expect(copy.securityContext).toEqual({ ...HARDENED, runAsUser: 65534, runAsGroup: 65534 });
    expect(copy.volumeMounts).toEqual([
      { name: 'context-files', mountPath: '/context-files', readOnly: true },
      { name: 'workspace', mountPath: '/workspace' },
    ]);
    const builder = container(spec, 'kaniko');
    expect(builder.volumeMounts).toEqual([{ name: 'workspace', mountPath: '/workspace', readOnly: true }]);
    expect(builder.args.slice(0, 2)).toEqual(['--context=dir:///workspace', '--dockerfile=/workspace/Dockerfile']);
  });

  test('copies a ConfigMap context with `copyImage`', () => {
    // GIVEN
    const chart = buildsChart();
    const files = kplus.ConfigMap.fromConfigMapName(chart, 'files', 'api-context');

    // WHEN
    build({ context: BuildContext.fromConfigMap(files, { copyImage: 'registry.example.com/tools/busybox:1.36.1' }) }, chart);

    // THEN
    expect(container(podSpec(synth(chart), 'Job'), 'copy-context').image).toBe('registry.example.com/tools/busybox:1.36.1');
  });

  test('builds a volume context mounted read-only at /workspace, from `subPath`', () => {
    // GIVEN
    const chart = buildsChart();
    const claim = kplus.PersistentVolumeClaim.fromClaimName(chart, 'claim', 'sources');
    const volume = kplus.Volume.fromPersistentVolumeClaim(chart, 'sources', claim);

    // WHEN
    build({ context: BuildContext.fromVolume(volume, { subPath: 'api' }) }, chart);

    // THEN
    const spec = podSpec(synth(chart), 'Job');
    expect(spec.volumes).toEqual([{ name: volume.name, persistentVolumeClaim: { claimName: 'sources', readOnly: false } }]);
    const builder = container(spec, 'kaniko');
    expect(builder.volumeMounts).toEqual([{ name: volume.name, mountPath: '/workspace', readOnly: true }]);
    expect(builder.args.slice(0, 3)).toEqual(['--context=dir:///workspace', '--context-sub-path=api', '--dockerfile=/workspace/api/Dockerfile']);
  });

  test('runs `builderImage`, pinned by tag or digest, under `metadata.name`', () => {
    // GIVEN
    const image = `gcr.io/kaniko-project/executor@sha256:${'a'.repeat(64)}`;

    // WHEN
    const { chart, build: b } = build({ builderImage: image, metadata: { name: 'api-1-4-0', namespace: 'builds' } });

    // THEN
    const manifests = synth(chart);
    expect(find(manifests, 'Job').metadata.name).toBe('api-1-4-0');
    expect(container(podSpec(manifests, 'Job'), 'kaniko').image).toBe(image);
    expect(b.destination).toBe(DESTINATION);
    expect(b.job.containers).toEqual([b.builder]);
  });

  test('gives the Job the labels and annotations of `metadata`', () => {
    // GIVEN / WHEN
    const { chart } = build({ metadata: { namespace: 'builds', labels: { team: 'api' }, annotations: { 'example.com/commit': COMMIT } } });

    // THEN
    const job = find(synth(chart), 'Job');
    expect(job.metadata.labels).toEqual(expect.objectContaining({ team: 'api' }));
    expect(job.metadata.annotations).toEqual({ 'example.com/commit': COMMIT });
  });

  test('accepts a Namespace that enforces privileged', () => {
    // GIVEN
    const chart = newChart();
    new Namespace(chart, 'ci', { metadata: { name: 'ci' }, podSecurity: PodSecurityLevel.PRIVILEGED });

    // WHEN
    build({ metadata: { namespace: 'ci' } }, chart);

    // THEN
    expect(find(synth(chart), 'Job').metadata.namespace).toBe('ci');
  });

  test('fails at synth when the Job has no namespace', () => {
    // GIVEN
    const { chart } = build({ metadata: undefined }, newChart());

    // WHEN / THEN
    expect(() => synth(chart)).toThrow("test/api: 'metadata.namespace' must be a Namespace of the app whose 'pod-security.kubernetes.io/enforce' label is 'baseline' or 'privileged', as kaniko runs as root with capabilities 'restricted' forbids, got none: the Job lands in 'default', which synth judges 'restricted'; declare it with new Namespace(chart, 'builds', { metadata: { name: 'builds' }, podSecurity: PodSecurityLevel.BASELINE })");
  });

  test('fails at synth when no Namespace of the app declares the namespace', () => {
    // GIVEN
    const { chart } = build({ metadata: { namespace: 'ci' } }, newChart());

    // WHEN / THEN
    expect(() => synth(chart)).toThrow("test/api: 'metadata.namespace' must be a Namespace of the app whose 'pod-security.kubernetes.io/enforce' label is 'baseline' or 'privileged', as kaniko runs as root with capabilities 'restricted' forbids, got 'ci', which no Namespace of the app declares, so synth judges it 'restricted'; declare it with new Namespace(chart, 'ci', { metadata: { name: 'ci' }, podSecurity: PodSecurityLevel.BASELINE })");
  });

  test('fails at synth when the namespace enforces restricted', () => {
    // GIVEN
    const chart = newChart();
    new Namespace(chart, 'ci', { metadata: { name: 'ci' } });
    build({ metadata: { namespace: 'ci' } }, chart);

    // WHEN / THEN
    expect(() => synth(chart)).toThrow("test/api: 'metadata.namespace' must be a Namespace of the app whose 'pod-security.kubernetes.io/enforce' label is 'baseline' or 'privileged', as kaniko runs as root with capabilities 'restricted' forbids, got 'ci', whose Namespace enforces 'restricted'; declare it with new Namespace(chart, 'ci', { metadata: { name: 'ci' }, podSecurity: PodSecurityLevel.BASELINE })");
  });

  test.each([
    [`registry.example.com/team/api@sha256:${'b'.repeat(64)}`, "must name a tag, not a digest: kaniko pushes to tags only, and the digest is known once the image is built (the build writes it to its pod's termination message)"],
    ['team/api:1.4.0', "must start with a registry host (a name with '.' or ':', or 'localhost'), such as 'docker.io/team/api:1.4.0'"],
    ['registry.example.com/team/api', "must end with a tag, such as 'registry.example.com/team/api:1.4.0'"],
    ['registry.example.com/team/api:latest', "must not use the tag 'latest', which every build moves, so that deployments of it are not repeatable; tag each build with its version or commit"],
    ['registry.example.com/Team/api:1.4.0', "must be an image reference '<registry>/<repository>:<tag>' (a registry host, lowercase path components, a tag of at most 128 letters, digits, '_', '.' and '-', at most 255 characters before the tag), such as 'registry.example.com/team/api:1.4.0'"],
  ])('fails when the destination is %p', (destination, problem) => {
    // GIVEN / WHEN / THEN
    const got = destination.endsWith('/api') ? `got '${destination}', which would be pushed as 'latest'` : `got '${destination}'`;
    expect(() => build({ destination })).toThrow(`test/api: 'destination' ${problem}, ${got}`);
  });

  test('fails when the builder image is not pinned', () => {
    // GIVEN / WHEN / THEN
    expect(() => build({ builderImage: 'gcr.io/kaniko-project/executor:latest' }))
      .toThrow("test/api: 'builderImage' must be pinned by a tag other than 'latest' or by a digest, so that every build runs the same builder, got 'gcr.io/kaniko-project/executor:latest'");
    expect(() => build({ builderImage: 'gcr.io/kaniko-project/executor' }))
      .toThrow("test/api: 'builderImage' must be pinned by a tag other than 'latest' or by a digest, so that every build runs the same builder, got 'gcr.io/kaniko-project/executor'");
  });

  test.each(['/Dockerfile', '../Dockerfile', ''])('fails when the Dockerfile is not a path inside the context: %p', dockerfile => {
    // GIVEN / WHEN / THEN
    expect(() => build({ dockerfile }))
      .toThrow(`test/api: 'dockerfile' must be a relative path inside the build context, without '..', got '${dockerfile}'`);
  });

  test('fails when a build argument holds a character YAML readers refuse, naming the argument', () => {
    expect(() => build({ buildArgs: { VERSION: 'v1\u007f' } }))
      .toThrow(/^test\/api: 'buildArgs\[VERSION\]' holds U\+007F \(delete\) at index 2, /);
  });

  test('fails when a build argument is not an ARG name', () => {
    // GIVEN / WHEN / THEN
    expect(() => build({ buildArgs: { 'APP-VERSION': '1' } }))
      .toThrow("test/api: 'buildArgs[APP-VERSION]' must be named with letters, digits and '_', not starting with a digit, as an ARG of the Dockerfile, got 'APP-VERSION'");
  });

  test('fails when the registry credentials do not hold .dockerconfigjson', () => {
    // GIVEN
    const chart = buildsChart();
    const credentials = new SecretRef(chart, 'push', { name: 'registry-push', keys: ['password', 'username'] });

    // WHEN / THEN
    expect(() => build({ registryCredentials: credentials }, chart))
      .toThrow("test/api: 'registryCredentials' must refer to a Secret of type kubernetes.io/dockerconfigjson, which holds the key '.dockerconfigjson', got Secret 'registry-push' with the keys 'password', 'username'");
  });


  test('fails when the ConfigMap context is in another namespace', () => {
    // GIVEN
    const chart = buildsChart();
    const files = new kplus.ConfigMap(chart, 'files', { metadata: { name: 'api-context', namespace: 'apps' } });

    // WHEN / THEN
    expect(() => build({ context: BuildContext.fromConfigMap(files) }, chart))
      .toThrow("test/api: 'context' must be a ConfigMap in the namespace of the Job ('builds'): a pod mounts ConfigMaps of its own namespace only, got ConfigMap 'api-context' in 'apps'");
  });

  test('fails when the context is not a BuildContext', () => {
    // GIVEN / WHEN / THEN
    expect(() => build({ context: REPO as any }))
      .toThrow(`test/api: 'context' must be a BuildContext such as BuildContext.fromGit(...), got '${REPO}'`);
  });

  test('fails when the name is not a DNS-1123 label', () => {
    // GIVEN / WHEN / THEN
    expect(() => build({ metadata: { name: 'api.v1', namespace: 'builds' } }))
      .toThrow("test/api: 'metadata.name' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got 'api.v1'");
  });

  test('fails when its id, the default name, is not a DNS-1123 label', () => {
    expect(() => new ImageBuild(buildsChart(), 'api.v1', {
      metadata: { namespace: 'builds' },
      context: BuildContext.fromGit({ url: REPO, revision: 'refs/tags/v1.4.0' }),
      destination: DESTINATION,
    })).toThrow(new Error("test/api.v1: 'metadata.name' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got 'api.v1'"));
  });

  test('fails when the namespace is not a DNS-1123 label', () => {
    expect(() => build({ metadata: { namespace: 'Builds' } })).toThrow(new Error(
      "test/api: 'metadata.namespace' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got 'Builds'"));
  });

  test('fails when the metadata is not an object (a JavaScript caller)', () => {
    expect(() => build({ metadata: 'api' as any })).toThrow(new Error("test/api: 'metadata' must be an object, got 'api'"));
  });
});

describe('BuildContext', () => {
  test.each([
    ['http://github.com/example/api.git', "got 'http://github.com/example/api.git'"],
    ['git@github.com:example/api.git', "got 'git@github.com:example/api.git'"],
    ['https://github.com', "got 'https://github.com'"],
  ])('fails when the git URL is not an https URL of a repository: %p', (url, got) => {
    // GIVEN / WHEN / THEN
    expect(() => BuildContext.fromGit({ url, revision: 'refs/heads/main' }))
      .toThrow(`BuildContext.fromGit: 'url' must be an https URL of a repository, such as 'https://github.com/example/api.git', without credentials, query or fragment, ${got}`);
  });

  test('fails when the git URL holds credentials, without showing them', () => {
    // GIVEN
    const url = 'https://builder:ghp_s3cr3t@github.com/example/api.git';

    // WHEN
    const attempt = () => BuildContext.fromGit({ url, revision: 'refs/heads/main' });

    // THEN
    expect(attempt).toThrow("BuildContext.fromGit: 'url' must be an https URL of a repository, such as 'https://github.com/example/api.git', without credentials, query or fragment, got 'https://<credentials>@github.com/example/api.git'; pass credentials as a Secret reference in 'credentials', never in the URL");
    expect(attempt).not.toThrow(/s3cr3t/);
  });

  test('fails when the git URL holds a query, without showing it', () => {
    // GIVEN / WHEN / THEN
    expect(() => BuildContext.fromGit({ url: `${REPO}?access_token=s3cr3t`, revision: 'refs/heads/main' }))
      .toThrow(`BuildContext.fromGit: 'url' must be an https URL of a repository, such as 'https://github.com/example/api.git', without credentials, query or fragment, got '${REPO}?<query>'`);
  });

  test.each(['main', '0123abc', 'refs/heads/feature..x', 'refs/heads/a#b', 'refs/heads/'])('fails when the revision is not a full reference or commit: %p', revision => {
    // GIVEN / WHEN / THEN
    expect(() => BuildContext.fromGit({ url: REPO, revision }))
      .toThrow(`BuildContext.fromGit: 'revision' must be a full git reference such as 'refs/heads/main' or 'refs/tags/v1.4.0', or a 40-character commit id, got '${revision}'`);
  });

  test('fails when the sub-path leaves the context', () => {
    // GIVEN / WHEN / THEN
    expect(() => BuildContext.fromGit({ url: REPO, revision: COMMIT, subPath: '../other' }))
      .toThrow("BuildContext.fromGit: 'subPath' must be a relative path inside the build context, without '..', got '../other'");
  });

  test('fails when the git credentials are not a SecretRef', () => {
    // GIVEN / WHEN / THEN
    expect(() => BuildContext.fromGit({ url: REPO, revision: COMMIT, credentials: 'git-credentials' as any }))
      .toThrow("BuildContext.fromGit: 'credentials' must be a SecretRef to a Secret of type kubernetes.io/basic-auth, got 'git-credentials'");
  });

  test('fails when the git credentials do not hold a username and a password', () => {
    // GIVEN
    const credentials = new SecretRef(newChart(), 'git', { name: 'git-credentials', keys: ['token'] });

    // WHEN / THEN
    expect(() => BuildContext.fromGit({ url: REPO, revision: 'refs/heads/main', credentials }))
      .toThrow("BuildContext.fromGit: 'credentials' must refer to a Secret of type kubernetes.io/basic-auth, which holds the keys 'username' and 'password', got Secret 'git-credentials' with the keys 'token'");
  });

  test('fails when the ConfigMap is not one', () => {
    // GIVEN / WHEN / THEN
    expect(() => BuildContext.fromConfigMap('api-context' as any))
      .toThrow("BuildContext.fromConfigMap: 'configMap' must be a ConfigMap (cdk8s-plus ConfigMap, ImmutableConfigMap or ConfigMap.fromConfigMapName), got 'api-context'");
  });

  test('fails when the volume is not a cdk8s-plus Volume', () => {
    // GIVEN / WHEN / THEN
    expect(() => BuildContext.fromVolume({ name: 'sources' } as any))
      .toThrow("BuildContext.fromVolume: 'volume' must be a cdk8s-plus Volume, got {\"name\":\"sources\"}");
  });
});
