import { Lazy } from 'cdk8s';
import { IConstruct } from 'constructs';
import { RESOLVES_MARKERS } from '../_markers';
import { Release } from './release';

/**
 * Free text that names objects of the app, for a field cdk8s renders as a
 * string (an env value, an argument): in an app that resolves markers
 * (`PatternsApp`) each name is `Release.nameOf(name)`, so that a Helm
 * release renames it with the objects; in a plain cdk8s `App`, which has no
 * release, each name is itself. Decided when the object renders, so the
 * construct works in either app. The result is a cdk8s `Lazy`, typed as the
 * string the field takes.
 */
export function releaseText(scope: IConstruct, text: (nameOf: (name: string) => string) => string): string {
  return Lazy.any({
    produce: () => text((scope.node.root as any)[RESOLVES_MARKERS] === true ? Release.nameOf : (name: string) => name),
  }) as unknown as string;
}
