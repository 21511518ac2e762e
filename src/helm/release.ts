import { pathScope } from '../_boundary';
import { fail } from '../_errors';
import { hasMarker, marker } from '../_markers';
import { checkDnsSubdomain } from '../_validate';

/**
 * Names that depend on the Helm release. When the app is synthesized for a
 * release (`PatternsApp`'s `releaseName`, or as a Helm chart), every object
 * the app defines is named `<release>-<name>`, and every reference the library
 * knows of (selectors, volumes, env sources, bindings, backends, targets) is
 * renamed with it. Free text the library cannot interpret (an env value, an
 * argument, a URL) names objects with {@link Release.nameOf}.
 */
export class Release {
  /**
   * The name of the app's object `name` in the release: `<release>-<name>`
   * (`{{ .Release.Name }}-<name>` in a chart), or `name` itself when the app
   * is synthesized without a release name. E.g. the host of a StatefulSet's
   * first pod: `` `${Release.nameOf('db')}-0.${Release.nameOf('db')}` ``.
   *
   * The string holds a marker that only `PatternsApp` resolves: use it in
   * apps synthesized by `PatternsApp`.
   *
   * @param name the object's name as the app gives it
   */
  public static nameOf(name: string): string {
    if (hasMarker(name)) {
      fail(pathScope('Release.nameOf'), 'name', 'must be the plain name of an object of the app, got a string that already depends on the release (from Release.nameOf() or HelmValue.asString()); pass the name itself');
    }
    checkDnsSubdomain(pathScope('Release.nameOf'), 'name', name);
    return marker('name', name);
  }

  private constructor() {}
}
