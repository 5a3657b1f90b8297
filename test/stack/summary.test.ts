/** The summary `npm run synth` prints after a successful run (Helm's NOTES, for this stack). */
import { renderSummary } from '../../app/summary';
import { parseValues } from '../../lib/values/resolve';
import type { ValuesInput } from '../../lib/values/schema';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { ROOT, synth } from '../support/synth';

function yamlFile(file: string): ValuesInput {
  return yaml.load(readFileSync(join(ROOT, file), 'utf8')) as ValuesInput;
}

function summary(input: ValuesInput, file?: string): string {
  return renderSummary(parseValues(input), synth(input), 'dist', file);
}

describe('the synth summary', () => {
  const text = summary({});

  test('lists the components with their replicas and the Prometheus volume', () => {
    expect(text).toMatch(/DaemonSet\s+node-exporter\s+1 per node \(3\)/);
    expect(text).toMatch(/StatefulSet\s+prometheus\s+1/);
    expect(text).toMatch(/Deployment\s+grafana\s+2/);
    expect(text).toMatch(/Deployment\s+haproxy\s+2/);
    expect(text).toMatch(/Prometheus: retention 7d, volume 2Gi, retention size 1740MB/);
    expect(text).toMatch(/Deployment\s+kube-state-metrics\s+1/);
  });

  test('says what the capacity model assumed of the cluster', () => {
    expect(text).toContain('Assumed: 3 nodes (cluster.nodes), 90 pods (30 per node; set cluster.pods), 0 annotated targets of your own (cluster.annotatedTargets).');
    expect(summary({ cluster: { nodes: 1, pods: 12, annotatedTargets: 1 } }))
      .toContain('Assumed: 1 node (cluster.nodes), 12 pods (cluster.pods), 1 annotated target of your own (cluster.annotatedTargets).');
  });

  test('totals the requests and counts the objects by kind', () => {
    expect(text).toMatch(/Requests: CPU 0\.87 cores, memory 1\.8 GiB, storage 7\.0 GiB\./);
    expect(text).toMatch(/^Synthesized 49 objects/);
    expect(text).toContain('StatefulSet 2.');
  });

  test('says how to create the credentials, apply and reach Grafana', () => {
    expect(text).toContain('  npm run secrets -- --apply');
    expect(text).toContain('kubectl apply --server-side -f dist/');
    expect(text).toContain('kubectl -n monitoring port-forward svc/haproxy 8080:80   # then open http://localhost:8080');
  });

  test('names the StorageClass of each volume, or says a default one is needed and how to check it', () => {
    expect(text).toContain('Volumes: StatefulSet/prometheus data 2Gi (StorageClass default), StatefulSet/grafana-db data 5Gi (StorageClass default).');
    expect(text).toContain('without one (EKS clusters created at 1.30 or later, kubeadm, bare metal) they stay Pending. Check that `kubectl get storageclass` marks one "(default)"'
      + ', or name one in prometheus.storage.storageClass, grafana.database.bundled.storage.storageClass.');
    const named = summary({ prometheus: { storage: { storageClass: 'gp3' } }, grafana: { database: { bundled: { storage: { storageClass: 'gp3' } } } } });
    expect(named).toContain('Volumes: StatefulSet/prometheus data 2Gi (StorageClass gp3), StatefulSet/grafana-db data 5Gi (StorageClass gp3).');
    expect(named).not.toContain('kubectl get storageclass');
    // Only the keys of the volumes still on the default.
    expect(summary({ prometheus: { storage: { storageClass: 'gp3' } } })).toContain('or name one in grafana.database.bundled.storage.storageClass.');
  });

  test('quotes Prometheus\' requests as the manifest writes them', () => {
    const out = synth({});
    const sts = out.manifests.find((m) => m.kind === 'StatefulSet' && m.metadata.name === 'prometheus') as any;
    const requests = sts.spec.template.spec.containers[0].resources.requests;
    expect(text).toContain(`requests memory ${requests.memory}, CPU ${requests.cpu}.`);
    expect(requests.memory).toBe('356Mi');
  });

  test('follows the values: their file, TLS at HAProxy, a LoadBalancer, an Ingress', () => {
    const tls = summary({ tls: { enabled: true }, haproxy: { serviceType: 'LoadBalancer' } }, 'mine.yaml');
    expect(tls).toContain('MONITORING_CONFIG=mine.yaml npm run secrets -- --apply');
    expect(tls).toContain('port-forward svc/haproxy 8443:443   # then open https://localhost:8443');
    expect(tls).toContain('its EXTERNAL-IP serves Grafana on port 443');
    const ingress = summary({ tls: { enabled: true, mode: 'ingress', ingress: { host: 'grafana.example.org' } } });
    expect(ingress).toContain('open https://grafana.example.org/');
  });

  test('an HA pair: per-replica figures, and what reads see', () => {
    const pair = summary({ prometheus: { replicas: 2 } });
    expect(pair).toMatch(/Prometheus: 2 replicas \(HA pair: each scrapes everything on its own volume\), retention 7d, volume 2Gi each, /);
    expect(pair).toMatch(/requests memory \d+Mi each, CPU 100m each\./);
    expect(pair).toContain('Grafana reads one replica at a time; after a replica was down, its gap shows when Grafana reads it. Deduplicated reads need a store');
    // Both volumes counted in the totals.
    expect(pair).toContain('storage 9.0 GiB');
  });

  test('remote write: each store, its queue, and what the store must be set up with', () => {
    const rw = (backend: string, replicas = 2) => summary({ prometheus: { replicas, remoteWrite: [{ name: 'store', backend: backend as 'mimir', url: 'https://store.example.org/api/v1/push' }] } });
    expect(rw('mimir')).toMatch(/Remote write store: store\.example\.org \(mimir\), 1-5 shards of 2000 samples per request\./);
    expect(rw('mimir')).toContain('Mimir\'s HA tracker on (accept_ha_samples)');
    expect(rw('mimir')).toMatch(/requests memory \d+Mi each \(remote write \d+(\.\d)? MiB\)/);
    expect(rw('victoriametrics', 1)).toContain('-dedup.minScrapeInterval=30s');
    expect(rw('thanos')).toContain('--query.replica-label=replica');
    expect(rw('generic')).toContain('Warning: a generic store receives each series twice');
    expect(rw('generic', 1)).not.toContain('Warning');
  });

  test('agent mode: the WAL volume, no local queries, Grafana reading the store', () => {
    const agent = summary(yamlFile('examples/agent.yaml'), 'examples/agent.yaml');
    expect(agent).toMatch(/Prometheus: agent mode, volume 2Gi for the WAL \(from the capacity model\); no local queries, rules or alerts\./);
    expect(agent).toMatch(/WAL up to ~\d+ MiB \(6 h of samples while a store is unreachable\)/);
    expect(agent).toContain('Grafana\'s default datasource (dashboards read it)');
  });

  test('says what gives up high availability: one Grafana, one HAProxy, one Alertmanager; and the single pods of the defaults', () => {
    expect(text).not.toContain('Warning: not highly available');
    expect(text).toContain('Single pods: Prometheus (prometheus.replicas: 2 makes a pair); Grafana\'s database grafana-db (grafana.database.type: external for a replicated one).');
    const one = summary({ grafana: { replicas: 1 }, haproxy: { replicas: 1 }, alertmanager: { enabled: true, replicas: 1, webhook: true } });
    expect(one).toContain('Warning: not highly available: grafana.replicas: 1 (while it restarts or its node is down, no dashboards); haproxy.replicas: 1');
    expect(one).toContain('alertmanager.replicas: 1 (while it restarts or its node is down, no notification).');
    // SQLite with one replica: no database pod to mention.
    expect(one).toContain('Single pods: Prometheus (prometheus.replicas: 2 makes a pair).');
    const ha = summary({ prometheus: { replicas: 2 }, grafana: { database: { external: { host: 'db.example.org', user: 'grafana', passwordSecret: 'db' } } } });
    expect(ha).not.toMatch(/Single pods|not highly available/);
  });
});

describe('the summary of resources given in the values file', () => {
  const prometheusRequests = (input: ValuesInput) => {
    const pod = synth(input).manifests.find((m) => m.kind === 'StatefulSet' && m.metadata.name === 'prometheus') as any;
    return pod.spec.template.spec.containers[0].resources;
  };

  test("Prometheus' memory below the capacity model's estimate is a warning that says how far below, request and limit", () => {
    // The model's own figures for the defaults are what the manifest requests without the key.
    expect(prometheusRequests({})).toEqual({ requests: { cpu: '100m', memory: '356Mi' }, limits: { memory: '711Mi' } });
    const input: ValuesInput = { prometheus: { resources: { cpu: '200m', memory: '200Mi', memoryLimit: '400Mi' } } };
    const text = summary(input);
    expect(text).toContain("  Warning: prometheus.resources.memory 200Mi is 44% below the capacity model's 356Mi: the node may run short of memory");
    expect(text).toContain("  Warning: prometheus.resources.memoryLimit 400Mi is 44% below the capacity model's 711Mi limit: Prometheus would be OOM-killed");
    expect(prometheusRequests(input)).toEqual({ requests: { cpu: '200m', memory: '200Mi' }, limits: { memory: '400Mi' } });
  });

  test('a mirror and pull Secrets are said, with the namespaces the Secrets are needed in', () => {
    expect(summary({})).not.toContain('Images:');
    expect(summary({ imageRegistry: 'harbor.example.org/proxy', imagePullSecrets: ['registry-credentials'] })).toContain(
      'Images: every image from harbor.example.org/proxy (repository, tag and digest kept), pulled with Secret registry-credentials, '
      + 'needed in monitoring and monitoring-node-exporter (npm run secrets prints the command).',
    );
  });

  test('no warning at or above the model, nor without the key; a limit left out is twice the request, above the model', () => {
    expect(summary({})).not.toContain('prometheus.resources');
    expect(summary({ prometheus: { resources: { cpu: '100m', memory: '356Mi', memoryLimit: '711Mi' } } })).not.toContain('Warning: prometheus.resources');
    const text = summary({ prometheus: { resources: { cpu: '100m', memory: '400Mi' } } });
    expect(text).not.toContain('Warning: prometheus.resources');
  });
});
