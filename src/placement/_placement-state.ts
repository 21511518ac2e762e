import { ApiObject, JsonPatch, Lazy } from 'cdk8s';
import { IConstruct } from 'constructs';
import { addCheck, fail, printable, show, showJson } from '../_errors';
import { kplus, nodeAffinityTerms } from '../_plus';
import { podTemplateJsonPointer } from '../_pod-template';
import { findState, setState, stateKey } from '../_state';
import { contradicts, describe, NodeConstraint, sameConstraint, termOf } from './_node-constraints';
import { DaemonSet } from '../workloads/daemon-set';

/** A required node label and who asked for it. */
interface NodeLabel {
  readonly value: string;
  readonly rule: string;
  /** Whether the workload itself set it (a DaemonSet's `nodeSelector`), rather than a rule. */
  readonly own: boolean;
}

/** A topology spread constraint, as the Kubernetes 1.26 API takes it (keys in order). */
interface SpreadConstraint {
  readonly labelSelector: { [key: string]: unknown };
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: string;
}

interface Spread {
  readonly rule: string;
  readonly constraint: SpreadConstraint;
  /** The construct that added the spread, which synth-time errors name. */
  readonly scope: IConstruct;
}

/** Kinds whose pod selector Kubernetes generates, so that cdk8s-plus sets none. */
const GENERATED_SELECTOR_KINDS = ['Job', 'CronJob'];

/** The placement state of a workload, kept on the workload. */
const PLACEMENT = stateKey<PlacementState>('placement.state');

/**
 * What every placement rule applied so far asks of one workload's pods, for
 * the two fields cdk8s-plus-27 does not render: `nodeSelector` and
 * `topologySpreadConstraints`. A JSON-patch `add` replaces the whole field, so
 * each change re-adds the cumulative value (the last patch wins). The state is
 * kept per workload, not per `Placement`, so that two placements of one
 * workload add up instead of overwriting each other.
 */
export class PlacementState {
  /** The state of a workload, created on first use. */
  public static of(scope: IConstruct, workload: kplus.Workload): PlacementState {
    let state = findState(workload, PLACEMENT);
    if (!state) {
      const resource = ApiObject.of(workload);
      const pointer = podTemplateJsonPointer(resource.kind);
      if (!pointer) {
        fail(scope, 'workload', `must be a workload with a pod template (Deployment, StatefulSet, DaemonSet, Job, CronJob), got kind '${resource.kind}'`);
      }
      state = new PlacementState(workload, resource, pointer);
      for (const [key, value] of Object.entries(ownNodeSelector(workload))) {
        state.nodeLabels.set(key, { value, rule: `the nodeSelector of DaemonSet '${workload.node.path}'`, own: true });
      }
      setState(workload, PLACEMENT, state);
    }
    return state;
  }

  private readonly nodeLabels = new Map<string, NodeLabel>();
  /** The requirements of the one required node affinity term, in the order they were asked for. */
  private readonly requiredOfNodes: NodeConstraint[] = [];
  private readonly spreads: Spread[] = [];
  private readonly applied = new Set<string>();
  private readonly checkedScopes = new Set<IConstruct>();

  private constructor(
    private readonly workload: kplus.Workload,
    private readonly resource: ApiObject,
    private readonly pointer: string) {}

  /**
   * Whether a rule of this signature is new to the workload (and records it),
   * so that the same toleration or affinity term is rendered once.
   */
  public firstTime(signature: string): boolean {
    if (this.applied.has(signature)) return false;
    this.applied.add(signature);
    return true;
  }

  /**
   * Requires node labels through `nodeSelector`, merged with the workload's
   * own (a DaemonSet's); all or none: fails, before changing anything, when
   * the pod already requires another value of a key, or a required node
   * affinity term excludes the label.
   */
  public requireNodeLabels(scope: IConstruct, rule: string, labels: ReadonlyArray<readonly [string, string]>): void {
    for (const [key, value] of labels) {
      const current = this.nodeLabels.get(key);
      if (current && current.value !== value) {
        const fix = current.own ? 'remove the label from the nodeSelector or drop the rule' : 'keep one of the rules';
        fail(scope, rule, `must not require a second value of node label '${key}', as a node has one value per label, got ${show(value)} while the pod already requires '${current.value}' (${current.rule}); ${fix}`);
      }
      const asked: NodeConstraint = { onName: false, key, operator: 'In', values: [value], selector: true, rule };
      const clash = this.requiredOfNodes.find(c => contradicts(asked, c));
      if (clash) fail(scope, rule, contradiction(asked, clash));
    }
    for (const [key, value] of labels) {
      if (!this.nodeLabels.has(key)) this.nodeLabels.set(key, { value, rule, own: false });
    }
    const selector: { [key: string]: string } = {};
    for (const key of [...this.nodeLabels.keys()].sort()) selector[key] = this.nodeLabels.get(key)!.value;
    this.resource.addJsonPatch(JsonPatch.add(`${this.pointer}/nodeSelector`, selector));
  }

  /**
   * Adds requirements to the pod's one required node affinity term, so that
   * every rule narrows the nodes (Kubernetes ORs separate terms). All or
   * none: fails, before changing anything, when a requirement contradicts a
   * required node label or another requirement. The term is rendered
   * lazily, so that later rules still reach it.
   */
  public requireNodes(scope: IConstruct, rule: string, constraints: readonly NodeConstraint[]): void {
    const accepted: NodeConstraint[] = [];
    for (const asked of constraints) {
      const known = [...this.selectorConstraints(), ...this.requiredOfNodes, ...accepted];
      if (known.some(c => sameConstraint(asked, c))) continue;
      const clash = known.find(c => contradicts(asked, c));
      if (clash) fail(scope, rule, contradiction(asked, clash));
      accepted.push(asked);
    }
    if (this.requiredOfNodes.length === 0 && accepted.length > 0) {
      nodeAffinityTerms(this.workload.scheduling).required.push(Lazy.any({ produce: () => termOf(this.requiredOfNodes) }));
      addCheck(scope, () => this.otherRequiredTerms(rule));
    }
    this.requiredOfNodes.push(...accepted);
  }

  /** Adds a preferred node affinity term of the given weight; the same preference twice is rendered once. */
  public preferNodes(constraints: readonly NodeConstraint[], weight: number): void {
    const preference = termOf(constraints);
    if (this.firstTime(`preferNodes|${weight}|${JSON.stringify(preference)}`)) {
      nodeAffinityTerms(this.workload.scheduling).preferred.push({ weight, preference });
    }
  }

  /**
   * Adds a topology spread constraint that counts the workload's own pods, by
   * its selector; one per topology key.
   */
  public addSpread(scope: IConstruct, rule: string, topologyKey: string, maxSkew: number, whenUnsatisfiable: string): void {
    const twin = this.spreads.find(s => s.constraint.topologyKey === topologyKey);
    if (twin) {
      const c = twin.constraint;
      fail(scope, rule, `must be given once per workload, got a second spread over '${topologyKey}' (the first: ${twin.rule} with maxSkew ${c.maxSkew}, ${c.whenUnsatisfiable}); keep one rule`);
    }
    const labelSelector = this.selector();
    if (!labelSelector) {
      fail(scope, rule, "must count the workload's own pods by its selector, got a workload that selects none (select: false and no select() call); give it labels with select(LabelSelector.of({ labels }))");
    }
    this.spreads.push({ rule, constraint: { labelSelector, maxSkew, topologyKey, whenUnsatisfiable }, scope });
    this.resource.addJsonPatch(JsonPatch.add(`${this.pointer}/topologySpreadConstraints`, this.spreads.map(s => s.constraint)));
    if (!this.checkedScopes.has(scope)) {
      this.checkedScopes.add(scope);
      addCheck(scope, () => this.staleSelectors(scope));
    }
  }

  /**
   * The workload's selector as a Kubernetes LabelSelector, or undefined when
   * it selects nothing. Jobs and CronJobs have none (Kubernetes generates it):
   * their pods are counted by the cdk8s address label of their pod template,
   * unique to the workload, as cdk8s-plus' own pod affinity does.
   */
  private selector(): { [key: string]: unknown } | undefined {
    const labels = this.workload.matchLabels;
    const expressions = this.workload.matchExpressions;
    if (Object.keys(labels).length === 0 && expressions.length === 0) {
      const address = this.workload.podMetadata.getLabel(kplus.Pod.ADDRESS_LABEL);
      const generated = GENERATED_SELECTOR_KINDS.includes(this.resource.kind);
      return generated && address !== undefined ? { matchLabels: { [kplus.Pod.ADDRESS_LABEL]: address } } : undefined;
    }
    const selector: { [key: string]: unknown } = {};
    if (expressions.length > 0) {
      selector.matchExpressions = expressions.map(e => (e.values
        ? { key: e.key, operator: e.operator, values: e.values }
        : { key: e.key, operator: e.operator }));
    }
    if (Object.keys(labels).length > 0) {
      const sorted: { [key: string]: string } = {};
      for (const key of Object.keys(labels).sort()) sorted[key] = labels[key];
      selector.matchLabels = sorted;
    }
    return selector;
  }

  /** The required node labels as constraints, for the contradiction checks. */
  private selectorConstraints(): NodeConstraint[] {
    return [...this.nodeLabels].map(([key, label]) => ({ onName: false, key, operator: 'In', values: [label.value], selector: true, rule: label.rule }));
  }

  /** Synth-time: the required term of the rules must be the only one, or Kubernetes would OR it with the others. */
  private otherRequiredTerms(rule: string): string[] {
    const count = nodeAffinityTerms(this.workload.scheduling).required.length;
    if (count <= 1) return [];
    return [`'${rule}' must be the pod's only required node affinity term, as Kubernetes ORs the terms (a node meeting any one would do), got ${count} terms: ${count - 1} more from scheduling.attract(); give their requirements to PlacementRule.requireNodes instead`];
  }

  /** Synth-time: the spreads a construct added must still count the pods the workload selects (select() may be called later). */
  private staleSelectors(scope: IConstruct): string[] {
    const now = JSON.stringify(this.selector() ?? {});
    return this.spreads
      .filter(s => s.scope === scope && JSON.stringify(s.constraint.labelSelector) !== now)
      .map(s => `'${s.rule}' must count the pods the workload selects now (${printable(now)}), got the pods it selected when the rule was added (${showJson(s.constraint.labelSelector)}); call select() on the workload before adding spread rules`);
  }
}

/** Why two node requirements cannot be asked together. */
function contradiction(asked: NodeConstraint, clash: NodeConstraint): string {
  return `must not contradict the pod's other node requirements, as no node could meet both, got ${show(describe(asked))} while the pod already requires '${describe(clash)}' (${clash.rule}); keep one of them`;
}

/**
 * The nodeSelector a workload renders of its own: this library's DaemonSet
 * takes one as a prop, with which a placement merges its node labels
 * instead of replacing it.
 */
function ownNodeSelector(workload: kplus.Workload): { readonly [key: string]: string } {
  return workload instanceof DaemonSet ? workload._nodeSelector ?? {} : {};
}
