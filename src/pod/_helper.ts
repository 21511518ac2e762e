import { IConstruct } from 'constructs';
import { checkPlainObject } from '../_boundary';
import { HelperContainerOptions } from './helper-container-options';
import { checkAbsolutePath, checkDnsLabel, checkOptionalType } from '../_validate';
import { checkContainerProps } from '../workloads/_container-checks';

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
}

/** The props of the helper's own container, as the pattern's props give them. */
export function helperContainerProps(props: HelperContainerOptions) {
  const { image, command, args, workingDir, envVariables, resources, securityContext } = props;
  return { image, command, args, workingDir, envVariables, resources, securityContext };
}
