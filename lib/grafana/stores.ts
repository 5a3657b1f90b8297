/**
 * Prometheus-compatible stores Grafana reads besides (or, in agent mode, instead of) the stack's
 * Prometheus: Mimir, Cortex, Thanos Query, VictoriaMetrics, Amazon Managed Service for
 * Prometheus' query endpoint behind a proxy. Each becomes a datasource whose credentials come from
 * Secrets through environment variables, which Grafana expands in provisioning files ("Use
 * environment variables", https://grafana.com/docs/grafana/latest/administration/provisioning/):
 * the datasource file holds only `$STORE_<NAME>_<KEY>` references.
 */
import type { k8s } from 'cdk8s-plus-27';
import type { Datasource } from './provisioning';

/** What Grafana's Prometheus datasource calls the store's flavour (`jsonData.prometheusType`). */
export type StoreFlavour = 'Prometheus' | 'Mimir' | 'Cortex' | 'Thanos';

/** A store Grafana queries. */
export interface GrafanaStore {
  /** Names the datasource (`<name> (store)`) and its uid (`store-<name>`); a DNS label. */
  readonly name: string;
  /** Prometheus-compatible query URL (`http://mimir-query-frontend.mimir:8080/prometheus`). */
  readonly url: string;
  /** @default 'Prometheus' */
  readonly flavour?: StoreFlavour;
  /** A Secret with keys `username` and `password` for HTTP basic authentication. @default - none */
  readonly basicAuthSecret?: string;
  /** A Secret with key `token`, sent as `Authorization: Bearer`. @default - none */
  readonly bearerTokenSecret?: string;
  /** A Secret with key `ca.crt`, the CA of the store's certificate. @default - the image's system CAs */
  readonly caSecret?: string;
  /** HTTP headers of every query (`X-Scope-OrgID` of a Mimir tenant). @default - none */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Why a store cannot be provisioned as given, or undefined. */
export function storeProblem(store: GrafanaStore): string | undefined {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(store.name) || store.name.length > 40) {
    return `store name '${store.name}' is not a DNS label of at most 40 characters (it names a datasource uid and environment variables)`;
  }
  if (store.basicAuthSecret && store.bearerTokenSecret) return `store '${store.name}': basicAuthSecret and bearerTokenSecret together; give one`;
  for (const header of Object.keys(store.headers ?? {})) {
    if (header.toLowerCase() === 'authorization') return `store '${store.name}': an Authorization header would be written into the provisioning ConfigMap; give bearerTokenSecret or basicAuthSecret`;
  }
  try {
    const url = new URL(store.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return `store '${store.name}': url '${store.url}' is not http:// or https://`;
    if (url.username || url.password) return `store '${store.name}': url carries credentials; put them in a Secret (basicAuthSecret)`;
  } catch {
    return `store '${store.name}': url '${store.url}' is not an absolute URL`;
  }
  return undefined;
}

/** Uid of a store's datasource. */
export function storeDatasourceUid(name: string): string {
  return `store-${name}`;
}

/** `STORE_<NAME>_<KEY>`: the environment variable of one Secret key. */
function envName(store: string, key: string): string {
  return `STORE_${store}_${key}`.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/**
 * The datasource of a store and the environment variables its references read. With `uid`, the
 * datasource replaces the stack's Prometheus (agent mode: dashboards read the store).
 */
export function storeDatasource(store: GrafanaStore, scrapeInterval: string, as?: { readonly uid: string; readonly name: string }):
{ datasource: Datasource; env: k8s.EnvVar[] } {
  const env: k8s.EnvVar[] = [];
  const fromSecret = (secret: string, key: string): string => {
    const name = envName(store.name, key.replace('.', '_'));
    env.push({ name, valueFrom: { secretKeyRef: { name: secret, key } } });
    return `$${name}`;
  };
  const jsonData: Record<string, string | number | boolean> = {
    httpMethod: 'POST', timeInterval: scrapeInterval, prometheusType: store.flavour ?? 'Prometheus',
  };
  const secureJsonData: Record<string, string> = {};
  // Grafana's Prometheus datasource takes custom headers as numbered name/value pairs.
  const headers: Array<[string, string]> = Object.entries(store.headers ?? {});
  if (store.bearerTokenSecret) headers.unshift(['Authorization', `Bearer ${fromSecret(store.bearerTokenSecret, 'token')}`]);
  headers.forEach(([name, value], i) => {
    jsonData[`httpHeaderName${i + 1}`] = name;
    // A literal `$` of a header would be read as a variable: Grafana writes it `$$`.
    secureJsonData[`httpHeaderValue${i + 1}`] = name === 'Authorization' ? value : value.replace(/\$/g, '$$$$');
  });
  let basicAuthUser: string | undefined;
  if (store.basicAuthSecret) {
    basicAuthUser = fromSecret(store.basicAuthSecret, 'username');
    secureJsonData.basicAuthPassword = fromSecret(store.basicAuthSecret, 'password');
  }
  if (store.caSecret) {
    jsonData.tlsAuthWithCACert = true;
    secureJsonData.tlsCACert = fromSecret(store.caSecret, 'ca.crt');
  }
  return {
    datasource: {
      name: as?.name ?? `${store.name} (store)`,
      uid: as?.uid ?? storeDatasourceUid(store.name),
      type: 'prometheus',
      access: 'proxy',
      url: store.url,
      isDefault: as !== undefined,
      editable: false,
      ...(basicAuthUser ? { basicAuth: true, basicAuthUser } : {}),
      jsonData,
      ...(Object.keys(secureJsonData).length > 0 ? { secureJsonData } : {}),
    },
    env,
  };
}
