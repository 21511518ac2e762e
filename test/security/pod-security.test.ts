import { PodSecurity, PodSecurityLevel } from '../../src/security/pod-security';

const { PRIVILEGED, BASELINE, RESTRICTED } = PodSecurityLevel;

function hardened(name: string): any {
  return {
    name,
    image: 'nginx:1.25',
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  };
}

function restrictedSpec(): any {
  return {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [hardened('api')],
    initContainers: [hardened('migrate')],
    volumes: [{ name: 'config', configMap: { name: 'api' } }, { name: 'tmp', emptyDir: {} }],
  };
}

function pod(spec: any = restrictedSpec(), annotations?: object): any {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api', annotations }, spec };
}

function deployment(spec: any = restrictedSpec()): any {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' }, spec: { template: { metadata: {}, spec } } };
}

function cronJob(spec: any = restrictedSpec()): any {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'report' },
    spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec } } } },
  };
}

/** A restricted pod changed by `change`. */
function podWith(change: (spec: any) => void): any {
  const spec = restrictedSpec();
  change(spec);
  return pod(spec);
}

const api = '.spec.containers[0]';

/** Per row: the control, how the compliant restricted pod is changed to break it, and the violation expected. */
const RULE_CASES: Array<[string, (spec: any) => void, string, string]> = [
  ['hostNamespaces', (s: any) => { s.hostNetwork = true; }, '.spec.hostNetwork', 'pod must leave hostNetwork unset or false, got true'],
  ['hostNamespaces', (s: any) => { s.hostPID = true; }, '.spec.hostPID', 'pod must leave hostPID unset or false, got true'],
  ['privileged', (s: any) => { s.containers[0].securityContext.privileged = true; }, `${api}.securityContext.privileged`,
    "container 'api' must leave securityContext.privileged unset or false, got true"],
  ['windowsHostProcess', (s: any) => { s.containers[0].securityContext.windowsOptions = { hostProcess: true }; },
    `${api}.securityContext.windowsOptions.hostProcess`,
    "container 'api' must leave securityContext.windowsOptions.hostProcess unset or false, got true"],
  ['hostPorts', (s: any) => { s.containers[0].ports = [{ containerPort: 80 }, { containerPort: 8080, hostPort: 8080 }]; },
    `${api}.ports[1].hostPort`, "container 'api' must leave ports[1].hostPort unset or 0, got 8080"],
  ['seLinuxOptions', (s: any) => { s.securityContext.seLinuxOptions = { type: 'spc_t' }; }, '.spec.securityContext.seLinuxOptions.type',
    "pod must set securityContext.seLinuxOptions.type to container_t, container_init_t, container_kvm_t or leave it unset, got 'spc_t'"],
  ['seLinuxOptions', (s: any) => { s.containers[0].securityContext.seLinuxOptions = { user: 'sysadm_u', level: 's0:c1' }; },
    `${api}.securityContext.seLinuxOptions.user`, "container 'api' must leave securityContext.seLinuxOptions.user unset, got 'sysadm_u'"],
  ['procMount', (s: any) => { s.initContainers[0].securityContext.procMount = 'Unmasked'; },
    '.spec.initContainers[0].securityContext.procMount',
    "init container 'migrate' must leave securityContext.procMount unset or 'Default', got 'Unmasked'"],
  ['sysctls', (s: any) => { s.securityContext.sysctls = [{ name: 'net.ipv4.tcp_syncookies', value: '1' }, { name: 'kernel.msgmax', value: '1' }]; },
    '.spec.securityContext.sysctls[1].name',
    'pod may only set the safe sysctls (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, '
      + "net.ipv4.tcp_syncookies, net.ipv4.ping_group_range), got 'kernel.msgmax'"],
  ['allowPrivilegeEscalation', (s: any) => { s.containers[0].securityContext.allowPrivilegeEscalation = true; },
    `${api}.securityContext.allowPrivilegeEscalation`, "container 'api' must set securityContext.allowPrivilegeEscalation to false, got true"],
  ['allowPrivilegeEscalation', (s: any) => { delete s.initContainers[0].securityContext.allowPrivilegeEscalation; },
    '.spec.initContainers[0].securityContext.allowPrivilegeEscalation',
    "init container 'migrate' must set securityContext.allowPrivilegeEscalation to false, got undefined"],
  ['runAsNonRoot', (s: any) => { s.containers[0].securityContext.runAsNonRoot = false; }, `${api}.securityContext.runAsNonRoot`,
    "container 'api' must set securityContext.runAsNonRoot to true, got false"],
  ['runAsNonRoot', (s: any) => { delete s.securityContext.runAsNonRoot; s.initContainers[0].securityContext.runAsNonRoot = true; },
    `${api}.securityContext.runAsNonRoot`, "container 'api' must set securityContext.runAsNonRoot to true (or the pod must), got undefined"],
  ['runAsUser', (s: any) => { s.securityContext.runAsUser = 0; }, '.spec.securityContext.runAsUser',
    'pod must set securityContext.runAsUser to a non-zero user id or leave it unset, got 0'],
  ['seccompProfile', (s: any) => { s.containers[0].securityContext.seccompProfile = { type: 'Unconfined' }; },
    `${api}.securityContext.seccompProfile.type`,
    "container 'api' must set securityContext.seccompProfile.type to 'RuntimeDefault' or 'Localhost', got 'Unconfined'"],
  ['seccompProfile', (s: any) => { delete s.securityContext.seccompProfile; s.initContainers[0].securityContext.seccompProfile = { type: 'RuntimeDefault' }; },
    `${api}.securityContext.seccompProfile.type`,
    "container 'api' must set securityContext.seccompProfile.type to 'RuntimeDefault' or 'Localhost' (or the pod must), got undefined"],
  ['capabilities', (s: any) => { s.containers[0].securityContext.capabilities = { drop: ['NET_RAW'] }; },
    `${api}.securityContext.capabilities.drop`, "container 'api' must drop ALL in securityContext.capabilities.drop, got [\"NET_RAW\"]"],
  ['capabilities', (s: any) => { s.containers[0].securityContext.capabilities.add = ['NET_BIND_SERVICE', 'CHOWN']; },
    `${api}.securityContext.capabilities.add`,
    "container 'api' may only add NET_BIND_SERVICE to securityContext.capabilities.add, got CHOWN"],
  ['volumeTypes', (s: any) => { s.volumes.push({ name: 'data', nfs: { server: 'nfs', path: '/export' } }); }, '.spec.volumes[2].nfs',
    "volume 'data' must be of type configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret, got nfs"],
];

describe('PodSecurity.check', () => {
  test('passes a fully compliant restricted pod', () => {
    expect(PodSecurity.check(pod(), RESTRICTED)).toEqual([]);
    expect(PodSecurity.check(pod(), BASELINE)).toEqual([]);
  });

  test('passes restricted containers that set runAsNonRoot and seccomp themselves', () => {
    const spec = restrictedSpec();
    delete spec.securityContext;
    delete spec.initContainers;
    Object.assign(spec.containers[0].securityContext, { runAsNonRoot: true, seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } });
    expect(PodSecurity.check(pod(spec), RESTRICTED)).toEqual([]);
  });

  test.each(RULE_CASES.map(([rule, change, field, message]) => ({ rule, change, field, message })))(
    'rejects a pod breaking $rule at $field', ({ rule, change, field, message }) => {
      expect(PodSecurity.check(podWith(change), RESTRICTED)).toEqual([{ field, rule, message }]);
    });


  test('rejects a hostPath volume as both hostPathVolumes and volumeTypes', () => {
    const manifest = podWith(s => s.volumes.push({ name: 'logs', hostPath: { path: '/var/log' } }));
    expect(PodSecurity.check(manifest, RESTRICTED)).toEqual([
      { field: '.spec.volumes[2].hostPath', rule: 'hostPathVolumes', message: "volume 'logs' must not be a hostPath volume, got hostPath '/var/log'" },
      {
        field: '.spec.volumes[2].hostPath',
        rule: 'volumeTypes',
        message: "volume 'logs' must be of type configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret, got hostPath",
      },
    ]);
  });

  test('rejects an unconfined AppArmor annotation', () => {
    const annotations = {
      'container.apparmor.security.beta.kubernetes.io/api': 'unconfined',
      'container.apparmor.security.beta.kubernetes.io/migrate': 'localhost/k8s-migrate',
    };
    expect(PodSecurity.check(pod(restrictedSpec(), annotations), RESTRICTED)).toEqual([{
      field: ".metadata.annotations['container.apparmor.security.beta.kubernetes.io/api']",
      rule: 'appArmorProfile',
      message: "annotation 'container.apparmor.security.beta.kubernetes.io/api' must be 'runtime/default' or 'localhost/<profile>', got 'unconfined'",
    }]);
  });

  test('rejects a baseline capability added at baseline', () => {
    const manifest = podWith(s => { s.containers[0].securityContext.capabilities.add = ['CHOWN', 'SYS_ADMIN', 'NET_RAW']; });
    expect(PodSecurity.check(manifest, BASELINE)).toEqual([{
      field: `${api}.securityContext.capabilities.add`,
      rule: 'capabilities',
      message: "container 'api' may only add the baseline capabilities (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, "
        + 'MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT) to securityContext.capabilities.add, got SYS_ADMIN, NET_RAW',
    }]);
  });

  test('rejects an unconfined seccomp profile at baseline', () => {
    const manifest = podWith(s => { s.securityContext.seccompProfile.type = 'Unconfined'; });
    expect(PodSecurity.check(manifest, BASELINE)).toEqual([{
      field: '.spec.securityContext.seccompProfile.type',
      rule: 'seccompProfile',
      message: "pod must not set securityContext.seccompProfile.type to 'Unconfined', got 'Unconfined'",
    }]);
  });

  test('checks ephemeral containers', () => {
    const manifest = podWith(s => { s.ephemeralContainers = [{ name: 'debug', image: 'busybox', securityContext: { privileged: true } }]; });
    expect(PodSecurity.check(manifest, BASELINE)).toEqual([{
      field: '.spec.ephemeralContainers[0].securityContext.privileged',
      rule: 'privileged',
      message: "ephemeral container 'debug' must leave securityContext.privileged unset or false, got true",
    }]);
  });

  test('reports fields inside a Deployment', () => {
    const spec = restrictedSpec();
    spec.containers[0].securityContext.allowPrivilegeEscalation = true;
    expect(PodSecurity.check(deployment(spec), RESTRICTED).map(v => v.field)).toEqual([
      '.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
    ]);
    expect(PodSecurity.check(deployment(), RESTRICTED)).toEqual([]);
  });

  test('reports fields inside a CronJob', () => {
    const spec = restrictedSpec();
    spec.hostIPC = true;
    expect(PodSecurity.check(cronJob(spec), BASELINE).map(v => v.field)).toEqual(['.spec.jobTemplate.spec.template.spec.hostIPC']);
    expect(PodSecurity.check(cronJob(), RESTRICTED)).toEqual([]);
  });

  test('reads AppArmor annotations from the pod template of a Deployment', () => {
    const manifest = deployment();
    manifest.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/api': 'unconfined' };
    expect(PodSecurity.check(manifest, BASELINE).map(v => v.field)).toEqual([
      ".spec.template.metadata.annotations['container.apparmor.security.beta.kubernetes.io/api']",
    ]);
  });

  test('returns nothing for manifests without a pod spec', () => {
    expect(PodSecurity.check({ apiVersion: 'v1', kind: 'Service', spec: { hostNetwork: true } }, RESTRICTED)).toEqual([]);
    expect(PodSecurity.check({ apiVersion: 'apps/v1', kind: 'Deployment', spec: {} }, RESTRICTED)).toEqual([]);
  });

  test('exempts Windows pods from the Linux-only restricted controls', () => {
    const spec = { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'iis', image: 'iis' }] };
    expect(PodSecurity.check(pod(spec), RESTRICTED)).toEqual([]);
  });

  test('baseline allows what only restricted forbids', () => {
    const spec = {
      containers: [{ name: 'api', image: 'nginx', securityContext: { runAsUser: 0, capabilities: { add: ['CHOWN'] } } }],
      volumes: [{ name: 'data', nfs: { server: 'nfs', path: '/' } }],
    };
    expect(PodSecurity.check(pod(spec), BASELINE)).toEqual([]);
    expect(PodSecurity.check(pod(spec), RESTRICTED).map(v => v.rule)).toEqual([
      'capabilities', 'capabilities', 'seccompProfile', 'allowPrivilegeEscalation', 'volumeTypes', 'runAsNonRoot', 'runAsUser',
    ]);
  });

  test('baseline still forbids hostPath, privileged and hostNetwork', () => {
    const spec = {
      hostNetwork: true,
      containers: [{ name: 'agent', image: 'agent', securityContext: { privileged: true } }],
      volumes: [{ name: 'root', hostPath: { path: '/' } }],
    };
    expect(PodSecurity.check(pod(spec), BASELINE).map(v => v.rule)).toEqual(['hostNamespaces', 'privileged', 'hostPathVolumes']);
  });

  test('privileged allows everything', () => {
    const spec = {
      hostNetwork: true,
      hostPID: true,
      securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '1' }], seccompProfile: { type: 'Unconfined' } },
      containers: [{ name: 'agent', image: 'agent', ports: [{ hostPort: 80 }], securityContext: { privileged: true, capabilities: { add: ['SYS_ADMIN'] } } }],
      volumes: [{ name: 'root', hostPath: { path: '/' } }],
    };
    expect(PodSecurity.check(pod(spec), PRIVILEGED)).toEqual([]);
  });

  test('rejects an unknown level', () => {
    expect(() => PodSecurity.check(pod(), 'strict' as PodSecurityLevel)).toThrow(
      "'level' must be one of privileged, baseline, restricted, got 'strict'");
  });
});

describe('PodSecurity.checkPodSpec', () => {
  test('prefixes fields with the base path', () => {
    const spec = restrictedSpec();
    spec.hostPID = true;
    expect(PodSecurity.checkPodSpec(spec, RESTRICTED)).toEqual([
      { field: '.hostPID', rule: 'hostNamespaces', message: 'pod must leave hostPID unset or false, got true' },
    ]);
    expect(PodSecurity.checkPodSpec(spec, RESTRICTED, '.spec.template.spec').map(v => v.field)).toEqual(['.spec.template.spec.hostPID']);
  });

  test('names containers without a name by position', () => {
    const spec = restrictedSpec();
    delete spec.containers[0].name;
    spec.containers[0].securityContext.privileged = true;
    expect(PodSecurity.checkPodSpec(spec, BASELINE).map(v => v.message)).toEqual([
      'container containers[0] must leave securityContext.privileged unset or false, got true',
    ]);
  });

  test('rejects something that is not a pod spec', () => {
    expect(() => PodSecurity.checkPodSpec(null, BASELINE)).toThrow("'podSpec' must be a pod spec object, got null");
  });
});

describe('PodSecurity.levelOfNamespace', () => {
  const namespace = (labels?: object) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels } });

  test('reads the enforce label', () => {
    expect(PodSecurity.levelOfNamespace(namespace({ 'pod-security.kubernetes.io/enforce': 'baseline' }))).toBe(BASELINE);
    expect(PodSecurity.levelOfNamespace(namespace({ 'pod-security.kubernetes.io/enforce': 'restricted' }))).toBe(RESTRICTED);
  });

  test('is undefined without the label', () => {
    expect(PodSecurity.levelOfNamespace(namespace())).toBeUndefined();
    expect(PodSecurity.levelOfNamespace(namespace({ 'pod-security.kubernetes.io/warn': 'restricted' }))).toBeUndefined();
  });

  test('rejects an unknown level', () => {
    expect(() => PodSecurity.levelOfNamespace(namespace({ 'pod-security.kubernetes.io/enforce': 'Restricted' }))).toThrow(
      "namespace 'shop': 'metadata.labels.pod-security.kubernetes.io/enforce' must be one of privileged, baseline, restricted, got 'Restricted'");
  });

  test('rejects a manifest that is not a Namespace', () => {
    expect(() => PodSecurity.levelOfNamespace(pod())).toThrow("'kind' must be 'Namespace', got 'Pod'");
  });
});
