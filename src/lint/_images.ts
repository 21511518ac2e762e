/** A container image reference, split as the container runtime reads it. */
export interface ImageRef {
  /** The repository, normalized: `docker.io/library/python` and `library/python` are `python`. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Splits `registry/name:tag@digest`; a `:` before the last `/` belongs to a registry port. */
export function parseImage(image: string): ImageRef {
  const at = image.indexOf('@');
  const named = at < 0 ? image : image.slice(0, at);
  const digest = at < 0 ? undefined : image.slice(at + 1);
  const slash = named.lastIndexOf('/');
  const colon = named.lastIndexOf(':');
  const hasTag = colon > slash;
  return { repository: normalizeRepository(hasTag ? named.slice(0, colon) : named), tag: hasTag ? named.slice(colon + 1) : undefined, digest };
}

/** `docker.io/library/python`, `index.docker.io/library/python`, `library/python` → `python`. */
export function normalizeRepository(repository: string): string {
  return repository.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
}

/** Tag words that name a small variant of a large base. */
export const SMALL_VARIANTS = ['slim', 'alpine', 'minimal', 'distroless', 'micro', 'chiseled'];

/** The images known to be large, and their smaller variants. */
export const DEFAULT_LARGE_IMAGES = [
  { repository: 'ubuntu', instead: 'a distroless or a -minimal base (e.g. gcr.io/distroless/base-debian12), or ubuntu/ubuntu-chiseled for a runtime' },
  { repository: 'debian', instead: 'debian:<release>-slim, or gcr.io/distroless/base-debian12' },
  { repository: 'centos', instead: 'a ubi-minimal or ubi-micro base (registry.access.redhat.com/ubi9/ubi-minimal)' },
  { repository: 'fedora', instead: 'fedora-minimal, or a distroless base' },
  { repository: 'amazonlinux', instead: 'a distroless base, or amazonlinux as a build stage only' },
  { repository: 'node', instead: 'node:<version>-slim or node:<version>-alpine, or gcr.io/distroless/nodejs22-debian12' },
  { repository: 'python', instead: 'python:<version>-slim or python:<version>-alpine' },
  { repository: 'ruby', instead: 'ruby:<version>-slim or ruby:<version>-alpine' },
  { repository: 'openjdk', instead: 'a JRE-only image such as eclipse-temurin:<version>-jre-alpine, or gcr.io/distroless/java21-debian12' },
  { repository: 'golang', instead: 'a multi-stage build that copies the binary into gcr.io/distroless/static-debian12 (a Go toolchain is a build stage, not a runtime)' },
  { repository: 'maven', instead: 'a multi-stage build that copies the jar into a JRE-only image (Maven is a build stage, not a runtime)' },
  { repository: 'gradle', instead: 'a multi-stage build that copies the jar into a JRE-only image (Gradle is a build stage, not a runtime)' },
  { repository: 'php', instead: 'php:<version>-fpm-alpine' },
];
