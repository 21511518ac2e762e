import { IConstruct } from 'constructs';

/** What a PodDisruptionBudget needs to know of the autoscaler that owns a workload. */
export interface RegisteredAutoscaler extends IConstruct {
  /** The fewest replicas the autoscaler scales the workload down to. */
  readonly minReplicas: number;
}

const AUTOSCALERS = new WeakMap<IConstruct, RegisteredAutoscaler>();
const BUDGETS = new WeakMap<IConstruct, IConstruct>();

/** The HorizontalPodAutoscaler that scales a workload, if one does. */
export function autoscalerOf(workload: IConstruct): RegisteredAutoscaler | undefined {
  return AUTOSCALERS.get(workload);
}

/** Records that an autoscaler scales a workload; call after checking {@link autoscalerOf}. */
export function registerAutoscaler(workload: IConstruct, autoscaler: RegisteredAutoscaler): void {
  AUTOSCALERS.set(workload, autoscaler);
}

/** The PodDisruptionBudget that covers a workload, if one does. */
export function budgetOf(workload: IConstruct): IConstruct | undefined {
  return BUDGETS.get(workload);
}

/** Records that a budget covers a workload; call after checking {@link budgetOf}. */
export function registerBudget(workload: IConstruct, budget: IConstruct): void {
  BUDGETS.set(workload, budget);
}
