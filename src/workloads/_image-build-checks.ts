import { IConstruct } from 'constructs';
import { fail, show } from '../_errors';
import { checkType } from '../_validate';
import { yamlStringProblem } from '../validation/_yaml-strings';

// The grammar of image references of the distribution project (reference/regexp.go).
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REFERENCE = new RegExp(`^(?:(${DOMAIN})/)?(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$`);

/** The parts of an image reference. */
interface ImageReference {
  /** The first path component when it names a registry host. */
  readonly registry?: string;
  readonly tag?: string;
  readonly digest?: string;
  /** The registry and repository, without tag or digest. */
  readonly name: string;
}

/** Parses an image reference; undefined when it is not one. */
function parseReference(value: string): ImageReference | undefined {
  const match = REFERENCE.exec(value);
  if (!match) return undefined;
  const [, first, path, tag, digest] = match;
  const isRegistry = first !== undefined && (first.includes('.') || first.includes(':') || first === 'localhost');
  // a first component that is no host is the first path component (e.g. 'team/api'), which must be lowercase
  if (first !== undefined && !isRegistry && !new RegExp(`^${PATH_COMPONENT}$`).test(first)) return undefined;
  const name = first === undefined ? path : `${first}/${path}`;
  return { registry: isRegistry ? first : undefined, tag, digest, name };
}

const EXAMPLE = "'registry.example.com/team/api:1.4.0'";

/**
 * The image a build pushes: `<registry>/<repository>:<tag>`, with an explicit
 * registry host and a tag other than `latest`; not a digest, which kaniko
 * cannot push to (the digest is known once the image is built).
 */
export function checkDestination(scope: IConstruct, field: string, value: unknown): void {
  checkType(scope, field, value, 'string');
  const ref = parseReference(value as string);
  if (!ref || ref.name.length > 255) {
    fail(scope, field, `must be an image reference '<registry>/<repository>:<tag>' (a registry host, lowercase path components, a tag of at most 128 letters, digits, '_', '.' and '-', at most 255 characters before the tag), such as ${EXAMPLE}, got ${show(value)}`);
  }
  if (ref.digest !== undefined) {
    fail(scope, field, `must name a tag, not a digest: kaniko pushes to tags only, and the digest is known once the image is built (the build writes it to its pod's termination message), got ${show(value)}`);
  }
  if (ref.registry === undefined) {
    fail(scope, field, `must start with a registry host (a name with '.' or ':', or 'localhost'), such as 'docker.io/team/api:1.4.0', got ${show(value)}`);
  }
  if (ref.tag === undefined) {
    fail(scope, field, `must end with a tag, such as ${EXAMPLE}, got ${show(value)}, which would be pushed as 'latest'`);
  }
  if (ref.tag === 'latest') {
    fail(scope, field, `must not use the tag 'latest', which every build moves, so that deployments of it are not repeatable; tag each build with its version or commit, got ${show(value)}`);
  }
}

/** The builder's own image: pinned by a tag other than `latest`, or by a digest. */
export function checkPinnedImage(scope: IConstruct, field: string, value: unknown): void {
  checkType(scope, field, value, 'string');
  const ref = parseReference(value as string);
  if (!ref) {
    fail(scope, field, `must be an image reference such as 'gcr.io/kaniko-project/executor:v1.23.2', got ${show(value)}`);
  }
  if (ref.digest === undefined && (ref.tag === undefined || ref.tag === 'latest')) {
    fail(scope, field, `must be pinned by a tag other than 'latest' or by a digest, so that every build runs the same builder, got ${show(value)}`);
  }
}

/**
 * A repository URL kaniko clones: `https://<host>/<path>`, without
 * credentials (they come from a Secret), query or fragment.
 */
export function checkGitUrl(scope: IConstruct, field: string, value: unknown): string {
  checkType(scope, field, value, 'string');
  const url = value as string;
  const match = /^https:\/\/([^/\s?#@]+)(\/[^\s?#@]+)$/.exec(url);
  if (!match) {
    // a token in the URL (user info or query) must not reach the message
    const withoutUser = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/]*@/i, '$1<credentials>@');
    const shown = withoutUser.replace(/\?.*$/s, '?<query>');
    const fix = withoutUser === url ? '' : "; pass credentials as a Secret reference in 'credentials', never in the URL";
    fail(scope, field, `must be an https URL of a repository, such as 'https://github.com/example/api.git', without credentials, query or fragment, got ${show(shown)}${fix}`);
  }
  return `${match[1]}${match[2]}`;
}

/**
 * A git revision: a full reference (`refs/heads/main`, `refs/tags/v1.4.0`)
 * as `git check-ref-format` accepts it, or a full 40-character commit id.
 */
export function checkRevision(scope: IConstruct, field: string, value: unknown): void {
  checkType(scope, field, value, 'string');
  const revision = value as string;
  if (/^[0-9a-f]{40}$/.test(revision)) return;
  const parts = revision.split('/');
  const ok = revision.startsWith('refs/') && parts.length >= 3
    && parts.every(p => p !== '' && !p.startsWith('.') && !p.endsWith('.lock'))
    && !/[\x00-\x20\x7f~^:?*[\\#]|\.\.|@\{|\.$/.test(revision) && revision !== '@';
  if (!ok) {
    fail(scope, field, `must be a full git reference such as 'refs/heads/main' or 'refs/tags/v1.4.0', or a 40-character commit id, got ${show(revision)}`);
  }
}

/** A relative path inside the build context, without '..'. */
export function checkContextPath(scope: IConstruct, field: string, value: unknown): void {
  checkType(scope, field, value, 'string');
  const path = value as string;
  const parts = path.split('/');
  if (path === '' || path.startsWith('/') || parts.includes('..') || /[\x00-\x1f]/.test(path)) {
    fail(scope, field, `must be a relative path inside the build context, without '..', got ${show(path)}`);
  }
  const problem = yamlStringProblem(path);
  if (problem !== undefined) fail(scope, field, problem);
}

/**
 * An argument as the kubelet must pass it: `$` doubled, so that `$(NAME)`
 * in a value is not replaced by an environment variable.
 */
export function literalArg(value: string): string {
  return value.replace(/\$/g, '$$$$');
}
