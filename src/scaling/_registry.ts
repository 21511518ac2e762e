import { IConstruct } from 'constructs';
import { findState, setState, stateKey } from '../_state';

/** What a PodDisruptionBudget needs to know of the autoscaler that owns a workload. */
export interface RegisteredAutoscaler extends IConstruct {
  /** The fewest replicas the autoscaler scales the workload down to. */
  readonly minReplicas: number;
}

/** The autoscaler of a workload, kept on the workload. */
const AUTOSCALER = stateKey<RegisteredAutoscaler>('scaling.autoscaler');
/** The budget of a workload, kept on the workload. */
const BUDGET = stateKey<IConstruct>('scaling.budget');

/** The HorizontalPodAutoscaler that scales a workload, if one does. */
export function autoscalerOf(workload: IConstruct): RegisteredAutoscaler | undefined {
  return findState(workload, AUTOSCALER);
}

/** Records that an autoscaler scales a workload; call after checking {@link autoscalerOf}. */
export function registerAutoscaler(workload: IConstruct, autoscaler: RegisteredAutoscaler): void {
  setState(workload, AUTOSCALER, autoscaler);
}

/** The PodDisruptionBudget that covers a workload, if one does. */
export function budgetOf(workload: IConstruct): IConstruct | undefined {
  return findState(workload, BUDGET);
}

/** Records that a budget covers a workload; call after checking {@link budgetOf}. */
export function registerBudget(workload: IConstruct, budget: IConstruct): void {
  setState(workload, BUDGET, budget);
}
