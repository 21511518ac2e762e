import { IConstruct } from 'constructs';
import { fail, show } from '../_errors';
import { k8s, kplus } from '../_plus';
import { checkPort, checkPortName, checkType } from '../_validate';
import { namespaceOf, showNamespace, showValue } from './_checks';
import { Service } from './service';

/**
 * Which port of a Service an Ingress rule routes to: by number or by name,
 * the Service's port (not the container port behind it).
 */
export interface IngressBackendOptions {
  /**
   * The Service port by number. Not with `portName`.
   * @default - `portName`, or the Service's only port when neither is given
   */
  readonly port?: number;
  /**
   * The Service port by name. Not with `port`.
   * @default - `port`, or the Service's only port when neither is given
   */
  readonly portName?: string;
}

interface PortOfService {
  readonly port: number;
  readonly name?: string;
}

/**
 * Where an {@link Ingress} rule sends its requests: a port of a Service in
 * the Ingress's namespace, checked to exist when the rule is added.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#resource-backend
 */
export class IngressBackend {
  /**
   * A port of a Service of this library.
   *
   * @param service the Service
   * @param options the port, by number or name
   */
  public static fromService(service: Service, options: IngressBackendOptions = {}): IngressBackend {
    return new IngressBackend(service, options);
  }

  /**
   * A port of a cdk8s-plus Service, e.g. one of a CqrsPod's.
   *
   * @param service the cdk8s-plus Service
   * @param options the port, by number or name
   */
  public static fromPlusService(service: kplus.Service, options: IngressBackendOptions = {}): IngressBackend {
    return new IngressBackend(service, options);
  }

  private constructor(private readonly service: IConstruct, private readonly options: IngressBackendOptions) {}

  /**
   * The backend as the Ingress renders it, after checking that the Service is
   * in the Ingress's namespace and has the port.
   *
   * @internal
   */
  public _resolve(scope: IConstruct, field: string, namespace: string | undefined): k8s.IngressBackend {
    const service = this.service;
    if (!(service instanceof Service) && !(service instanceof kplus.Service)) {
      fail(scope, field, `must be a Service of this library or of cdk8s-plus (IngressBackend.fromService or .fromPlusService), got ${showValue(service)}`);
    }
    const where = `Service ${service.node.path}`;
    const serviceNamespace = service instanceof Service ? service.namespace : namespaceOf(service);
    if (serviceNamespace !== namespace) {
      fail(scope, field, `must be a Service in the namespace of the Ingress (${showNamespace(namespace)}), as an Ingress routes to Services of its own namespace only, got ${where} in ${showNamespace(serviceNamespace)}`);
    }
    const ports: PortOfService[] = service.ports;
    const listed = ports.map(p => `${p.port}${p.name ? ` '${p.name}'` : ''}`).join(', ') || 'none';
    checkType(scope, `${field}.options`, this.options, 'object');
    const { port, portName } = this.options;
    if (port !== undefined && portName !== undefined) {
      fail(scope, `${field}.portName`, `must not be given with 'port': a backend has one port, got ${show(portName)} and ${show(port)}`);
    }
    if (portName !== undefined) {
      checkPortName(scope, `${field}.portName`, portName);
      if (!ports.some(p => p.name === portName)) fail(scope, `${field}.portName`, `must name a port of ${where} (${listed}), got ${show(portName)}`);
      return backend(service.name, { name: portName });
    }
    if (port !== undefined) {
      checkPort(scope, `${field}.port`, port);
      if (!ports.some(p => p.port === port)) {
        fail(scope, `${field}.port`, `must be a port of ${where} (${listed}), the Service's port and not the container port behind it, got ${port}`);
      }
      return backend(service.name, { number: port });
    }
    if (ports.length !== 1) {
      fail(scope, `${field}.port`, `must be given (or 'portName') unless the Service has exactly one port, got none for ${where} with ports ${listed}`);
    }
    return backend(service.name, { number: ports[0].port });
  }
}

function backend(name: string, port: k8s.ServiceBackendPort): k8s.IngressBackend {
  return { service: { name, port } };
}
