import { isKind, LintObject, namespaceOf, PodTemplate, podTemplatesOf, refers } from '../_model';
import { LargeImage, LintSuppression } from '../lint-config';
import { DistillationFactor, LintSeverity } from '../lint-finding';

/** What a rule found, before the engine names the rule, applies suppressions and picks the fix. */
export interface RawFinding {
  readonly object: LintObject;
  /** The JSON path of the field. */
  readonly path: string;
  /** What is wrong, ending with the value received: `must name a tag, got 'nginx'`. Never a secret value. */
  readonly problem: string;
  /** How to fix it in Kubernetes' terms. */
  readonly fix: string;
  /** How to fix it with the library's constructs, when that differs. */
  readonly libraryFix?: string;
}

/** A rule: a small pure function over the whole set of objects. */
export interface RuleDefinition {
  readonly id: string;
  readonly factor: DistillationFactor;
  readonly severity: LintSeverity;
  readonly description: string;
  readonly rationale: string;
  readonly link: string;
  /** @default true */
  readonly enabledByDefault?: boolean;
  check(ctx: RuleContext): RawFinding[];
}

/** The thresholds and lists of a lint config, defaults applied. */
export interface ResolvedConfig {
  readonly maxLimitToRequestRatio: number;
  readonly maxContainersPerPod: number;
  readonly slowStartSeconds: number;
  readonly largeImages: readonly LargeImage[];
  readonly suppressions: readonly LintSuppression[];
  /** The ids of the rules that run. */
  readonly enabled: ReadonlySet<string>;
  /** The ids of every rule. */
  readonly ruleIds: ReadonlySet<string>;
}

/** What every rule sees: the objects, the config, and what is worth computing once. */
export class RuleContext {
  private podCache?: PodTemplate[];

  constructor(public readonly objects: readonly LintObject[], public readonly config: ResolvedConfig) {}

  /** Every pod template of the set, in object order. */
  public get pods(): PodTemplate[] {
    this.podCache ??= this.objects.flatMap(podTemplatesOf);
    return this.podCache;
  }

  /** The objects of some kinds of a group ('' for the core group). */
  public ofKind(group: string, ...kinds: string[]): LintObject[] {
    return this.objects.filter(o => isKind(o.manifest, group, ...kinds));
  }

  /** The HorizontalPodAutoscaler that scales an object, if one among the objects does. */
  public autoscalerOf(object: LintObject): LintObject | undefined {
    return this.ofKind('autoscaling', 'HorizontalPodAutoscaler').find(h => namespaceOf(h.manifest) === namespaceOf(object.manifest)
      && refers(h.manifest.spec?.scaleTargetRef, object.manifest));
  }

  /** The replicas a pod template runs at least: its own, or its autoscaler's minimum when that is more. */
  public minReplicas(pod: PodTemplate): number | undefined {
    const hpa = this.autoscalerOf(pod.object);
    if (!hpa) return pod.replicas;
    const min = typeof hpa.manifest.spec?.minReplicas === 'number' ? hpa.manifest.spec.minReplicas : 1;
    return Math.max(min, pod.replicas ?? 0);
  }

  /** The pod templates of objects in a namespace. */
  public podsIn(namespace: string): PodTemplate[] {
    return this.pods.filter(p => namespaceOf(p.object.manifest) === namespace);
  }
}

/** A finding at `path`. */
export function found(object: LintObject, path: string, problem: string, fix: string, libraryFix?: string): RawFinding {
  return { object, path, problem, fix, libraryFix };
}
