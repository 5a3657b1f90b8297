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
  });

  test('totals the requests and counts the objects by kind', () => {
    expect(text).toMatch(/Requests: CPU 0\.82 cores, memory 1\.6 GiB, storage 7\.0 GiB\./);
    expect(text).toMatch(/^Synthesized 41 objects/);
    expect(text).toContain('StatefulSet 2.');
  });

  test('says how to create the credentials, apply and reach Grafana', () => {
    expect(text).toContain('  npm run secrets -- --apply');
    expect(text).toContain('kubectl apply --server-side -f dist/');
    expect(text).toContain('kubectl -n monitoring port-forward svc/haproxy 8080:80   # then open http://localhost:8080');
  });

  test('names the StorageClass of each volume, or says a default one is needed and how to check it', () => {
    expect(text).toContain('Volumes: StatefulSet/prometheus data 2Gi (StorageClass default).');
    expect(text).toContain('without one (EKS clusters created at 1.30 or later, kubeadm, bare metal) they stay Pending. Check that `kubectl get storageclass` marks one "(default)"');
    const named = summary({ prometheus: { storage: { storageClass: 'gp3' } } });
    expect(named).toContain('Volumes: StatefulSet/prometheus data 2Gi (StorageClass gp3).');
    expect(named).not.toContain('kubectl get storageclass');
  });

  test('quotes Prometheus\' requests as the manifest writes them', () => {
    const out = synth({});
    const sts = out.manifests.find((m) => m.kind === 'StatefulSet' && m.metadata.name === 'prometheus') as any;
    const requests = sts.spec.template.spec.containers[0].resources.requests;
    expect(text).toContain(`requests memory ${requests.memory}, CPU ${requests.cpu}.`);
    expect(requests.memory).toBe('298Mi');
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
