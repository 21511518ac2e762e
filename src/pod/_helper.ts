import { IConstruct } from 'constructs';
import { checkPlainObject } from '../_boundary';
import { HelperContainerOptions } from './helper-container-options';
import { addHelperContainer } from '../_attach';
import { kplus } from '../_plus';
import { checkAbsolutePath, checkDnsLabel, checkOptionalType } from '../_validate';
import { checkContainerProps } from '../workloads/_container-checks';
import { addContainerWritablePaths, checkWritablePaths, writableSizeLimit } from '../workloads/_writable-paths';

/**
 * Checks what every helper container pattern is given, before the pattern
 * reads it; errors name the pattern's props. The workload is checked as
 * the helper joins the pod.
 */
export function checkHelperOptions(scope: IConstruct, props: HelperContainerOptions): void {
  checkPlainObject(scope, 'props', props);
  if (props.name !== undefined) checkDnsLabel(scope, 'name', props.name);
  checkOptionalType(scope, 'mainContainer', props.mainContainer, 'string');
  checkContainerProps(scope, prop => prop, helperContainerProps(props));
  if (props.workingDir !== undefined) checkAbsolutePath(scope, 'workingDir', props.workingDir);
  if (props.writablePaths !== undefined) checkWritablePaths(scope, 'writablePaths', props.writablePaths);
  if (props.writablePathSizeLimit !== undefined) writableSizeLimit(scope, 'writablePathSizeLimit', props.writablePathSizeLimit);
}

/**
 * Adds the helper's container to the pod, with `container` over what the
 * pattern's props give it.
 */
export function addHelper(scope: IConstruct, workload: kplus.AbstractPod, props: HelperContainerOptions, container: Omit<kplus.ContainerProps, 'image'>): kplus.Container {
  return addHelperContainer(scope, workload, { ...helperContainerProps(props), ...container });
}

/**
 * Gives the helper's container its own `writablePaths`; called last, so that
 * a path the pattern mounts something at is refused for `writablePaths`.
 */
export function addHelperWritablePaths(
  scope: IConstruct, workload: kplus.AbstractPod, props: HelperContainerOptions, container: kplus.Container,
): void {
  const paths = props.writablePaths ?? [];
  if (paths.length === 0) return;
  const sizeLimit = writableSizeLimit(scope, 'writablePathSizeLimit', props.writablePathSizeLimit);
  addContainerWritablePaths(scope, 'writablePaths', workload, container, paths, sizeLimit);
}

/** The props of the helper's own container, as the pattern's props give them. */
export function helperContainerProps(props: HelperContainerOptions) {
  const { image, command, args, workingDir, envVariables, resources, securityContext } = props;
  return { image, command, args, workingDir, envVariables, resources, securityContext };
}
