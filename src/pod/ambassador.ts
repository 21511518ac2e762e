import { Construct } from 'constructs';
import { checkEnvName, envPrefix, mainContainer, requireWorkload } from '../_attach';
import { addHelper, addHelperWritablePaths, checkHelperOptions } from './_helper';
import { HelperContainerOptions } from './helper-container-options';
import { checkPlainObject } from '../_boundary';
import { fail, show } from '../_errors';
import { withoutMarkers } from '../_markers';
import { kplus } from '../_plus';
import { checkAbsolutePath, checkInstance, checkOptionalType, checkPort, checkType } from '../_validate';
import { ConfigSource } from '../config/config-source';
import { InjectConfig } from '../config/inject-config';
import { Injection } from '../config/injection';

/** A URI scheme (RFC 3986), in the lowercase form URIs are normally written in. */
const SCHEME = /^[a-z][a-z0-9+.-]*$/;

const ENDPOINT = /^(\[[0-9a-fA-F:.]+\]|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*):(?<port>\d{1,5})$/;

/**
 * The ambassador's own configuration, for {@link AmbassadorProps.config}.
 */
export interface AmbassadorConfigOptions {
  /**
   * The ConfigMap or Secret holding the ambassador's configuration files
   * (e.g. `envoy.yaml`, or `pgbouncer.ini` and its `userlist.txt`), which
   * name the remote endpoints it proxies to.
   */
  readonly source: ConfigSource;

  /**
   * The directory where the ambassador reads them: every key of the source
   * is a file there, mounted read-only (e.g. `/etc/envoy`). Point the
   * ambassador at it with `args` where the image does not look there itself.
   */
  readonly mountPath: string;
}

/**
 * Props of an {@link Ambassador}.
 */
export interface AmbassadorProps extends HelperContainerOptions {
  /**
   * The port the ambassador listens on, reached by the main container on localhost.
   */
  readonly port: number;

  /**
   * The remote endpoints the ambassador proxies to, as `host:port`, handed
   * to it comma-separated in `remoteEndpointsVariable`. Give them, or a
   * `config` that names them, or both.
   * @default - none: the ambassador's `config` names them
   */
  readonly remoteEndpoints?: string[];

  /**
   * The ambassador's own configuration files, mounted read-only, for a proxy
   * that reads its remote endpoints (and everything else) from a file rather
   * than from `remoteEndpoints`.
   * @default - none: the ambassador is configured through `remoteEndpoints`, `args` and `envVariables`
   */
  readonly config?: AmbassadorConfigOptions;

  /**
   * The environment variable of the main container that holds the ambassador's address.
   * @default - the ambassador's name in upper case with `_ADDRESS`, e.g. `DB_PROXY_ADDRESS`
   */
  readonly addressVariable?: string;

  /**
   * The URI scheme of the address, for a main container that expects a URL:
   * `'http'` makes the address `http://localhost:<port>`.
   * @default - none: the address is `localhost:<port>`
   */
  readonly addressScheme?: string;

  /**
   * The environment variable of the ambassador that holds the remote endpoints,
   * comma-separated; only with `remoteEndpoints`.
   * @default 'REMOTE_ENDPOINTS'
   */
  readonly remoteEndpointsVariable?: string;
}

/**
 * The ambassador pattern: a proxy container in the main container's pod. The
 * main container talks to `localhost:<port>` only (told where through an
 * environment variable); the ambassador holds the remote endpoints, given
 * as `remoteEndpoints` or in its own `config`, and deals with discovery,
 * retries or sharding on its behalf.
 */
export class Ambassador extends Construct {
  /** The ambassador container. */
  public readonly container: kplus.Container;
  /** The address the main container reaches the ambassador at: `localhost:<port>`, or `<addressScheme>://localhost:<port>`. */
  public readonly address: string;

  constructor(scope: Construct, id: string, props: AmbassadorProps) {
    super(scope, id);
    checkHelperOptions(this, props);
    const workload = requireWorkload(this, 'ambassador', props.workload);
    const main = mainContainer(this, workload, props.mainContainer);
    checkPort(this, 'port', props.port);
    const endpoints = props.remoteEndpoints;
    if (endpoints === undefined && props.config === undefined) {
      fail(this, 'remoteEndpoints', "must be given, or 'config' (the ambassador's own configuration, which names them), so that the ambassador knows where to proxy, got neither");
    }
    if (endpoints !== undefined) checkEndpoints(this, endpoints);
    if (props.config !== undefined) {
      checkPlainObject(this, 'config', props.config);
      checkInstance(this, 'config.source', props.config.source, ConfigSource, 'ConfigSource.fromConfigMap() or ConfigSource.fromSecret()');
      checkAbsolutePath(this, 'config.mountPath', props.config.mountPath);
    }
    checkOptionalType(this, 'addressScheme', props.addressScheme, 'string');
    if (props.addressScheme !== undefined && !SCHEME.test(props.addressScheme)) {
      fail(this, 'addressScheme', `must be a URI scheme without '://', such as 'http' (a lowercase letter, then lowercase letters, digits, '+', '-' and '.'), got ${show(props.addressScheme)}`);
    }
    const name = props.name ?? id;
    const addressVariable = props.addressVariable ?? `${envPrefix(name)}_ADDRESS`;
    checkEnvName(this, 'addressVariable', addressVariable);
    if (endpoints === undefined && props.remoteEndpointsVariable !== undefined) {
      fail(this, 'remoteEndpointsVariable', `must come with 'remoteEndpoints', the endpoints it holds, got ${show(props.remoteEndpointsVariable)} without them`);
    }
    const endpointsVariable = props.remoteEndpointsVariable ?? 'REMOTE_ENDPOINTS';
    checkEnvName(this, 'remoteEndpointsVariable', endpointsVariable);
    if (endpoints !== undefined && props.envVariables?.[endpointsVariable] !== undefined) {
      fail(this, 'envVariables', `must not set the variable the ambassador sets to its remote endpoints, got ${show(endpointsVariable)}; rename it or set 'remoteEndpointsVariable'`);
    }
    if (main.env.variables[addressVariable] !== undefined) {
      fail(this, 'addressVariable', `must not overwrite an environment variable of container '${main.name}', got ${show(addressVariable)} which it already sets`);
    }
    const hostPort = `localhost:${props.port}`;
    this.address = props.addressScheme === undefined ? hostPort : `${props.addressScheme}://${hostPort}`;
    this.container = addHelper(this, workload, props, {
      name,
      ports: [{ number: props.port, name: 'proxy' }],
      envVariables: endpoints === undefined ? props.envVariables : {
        ...props.envVariables,
        [endpointsVariable]: kplus.EnvValue.fromValue(endpoints.join(',')),
      },
    });
    main.env.addVariable(addressVariable, kplus.EnvValue.fromValue(this.address));
    if (props.config !== undefined) {
      new InjectConfig(this, 'config', {
        workload,
        container: name,
        source: props.config.source,
        injections: [Injection.asFiles(props.config.mountPath)],
      });
    }
    addHelperWritablePaths(this, workload, props, this.container);
  }
}

/** Remote endpoints: at least one `host:port`, with a DNS name or an IP address. */
function checkEndpoints(scope: Construct, endpoints: string[]): void {
  checkType(scope, 'remoteEndpoints', endpoints, 'array');
  if (endpoints.length === 0) {
    fail(scope, 'remoteEndpoints', "must list at least one 'host:port' the ambassador proxies to, got none");
  }
  for (const endpoint of endpoints) {
    const port = typeof endpoint === 'string' ? ENDPOINT.exec(withoutMarkers(endpoint))?.groups?.port : undefined;
    if (port === undefined || Number(port) < 1 || Number(port) > 65535) {
      fail(scope, 'remoteEndpoints', `must be 'host:port' with a DNS name or IP and a port within 1-65535, got ${show(endpoint)}`);
    }
  }
}
