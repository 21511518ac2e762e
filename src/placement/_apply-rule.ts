import { Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { fail, show } from '../_errors';
import { kplus } from '../_plus';
import { checkInteger, checkLabelKey, checkLabelValue, checkOneOf } from '../_validate';
import { checkRequirements } from './_node-constraints';
import { PlacementState } from './_placement-state';
import { OS_LABEL, RuleSpec } from './_rule-spec';
import { TolerationOperator, WhenUnsatisfiable } from './placement-rule';

const INT32_MAX = 2 ** 31 - 1;

type PodAffinitySpec = Extract<RuleSpec, { kind: 'colocateWith' | 'keepAwayFrom' }>;
type TolerateSpec = Extract<RuleSpec, { kind: 'tolerate' }>;

/**
 * Checks a rule against the workload and renders it: node labels, node
 * affinity and spreads through {@link PlacementState}, pod affinity and
 * tolerations through the workload's cdk8s-plus `scheduling`. Every check
 * runs before anything is changed, so a failing rule leaves the workload as
 * it was.
 */
export function applyRule(scope: IConstruct, workload: kplus.Workload, spec: RuleSpec): void {
  const state = PlacementState.of(scope, workload);
  switch (spec.kind) {
    case 'requireNodeLabel':
      checkLabelKey(scope, 'requireNodeLabel.key', spec.key);
      checkLabelValue(scope, 'requireNodeLabel.value', spec.value);
      state.requireNodeLabels(scope, spec.kind, [[spec.key, spec.value]]);
      return;
    case 'preferNodeLabel':
      checkLabelKey(scope, 'preferNodeLabel.key', spec.key);
      checkLabelValue(scope, 'preferNodeLabel.value', spec.value);
      checkInteger(scope, 'preferNodeLabel.weight', spec.weight, 1, 100);
      if (state.firstTime(`prefer|${spec.key}|${spec.value}|${spec.weight}`)) {
        workload.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is(spec.key, spec.value)), { weight: spec.weight });
      }
      return;
    case 'gpuNode':
      checkLabelKey(scope, 'gpuNode.labelKey', spec.labelKey);
      checkLabelValue(scope, 'gpuNode.labelValue', spec.labelValue);
      checkLabelKey(scope, 'gpuNode.taintKey', spec.taintKey);
      state.requireNodeLabels(scope, spec.kind, [[spec.labelKey, spec.labelValue]]);
      tolerate(state, workload, kplus.NodeTaintQuery.exists(spec.taintKey, { effect: kplus.TaintEffect.NO_SCHEDULE }),
        `tolerate|${spec.taintKey}|Exists||NoSchedule|`);
      return;
    case 'windowsNode':
      state.requireNodeLabels(scope, spec.kind, [[OS_LABEL, 'windows']]);
      return;
    case 'requireNodes':
      state.requireNodes(scope, spec.kind, checkRequirements(scope, spec.kind, spec.requirements));
      return;
    case 'preferNodes': {
      const constraints = checkRequirements(scope, spec.kind, spec.requirements);
      checkInteger(scope, 'preferNodes.weight', spec.weight, 1, 100);
      state.preferNodes(constraints, spec.weight);
      return;
    }
    case 'spreadAcrossNodes':
    case 'spreadAcrossZones':
      checkInteger(scope, `${spec.kind}.maxSkew`, spec.maxSkew, 1, INT32_MAX);
      checkOneOf(scope, `${spec.kind}.whenUnsatisfiable`, spec.whenUnsatisfiable, WhenUnsatisfiable);
      state.addSpread(scope, spec.kind, spec.topologyKey, spec.maxSkew, spec.whenUnsatisfiable);
      return;
    case 'colocateWith':
    case 'keepAwayFrom':
      applyPodAffinity(scope, workload, state, spec);
      return;
    case 'tolerate':
      applyToleration(scope, workload, state, spec);
      return;
  }
}

function applyPodAffinity(scope: IConstruct, workload: kplus.Workload, state: PlacementState, spec: PodAffinitySpec): void {
  const other: unknown = spec.other;
  if (!Construct.isConstruct(other) || typeof (other as kplus.IPodSelector).toPodSelectorConfig !== 'function') {
    fail(scope, `${spec.kind}.other`, `must be a workload, a pod or a Pods selection (kplus.IPodSelector), got ${show(other)}`);
  }
  if (spec.kind === 'colocateWith' && other === workload) {
    fail(scope, 'colocateWith.other', `must be another workload, got the workload itself (${show(other)}), which would pack every replica onto one node; use keepAwayFrom(workload) for one replica per node`);
  }
  if (!(spec.topology instanceof kplus.Topology)) {
    fail(scope, `${spec.kind}.topology`, `must be a Topology such as Topology.HOSTNAME, Topology.ZONE or Topology.custom(key), got ${show(spec.topology)}`);
  }
  checkLabelKey(scope, `${spec.kind}.topology`, spec.topology.key);
  if (spec.weight !== undefined) checkInteger(scope, `${spec.kind}.weight`, spec.weight, 1, 100);
  const signature = `${spec.kind}|${spec.other.node.path}|${spec.topology.key}|${spec.weight ?? 'required'}`;
  if (!state.firstTime(signature)) return;
  const options = { topology: spec.topology, weight: spec.weight };
  if (spec.kind === 'colocateWith') {
    workload.scheduling.colocate(spec.other, options);
  } else {
    workload.scheduling.separate(spec.other, options);
  }
}

function applyToleration(scope: IConstruct, workload: kplus.Workload, state: PlacementState, spec: TolerateSpec): void {
  checkLabelKey(scope, 'tolerate.key', spec.key);
  checkOneOf(scope, 'tolerate.operator', spec.operator, TolerationOperator);
  if (spec.value !== undefined) {
    if (spec.operator === TolerationOperator.EXISTS) {
      fail(scope, 'tolerate.value', `must not be given with operator Exists (it matches every value of the key), got ${show(spec.value)}`);
    }
    checkLabelValue(scope, 'tolerate.value', spec.value);
  }
  if (spec.effect !== undefined) checkOneOf(scope, 'tolerate.effect', spec.effect, kplus.TaintEffect);
  if (spec.tolerationSeconds !== undefined) {
    checkInteger(scope, 'tolerate.tolerationSeconds', spec.tolerationSeconds, 0);
    if (spec.effect !== 'NoExecute') {
      fail(scope, 'tolerate.tolerationSeconds', `is only allowed with effect NoExecute (how long the pod stays on a node after a NoExecute taint appears), got ${spec.tolerationSeconds} with ${spec.effect === undefined ? 'no effect' : `effect ${spec.effect}`}`);
    }
  }
  const options: kplus.NodeTaintQueryOptions = {
    effect: spec.effect as kplus.TaintEffect | undefined,
    evictAfter: spec.tolerationSeconds === undefined ? undefined : Duration.seconds(spec.tolerationSeconds),
  };
  const query = spec.operator === 'Exists'
    ? kplus.NodeTaintQuery.exists(spec.key, options)
    : kplus.NodeTaintQuery.is(spec.key, spec.value ?? '', options);
  tolerate(state, workload, query, `tolerate|${spec.key}|${spec.operator}|${spec.value ?? ''}|${spec.effect ?? ''}|${spec.tolerationSeconds ?? ''}`);
}

function tolerate(state: PlacementState, workload: kplus.Workload, query: kplus.NodeTaintQuery, signature: string): void {
  if (state.firstTime(signature)) workload.scheduling.tolerate(kplus.Node.tainted(query));
}
