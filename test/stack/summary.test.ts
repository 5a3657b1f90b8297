/** The summary `npm run synth` prints after a successful run (Helm's NOTES, for this stack). */
import { renderSummary } from '../../app/summary';
import { parseValues } from '../../lib/values/resolve';
import type { ValuesInput } from '../../lib/values/schema';
import { synth } from '../support/synth';

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
    expect(text).toMatch(/Requests: CPU 0\.60 cores, memory 1\.3 GiB, storage 2\.0 GiB\./);
    expect(text).toMatch(/^Synthesized 41 objects/);
    expect(text).toContain('StatefulSet 1.');
  });

  test('says how to create the credentials, apply and reach Grafana', () => {
    expect(text).toContain('  npm run secrets -- --apply');
    expect(text).toContain('kubectl apply -f dist/');
    expect(text).toContain('kubectl -n monitoring port-forward svc/haproxy 8080:80   # then open http://localhost:8080');
  });

  test('follows the values: their file, TLS at HAProxy, a LoadBalancer, an Ingress', () => {
    const tls = summary({ tls: { enabled: true }, haproxy: { serviceType: 'LoadBalancer' } }, 'mine.yaml');
    expect(tls).toContain('MONITORING_CONFIG=mine.yaml npm run secrets -- --apply');
    expect(tls).toContain('port-forward svc/haproxy 8443:443   # then open https://localhost:8443');
    expect(tls).toContain('its EXTERNAL-IP serves Grafana on port 443');
    const ingress = summary({ tls: { enabled: true, mode: 'ingress', ingress: { host: 'grafana.example.org' } } });
    expect(ingress).toContain('open https://grafana.example.org/');
  });
});
