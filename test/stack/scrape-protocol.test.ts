/**
 * Issue 14, finding 4: Prometheus 3 fails a scrape whose response has no valid Content-Type
 * (Prometheus 2 parsed it as text), unless the job sets `fallback_scrape_protocol`. The jobs whose
 * targets the stack did not write (annotated pods, the applications of the values file) set it;
 * the stack's own exporters send their Content-Type. Debian's Prometheus 2.42 rejects the field,
 * so the real-tool tests read a copy without it (test/support/extract.ts lists the exemption); the
 * field name and its values are those of the pinned v3.7.3 (config/config.go), checked here.
 */
import * as yaml from 'js-yaml';
import type { PrometheusConfig, ScrapeProtocol } from '../../lib/monitoring/prometheus-config';
import { THIRD_PARTY_FALLBACK_PROTOCOL } from '../../lib/monitoring/scrape';
import { IMAGES } from '../../lib/versions';
import { FIELDS_UNKNOWN_TO_DEBIAN_PROMETHEUS, variants } from '../support/extract';
import { configFiles } from '../support/synth';

/** `ScrapeProtocolsHeaders` of Prometheus v3.7.3, config/config.go: the values `Validate()` accepts. */
const V3_7_3_PROTOCOLS: ScrapeProtocol[] = ['PrometheusProto', 'PrometheusText0.0.4', 'PrometheusText1.0.0', 'OpenMetricsText0.0.1', 'OpenMetricsText1.0.0'];
const THIRD_PARTY_JOBS = ['kubernetes-pods', 'applications'];

describe('fallback scrape protocol for third-party targets', () => {
  test('the pinned Prometheus is the version whose configuration this was checked against', () => {
    expect(IMAGES.prometheus).toBe('quay.io/prometheus/prometheus:v3.7.3');
    expect(V3_7_3_PROTOCOLS).toContain(THIRD_PARTY_FALLBACK_PROTOCOL);
    expect(THIRD_PARTY_FALLBACK_PROTOCOL).toBe('PrometheusText0.0.4');
  });

  test.each(variants().map((v) => [v.name, v] as const))('%s: set on exactly the jobs of third-party targets, to text 0.0.4', (_n, v) => {
    const config = yaml.load(configFiles(v.out.manifests)['prometheus.yml']) as PrometheusConfig;
    for (const job of config.scrape_configs) {
      const expected = THIRD_PARTY_JOBS.includes(job.job_name) ? THIRD_PARTY_FALLBACK_PROTOCOL : undefined;
      expect([job.job_name, job.fallback_scrape_protocol]).toEqual([job.job_name, expected]);
    }
    expect(config.scrape_configs.some((j) => j.job_name === 'kubernetes-pods')).toBe(true);
  });

  test('the checked copy for Debian\'s Prometheus leaves out this field, by an explicit list', () => {
    expect(FIELDS_UNKNOWN_TO_DEBIAN_PROMETHEUS).toContain('fallback_scrape_protocol');
  });
});
