import { kplus } from '../_plus';

/** A port a container of a workload declares. */
export interface DeclaredPort {
  readonly number: number;
  readonly protocol: kplus.Protocol;
  readonly name?: string;
}

/** The ports the (non-init) containers of a workload declare: the ports its pods serve on. */
export function declaredPorts(workload: kplus.AbstractPod): DeclaredPort[] {
  return workload.containers.flatMap(c => c.ports.map(p => ({
    number: p.number,
    protocol: p.protocol ?? kplus.Protocol.TCP,
    name: p.name,
  })));
}

/** Lists ports for an error message, e.g. `5432/TCP 'postgres', 9187/TCP`, or `none`. */
export function describePorts(ports: DeclaredPort[]): string {
  if (ports.length === 0) return 'none';
  return ports.map(p => `${p.number}/${p.protocol}${p.name ? ` '${p.name}'` : ''}`).join(', ');
}
