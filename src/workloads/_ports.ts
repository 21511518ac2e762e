/** A container's ports as the pod spec lists them. */
export interface ContainerPorts {
  readonly name: string;
  readonly ports: ReadonlyArray<{ readonly containerPort: number; readonly protocol?: string }>;
}

/**
 * The first port used twice in one pod: containers share the pod's network
 * namespace, so a port and protocol may be bound by one container only.
 */
export function findPortClash(containers: ContainerPorts[]): string | undefined {
  const owner = new Map<string, string>();
  for (const c of containers) {
    for (const p of c.ports) {
      const key = `${p.containerPort}/${p.protocol ?? 'TCP'}`;
      const first = owner.get(key);
      if (first !== undefined) {
        return `must be unique within the pod (its containers share one network namespace), got port ${key} in container '${first}' and in container '${c.name}'; give each a different port`;
      }
      owner.set(key, c.name);
    }
  }
  return undefined;
}
