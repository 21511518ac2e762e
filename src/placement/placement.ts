import { Construct } from 'constructs';
import { fail, show } from '../_errors';
import { kplus } from '../_plus';
import { checkType } from '../_validate';
import { applyRule } from './_apply-rule';
import { PlacementRule } from './placement-rule';

/**
 * Props of a {@link Placement}.
 */
export interface PlacementProps {
  /**
   * The workload whose pods the rules place: a Deployment of this library or
   * any cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, Job, CronJob).
   */
  readonly workload: kplus.Workload;

  /**
   * The rules, at least one; more can be added with {@link Placement.addRule}.
   * They all apply together: each node rule narrows the nodes, each
   * preference adds to a node's score.
   */
  readonly rules: PlacementRule[];
}

/**
 * Tells the scheduler where a workload's pods go: the nodes they need or
 * prefer (a Windows server for a .NET Framework app, a node with a GPU), the
 * taints they tolerate, how they spread across nodes and zones, and which
 * pods they join or keep away from.
 *
 * Affinity and tolerations go through the workload's cdk8s-plus `scheduling`
 * (node affinity terms with `matchFields` too, which cdk8s-plus-27 cannot
 * express); required node labels (`nodeSelector`, merged with a DaemonSet's
 * own) and topology spread constraints, which cdk8s-plus-27 does not render,
 * are patched into the pod template. Every rule is checked when it is added,
 * against the rules before it and the workload's own `nodeSelector`: a node
 * requirement that no node could meet together with another is refused.
 * Errors name this construct.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/
 */
export class Placement extends Construct {
  /** The workload whose pods this placement applies to. */
  public readonly workload: kplus.Workload;
  private readonly applied: PlacementRule[] = [];

  constructor(scope: Construct, id: string, props: PlacementProps) {
    super(scope, id);
    checkType(this, 'props', props, 'object');
    const workload: unknown = props.workload;
    if (!(workload instanceof kplus.Workload)) {
      fail(this, 'workload', `must be a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, Job, CronJob) to place, got ${show(workload)}`);
    }
    this.workload = workload;
    const rules: unknown = props.rules;
    if (!Array.isArray(rules) || rules.length === 0) {
      fail(this, 'rules', `must list at least one PlacementRule, got ${show(rules)}`);
    }
    rules.forEach((rule, i) => this.apply(rule, `rules[${i}]`));
  }

  /** The rules applied so far, in order (a copy). */
  public get rules(): PlacementRule[] {
    return [...this.applied];
  }

  /** Checks a rule against the workload and applies it to its pods. */
  public addRule(rule: PlacementRule): void {
    this.apply(rule, 'rule');
  }

  private apply(rule: unknown, field: string): void {
    if (!(rule instanceof PlacementRule)) {
      fail(this, field, `must be a PlacementRule (from PlacementRule.requireNodeLabel(), .spreadAcrossZones(), .tolerate(), ...), got ${show(rule)}`);
    }
    applyRule(this, this.workload, rule._spec);
    this.applied.push(rule);
  }
}
