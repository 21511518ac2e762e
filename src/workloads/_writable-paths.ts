import { createHash } from 'crypto';
import { Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail, show } from '../_errors';
import { kplus } from '../_plus';
import { checkType } from '../_validate';
import { checkSizeLimit } from '../qos/_amounts';

/** The size limit of a writable path's emptyDir when none is given. */
export const DEFAULT_WRITABLE_SIZE_LIMIT = Size.mebibytes(256);

/**
 * Paths that programs write to at run time (temporary files, pid files and
 * sockets, nginx's caches): a read-only volume mounted at one of them breaks
 * the program as surely as the read-only root filesystem does.
 */
const KNOWN_WRITABLE = ['/tmp', '/var/tmp', '/run', '/var/run', '/var/cache/nginx'];

/** A writable path and the emptyDir volume behind it. */
export interface WritableVolume {
  readonly path: string;
  readonly volume: kplus.Volume;
}

/**
 * Fails unless `paths` is a list of distinct absolute paths below `/`,
 * written the one way Kubernetes compares mount paths: no `.`, `..` or empty
 * segment and no trailing `/`.
 */
export function checkWritablePaths(scope: IConstruct, field: string, paths: unknown): void {
  checkType(scope, field, paths, 'array');
  const seen = new Set<string>();
  (paths as unknown[]).forEach((path, i) => {
    const segments = typeof path === 'string' ? path.split('/').slice(1) : [];
    const ok = typeof path === 'string' && path.startsWith('/') && segments.every(s => s !== '' && s !== '.' && s !== '..');
    if (!ok) {
      fail(scope, `${field}[${i}]`, `must be an absolute path below '/' without '.', '..', '//' or a trailing '/', such as '/tmp', got ${show(path)}`);
    }
    if (seen.has(path as string)) fail(scope, `${field}[${i}]`, `must be listed once, got ${show(path)} twice`);
    seen.add(path as string);
  });
}

/** {@link checkSizeLimit} of a writable path's emptyDir, or the default. */
export function writableSizeLimit(scope: IConstruct, field: string, sizeLimit: unknown): Size {
  return sizeLimit === undefined ? DEFAULT_WRITABLE_SIZE_LIMIT : checkSizeLimit(scope, field, sizeLimit);
}

/**
 * The name of a writable path's volume: `<owner>-<path segments>`, e.g.
 * `writable-var-cache-nginx`, the same for the same path whatever the order
 * the paths are given in. A path that does not map one to one onto a DNS-1123
 * label (other characters than lowercase letters and digits in a segment),
 * or one too long for 63 characters, gets a hash of the path instead of its tail.
 */
export function writableVolumeName(owner: string, path: string): string {
  const segments = path.split('/').filter(s => s !== '');
  const base = `${owner}-${segments.join('-')}`;
  if (segments.every(s => /^[a-z0-9]+$/.test(s)) && base.length <= 63) return base;
  const hash = createHash('sha256').update(`${owner}\0${path}`).digest('hex').slice(0, 8);
  const slug = base.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 54).replace(/-+$/, '');
  return `${slug}-${hash}`;
}

/** One emptyDir volume per path, children of `scope`, named after `owner` (see {@link writableVolumeName}). */
export function writableVolumes(scope: IConstruct, owner: string, paths: readonly string[], sizeLimit: Size): WritableVolume[] {
  return paths.map(path => {
    const name = writableVolumeName(owner, path);
    return { path, volume: kplus.Volume.fromEmptyDir(scope, `WritablePath-${name}`, name, { sizeLimit }) };
  });
}

/** Fails when a container already mounts something at one of the paths. */
function checkFreePaths(scope: IConstruct, field: string, container: kplus.Container, paths: readonly string[]): void {
  for (const path of paths) {
    const taken = container.mounts.find(m => m.path === path);
    if (taken) {
      fail(scope, field, `must not list a path container '${container.name}' already mounts something at, got ${show(path)} (volume '${taken.volume.name}'); drop one of the two`);
    }
  }
}

/**
 * Mounts writable volumes read-write in a container, refusing a path the
 * container already mounts something at. Checks every path before mounting any.
 */
export function mountWritable(scope: IConstruct, field: string, container: kplus.Container, writable: readonly WritableVolume[]): void {
  checkFreePaths(scope, field, container, writable.map(w => w.path));
  for (const { path, volume } of writable) container.mount(path, volume);
}

/** The mounts of writable volumes, for the props of a container cdk8s-plus has not built yet. */
export function writableMountProps(
  scope: IConstruct, field: string, name: string, props: kplus.ContainerProps, writable: readonly WritableVolume[],
): kplus.VolumeMount[] | undefined {
  const own = props.volumeMounts ?? [];
  for (const { path } of writable) {
    const taken = own.find(m => m.path === path);
    if (taken) {
      fail(scope, field, `must not list a path container '${name}' already mounts something at, got ${show(path)} (volume '${taken.volume.name}'); drop one of the two`);
    }
  }
  const added = writable.map(({ path, volume }) => ({ path, volume }));
  return own.length + added.length === 0 ? undefined : [...own, ...added];
}

/**
 * Gives one container writable paths of its own: an emptyDir volume per path
 * (`<container>-writable-<path segments>`), mounted read-write in that
 * container only. The helper patterns call it with their `writablePaths`
 * prop, on a pod of this library or a plain cdk8s-plus one; the volumes are
 * children of `scope`, and errors name it and `field`. Paths must be checked
 * first with {@link checkWritablePaths}.
 */
export function addContainerWritablePaths(
  scope: IConstruct, field: string, workload: kplus.AbstractPod, container: kplus.Container, paths: readonly string[], sizeLimit: Size,
): WritableVolume[] {
  const owner = `${container.name}-writable`;
  const names = volumeNamesOf(workload);
  for (const path of paths) {
    const name = writableVolumeName(owner, path);
    if (names.has(name)) {
      fail(scope, field, `must give each path a volume name no other volume of the pod uses, got ${show(path)}, whose volume '${name}' is taken; rename the other volume`);
    }
  }
  checkFreePaths(scope, field, container, paths);
  const writable = writableVolumes(scope, owner, paths, sizeLimit);
  mountWritable(scope, field, container, writable);
  return writable;
}

/** The names of the pod's volumes, those its containers mount included. */
export function volumeNamesOf(workload: kplus.AbstractPod): Set<string> {
  const names = new Set(workload.volumes.map(v => v.name));
  for (const c of [...workload.containers, ...workload.initContainers]) c.mounts.forEach(m => names.add(m.volume.name));
  return names;
}

/**
 * Synth-time problems of a rendered pod spec: a read-only volume mounted at
 * a path programs write to, with the fix.
 */
export function readOnlyWritablePaths(spec: any): string[] {
  const problems: string[] = [];
  for (const c of [...spec.containers ?? [], ...spec.initContainers ?? []]) {
    for (const m of c.volumeMounts ?? []) {
      if (m.readOnly === true && KNOWN_WRITABLE.includes(m.mountPath)) {
        problems.push(`'containers[${c.name}].volumeMounts[${m.mountPath}]' must be writable: programs write their temporary files, pid files and caches to '${m.mountPath}', got volume '${m.name}' mounted read-only there; mount it read-write, or list '${m.mountPath}' in 'writablePaths' for a pod-scoped emptyDir`);
      }
    }
  }
  return problems;
}
