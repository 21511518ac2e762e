import { ApiObject, App, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { pathScope } from '../_boundary';
import { fail, show } from '../_errors';
import { renderChart } from '../_rendered';
import { checkType } from '../_validate';
import { RULES } from './_catalog';
import { checkRuleId, resolveConfig } from './_config';
import { runRules } from './_engine';
import { appObjects } from './_library';
import { LintObject } from './_model';
import { IGNORE_PREFIX } from './_suppressions';
import { LintConfig } from './lint-config';
import { LintFinding, LintRule } from './lint-finding';
import { plainManifests } from '../helm/_render';

/**
 * The course's Distillation Pattern as checks: rules that find what keeps
 * containers from being cohesive, loosely coupled, immutable, idempotent,
 * attack-phobic, small, quick to start and frugal (and available), each
 * with a stable id, a factor, a severity and a fix. The same rules run
 * here, at synth (`PatternsApp`'s `lint` prop), in `cdk8s synth --validate`
 * ({@link DistillationValidation}) and from the command line
 * (`npx cdk8s-patterns lint`). Every object is also judged by the
 * {@link ManifestValidator} (DP-VALID-001).
 *
 * A finding is accepted, with a reason, by an annotation on the object
 * (`lint.cdk8s-patterns.io/ignore-<rule id>: "<reason>"`, see
 * {@link Distillation.suppress}) or by a suppression in the config.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/overview/
 */
export class Distillation {
  /**
   * The findings on the objects of every chart under `scope` (an app, a
   * chart, or a construct in a chart: then the findings on its own objects,
   * judged with the rest of its chart), as they would be synthesized,
   * suppressed ones left out. Sorted by object, then path, then rule.
   *
   * @param scope the app, chart or construct to check
   * @param config rules, thresholds and suppressions
   */
  public static check(scope: IConstruct, config: LintConfig = {}): LintFinding[] {
    const at = pathScope('Distillation.check');
    if (!Construct.isConstruct(scope)) fail(at, 'scope', `must be a construct (an app, a chart or a construct in a chart), got ${show(scope)}`);
    const resolved = resolveConfig(at, 'config', config);
    const below = scope.node.findAll().filter(Chart.isChart);
    const charts = scope instanceof App ? scope.charts : below.length > 0 ? below : [Chart.of(scope)];
    const release = (scope.node.root as { releaseName?: unknown }).releaseName;
    const rendered = charts.flatMap(chart => {
      const once = renderChart(chart);
      const manifests = plainManifests(chart, typeof release === 'string' ? release : undefined, once.manifests);
      return once.objects.map((object, i) => ({ object, manifest: manifests[i] }));
    });
    const findings = runRules(appObjects(rendered), resolved).findings;
    if (below.length > 0 || scope instanceof App) return findings;
    const path = scope.node.path;
    return findings.filter(f => f.constructPath === path || f.constructPath?.startsWith(`${path}/`));
  }

  /**
   * The findings on manifests built elsewhere (parsed YAML, `toJson()`
   * output), suppressed ones left out. Sorted by object, then path, then rule.
   *
   * @param manifests the objects, as JSON
   * @param config rules, thresholds and suppressions
   */
  public static checkManifests(manifests: any[], config: LintConfig = {}): LintFinding[] {
    const at = pathScope('Distillation.checkManifests');
    checkType(at, 'manifests', manifests, 'array');
    const objects: LintObject[] = manifests.map((manifest, index) => ({ manifest, index, library: false }));
    return runRules(objects, resolveConfig(at, 'config', config)).findings;
  }

  /** Every rule, in the order of their factors. */
  public static rules(): LintRule[] {
    return RULES.map(r => ({
      id: r.id,
      factor: r.factor,
      severity: r.severity,
      description: r.description,
      rationale: r.rationale,
      link: r.link,
      enabledByDefault: r.enabledByDefault !== false,
    }));
  }

  /**
   * Accepts a rule's findings on a construct's object, for a reason: the
   * object gets the annotation `lint.cdk8s-patterns.io/ignore-<rule id>:
   * "<reason>"`, which every way of running the checks reads. A construct
   * with no object of its own (e.g. a `CqrsPod`) gets it on every object
   * under it.
   *
   * @param scope the construct whose object the finding is on
   * @param ruleId the rule, e.g. `DP-AVAIL-004`
   * @param reason why the finding is accepted, for the next reader
   */
  public static suppress(scope: IConstruct, ruleId: string, reason: string): void {
    const at = pathScope('Distillation.suppress');
    if (!Construct.isConstruct(scope)) fail(at, 'scope', `must be a construct, got ${show(scope)}`);
    checkRuleId(scope, 'ruleId', ruleId);
    checkType(scope, 'reason', reason, 'string');
    if (reason.trim() === '') fail(scope, 'reason', `must say why the finding is accepted, got ${show(reason)}`);
    const objects = ownObjects(scope);
    if (objects.length === 0) fail(scope, 'scope', `must hold a Kubernetes object to carry the suppression, got ${show(scope)} which holds none`);
    const key = `${IGNORE_PREFIX}${ruleId}`;
    for (const object of objects) {
      const existing = object.metadata.toJson().annotations?.[key];
      if (existing !== undefined && existing !== reason) {
        fail(scope, 'ruleId', `must be suppressed once per object, got ${show(ruleId)} which ${object.node.path} already suppresses with the reason ${show(existing)}; keep one reason`);
      }
      object.metadata.addAnnotation(key, reason);
    }
  }

  private constructor() {}
}

function ownObjects(scope: IConstruct): ApiObject[] {
  try {
    return [ApiObject.of(scope)];
  } catch {
    return scope.node.findAll().filter(ApiObject.isApiObject);
  }
}
