import { Construct } from 'constructs';
import { addHelperContainer, checkEnvName, envPrefix, mainContainer, requireWorkload } from '../_attach';
import { checkHelperOptions, helperContainerProps } from './_helper';
import { HelperContainerOptions } from './helper-container-options';
import { fail, show } from '../_errors';
import { withoutMarkers } from '../_markers';
import { kplus } from '../_plus';
import { checkPort, checkType } from '../_validate';

const ENDPOINT = /^(\[[0-9a-fA-F:.]+\]|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*):(?<port>\d{1,5})$/;

/**
 * Props of an {@link Ambassador}.
 */
export interface AmbassadorProps extends HelperContainerOptions {
  /**
   * The port the ambassador listens on, reached by the main container on localhost.
   */
  readonly port: number;

  /**
   * The remote endpoints the ambassador proxies to, as `host:port`.
   */
  readonly remoteEndpoints: string[];

  /**
   * The environment variable of the main container that holds `localhost:<port>`.
   * @default - the ambassador's name in upper case with `_ADDRESS`, e.g. `DB_PROXY_ADDRESS`
   */
  readonly addressVariable?: string;

  /**
   * The environment variable of the ambassador that holds the remote endpoints, comma-separated.
   * @default 'REMOTE_ENDPOINTS'
   */
  readonly remoteEndpointsVariable?: string;
}

/**
 * The ambassador pattern: a proxy container in the main container's pod. The
 * main container talks to `localhost:<port>` only (told where through an
 * environment variable); the ambassador holds the remote endpoints and deals
 * with discovery, retries or sharding on its behalf.
 */
export class Ambassador extends Construct {
  /** The ambassador container. */
  public readonly container: kplus.Container;
  /** The address the main container reaches the ambassador at: `localhost:<port>`. */
  public readonly address: string;

  constructor(scope: Construct, id: string, props: AmbassadorProps) {
    super(scope, id);
    checkHelperOptions(this, props);
    const workload = requireWorkload(this, 'ambassador', props.workload);
    const main = mainContainer(this, workload, props.mainContainer);
    checkPort(this, 'port', props.port);
    const endpoints = props.remoteEndpoints ?? [];
    checkType(this, 'remoteEndpoints', endpoints, 'array');
    if (endpoints.length === 0) {
      fail(this, 'remoteEndpoints', "must list at least one 'host:port' the ambassador proxies to, got none");
    }
    for (const endpoint of endpoints) {
      const port = typeof endpoint === 'string' ? ENDPOINT.exec(withoutMarkers(endpoint))?.groups?.port : undefined;
      if (port === undefined || Number(port) < 1 || Number(port) > 65535) {
        fail(this, 'remoteEndpoints', `must be 'host:port' with a DNS name or IP and a port within 1-65535, got ${show(endpoint)}`);
      }
    }
    const name = props.name ?? id;
    const addressVariable = props.addressVariable ?? `${envPrefix(name)}_ADDRESS`;
    const endpointsVariable = props.remoteEndpointsVariable ?? 'REMOTE_ENDPOINTS';
    checkEnvName(this, 'addressVariable', addressVariable);
    checkEnvName(this, 'remoteEndpointsVariable', endpointsVariable);
    if (props.envVariables?.[endpointsVariable] !== undefined) {
      fail(this, 'envVariables', `must not set the variable the ambassador sets to its remote endpoints, got '${endpointsVariable}'; rename it or set 'remoteEndpointsVariable'`);
    }
    if (main.env.variables[addressVariable] !== undefined) {
      fail(this, 'addressVariable', `must not overwrite an environment variable of container '${main.name}', got '${addressVariable}' which it already sets`);
    }
    this.address = `localhost:${props.port}`;
    this.container = addHelperContainer(this, workload, {
      name,
      ...helperContainerProps(props),
      ports: [{ number: props.port, name: 'proxy' }],
      envVariables: {
        ...props.envVariables,
        [endpointsVariable]: kplus.EnvValue.fromValue(endpoints.join(',')),
      },
    });
    main.env.addVariable(addressVariable, kplus.EnvValue.fromValue(this.address));
  }
}
