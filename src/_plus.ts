/**
 * The one place that names the cdk8s-plus line this library builds on, so
 * that moving to a newer one is a small, visible change.
 */
export * as kplus from 'cdk8s-plus-27';
export { k8s } from 'cdk8s-plus-27';
