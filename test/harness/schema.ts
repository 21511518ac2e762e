import { ManifestValidator } from '../../src/validation/manifest-validator';

/**
 * Throws one Error listing every problem of every manifest (object, JSON
 * path, reason on each line), as the library's validator finds them: tests
 * and users are judged by one implementation.
 */
export function assertValidManifests(manifests: any[], customResourceDefinitions: any[] = []): void {
  const errors = ManifestValidator.validateAll(manifests, customResourceDefinitions);
  if (errors.length === 0) return;
  const lines = errors.map((e) => `  ${e.object}: '${e.path}' ${e.reason}`);
  throw new Error(`${errors.length} problem(s) against Kubernetes v1.26.10:\n${lines.join('\n')}`);
}
