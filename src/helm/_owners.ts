import { Chart } from 'cdk8s';
import { pathOf } from '../_paths';
import { apiObjectsOf } from '../_plus';

/**
 * Who declared each object of a chart, by kind and name, for errors about
 * an object or one of its fields: the path of its construct (see
 * {@link pathOf}); the chart's own path for an object it cannot place.
 */
export function declarerOf(chart: Chart): (kind: string, name: string) => string {
  // looked up only for an error: the paths are worked out on the first one
  let paths: Map<string, string> | undefined;
  return (kind, name) => {
    paths ??= new Map(apiObjectsOf(chart).map(o => [`${o.kind}/${o.name}`, pathOf(o)]));
    return paths.get(`${kind}/${name}`) ?? chart.node.path;
  };
}
