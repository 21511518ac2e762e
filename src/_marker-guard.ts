import { ApiObject, App } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { firstMarked, RESOLVES_MARKERS } from './_markers';
import { pathOf } from './_paths';

const ID = 'cdk8s-patterns-release-markers';

/**
 * Makes sure an app that does not resolve markers (a plain cdk8s `App`, not
 * `PatternsApp`) never writes one: a name from `Release.nameOf()` or a value
 * from `HelmValue.asString()` would ship as private-use characters. One guard
 * per app, a child of its root, checks every object when the app renders.
 */
export function guardMarkers(scope: IConstruct): void {
  const root = scope.node.root;
  if ((root as any)[RESOLVES_MARKERS] === true || root.node.tryFindChild(ID) || !(root instanceof App)) return;
  const guard = new Construct(root, ID);
  guard.node.addValidation({
    validate: () => {
      if ((root as any)[RESOLVES_MARKERS] === true) return [];
      const lines: string[] = [];
      for (const object of root.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c))) {
        const at = firstMarked(object.toJson());
        if (at !== undefined) {
          lines.push(`${pathOf(object)}: '${at}' holds a name or value that depends on the Helm release (Release.nameOf(), HelmValue.asString()), which only PatternsApp resolves; synthesize the app with PatternsApp instead of cdk8s' App`);
        }
      }
      if (lines.length > 0) throw new Error(lines.join('\n'));
      return [];
    },
  });
}
