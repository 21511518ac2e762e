import { IConstruct } from 'constructs';

/**
 * The path that names an object in messages: its construct's, without the
 * `Resource` child that cdk8s-plus and the library give their main object.
 */
export function pathOf(object: IConstruct): string {
  return object.node.id === 'Resource' && object.node.scope ? object.node.scope.node.path : object.node.path;
}
