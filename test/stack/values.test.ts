/**
 * The values file (issue: values file with a schema): every kind of bad input is rejected by the
 * real CLI with a message naming the key, the value and what is allowed, a non-zero exit status,
 * no stack trace, and an output folder left byte for byte as it was.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { valuesJsonSchema } from '../../lib/values/json-schema';
import { defaultValues, ValuesError } from '../../lib/values/resolve';
import { parseValuesYaml } from '../../app/values-file';
import { ROOT } from '../support/synth';

interface BadCase {
  /** What is wrong. */
  readonly name: string;
  /** Content of the values file. */
  readonly yaml: string;
  /** Fragments that must all appear in the error output (key path, value, what is allowed). */
  readonly expect: string[];
  /** Fragments that must not appear (a credential typed into the file is never printed back). */
  readonly never?: string[];
  /** Files beside the values file (rule files, dashboards), by path relative to it. */
  readonly files?: Record<string, string>;
}

/** A dashboard as Grafana exports it, with one panel of one query; `over` replaces fields. */
function dashboard(over: Record<string, unknown> = {}, expr = 'sum(rate(http_requests_total{job="shop"}[$__rate_interval]))'): string {
  return JSON.stringify({
    __inputs: [{ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' }],
    uid: 'shop-overview', title: 'Shop overview', id: 7, schemaVersion: 41,
    panels: [{ id: 1, type: 'timeseries', title: 'Requests', datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' }, targets: [{ refId: 'A', expr }] }],
    ...over,
  }, null, 2);
}

const RULES = (rule: string, extra = '') => `groups:\n  - name: shop\n    rules:\n${rule}${extra}`;
const ALERT = '      - alert: ShopDown\n        expr: up{job="shop"} == 0\n';

/** Bad rule files and dashboards (issue 15, point 2): each file read when the values are, named with its problem. */
const USER_FILE_CASES: BadCase[] = [
  { name: 'rule file that does not exist', yaml: 'prometheus:\n  ruleFiles: [team/missing.rules.yaml]\n', expect: ['prometheus.ruleFiles[0] (line 2)', 'got "team/missing.rules.yaml"', 'a readable Prometheus rule file, relative to the values file', 'ENOENT'] },
  { name: 'rule file that is not YAML', yaml: 'prometheus:\n  ruleFiles: [bad.rules.yaml]\n', files: { 'bad.rules.yaml': 'groups:\n  - name: [shop\n' }, expect: ['prometheus.ruleFiles[0] (line 2)', 'bad.rules.yaml: not YAML (line 3, column 1)'] },
  { name: 'rule with an unknown field', yaml: 'prometheus:\n  ruleFiles: [shop.rules.yaml]\n', files: { 'shop.rules.yaml': RULES(ALERT, '        fo: 5m\n') }, expect: ['prometheus.ruleFiles[0]', 'shop.rules.yaml: line 6: group "shop", rule 1 (alert ShopDown): unknown field fo (did you mean for?)', 'alert, record, expr, for, keep_firing_for, labels, annotations'] },
  { name: 'group with an unknown field', yaml: 'prometheus:\n  ruleFiles: [shop.rules.yaml]\n', files: { 'shop.rules.yaml': `groups:\n  - name: shop\n    evaluation_interval: 1m\n    rules:\n${ALERT}` }, expect: ['shop.rules.yaml: line 3: group "shop": unknown field evaluation_interval', 'name, interval, query_offset, limit, labels, rules'] },
  { name: 'PromQL syntax error in a rule, with its position', yaml: 'prometheus:\n  ruleFiles: [shop.rules.yaml]\n', files: { 'shop.rules.yaml': RULES('      - record: job:http_requests:rate5m\n        expr: sum by (job) (rate(http_requests_total[5m])\n') }, expect: ['prometheus.ruleFiles[0] (line 2)', 'shop.rules.yaml: line 5: group "shop", rule 1 (record job:http_requests:rate5m): invalid PromQL at 1:44 of expr (line 5 of the file)', 'sum by (job) (rate(http_requests_total[5m])\n'] },
  { name: 'PromQL syntax error on the third line of a literal block', yaml: 'prometheus:\n  ruleFiles: [shop.rules.yaml]\n', files: { 'shop.rules.yaml': RULES('      - alert: ShopErrors\n        expr: |\n          sum(rate(errors_total[5m]))\n            /\n          sum(rate(requests_total[5m]) > 0.05\n') }, expect: ['group "shop", rule 1 (alert ShopErrors): invalid PromQL at 3:36 of expr (line 8 of the file)'] },
  { name: 'two groups of one name in a rule file', yaml: 'prometheus:\n  ruleFiles: [shop.rules.yaml]\n', files: { 'shop.rules.yaml': RULES(ALERT, '  - name: shop\n    rules: []\n') }, expect: ['shop.rules.yaml: line 6: group "shop": the name of groups[0] too; group names are unique in a file'] },
  { name: 'rule with a for that is not a duration', yaml: 'prometheus:\n  ruleFiles: [shop.rules.yaml]\n', files: { 'shop.rules.yaml': RULES(ALERT, '        for: 5 minutes\n') }, expect: ['line 6: group "shop", rule 1 (alert ShopDown): for: a duration such as 5m (got "5 minutes")'] },
  { name: 'recording rule with for', yaml: 'prometheus:\n  ruleFiles: [shop.rules.yaml]\n', files: { 'shop.rules.yaml': RULES('      - record: job:up:sum\n        expr: sum by (job) (up)\n        for: 5m\n') }, expect: ['rule 1 (record job:up:sum): for: not in a recording rule'] },
  { name: 'rule with both record and alert', yaml: 'prometheus:\n  ruleFiles: [shop.rules.yaml]\n', files: { 'shop.rules.yaml': RULES(ALERT, '        record: job:up:sum\n') }, expect: ['rule 1 (alert ShopDown): only one of record and alert'] },
  { name: 'alert template without its closing braces', yaml: 'prometheus:\n  ruleFiles: [shop.rules.yaml]\n', files: { 'shop.rules.yaml': RULES(ALERT, '        annotations:\n          summary: "{{ $labels.instance is down"\n') }, expect: ['rule 1 (alert ShopDown): annotation summary: a template that parses (a {{ without its }})'] },
  { name: 'an empty rule file', yaml: 'prometheus:\n  ruleFiles: [empty.rules.yaml]\n', files: { 'empty.rules.yaml': '# nothing yet\n' }, expect: ['empty.rules.yaml: a mapping with groups: [{name, rules: [...]}] (got an empty file)'] },
  { name: 'rule files in agent mode', yaml: 'prometheus:\n  mode: agent\n  remoteWrite:\n    - name: central\n      url: https://mimir.example.org/api/v1/push\n      queryUrl: https://mimir.example.org/prometheus\n  ruleFiles: [shop.rules.yaml]\n', files: { 'shop.rules.yaml': RULES(ALERT) }, expect: ['prometheus.ruleFiles (line 7)', 'no rule files in agent mode', 'ruler of the store'] },
  { name: 'two rule files of one name', yaml: 'prometheus:\n  ruleFiles: [a/alerts.yaml, b/alerts.yaml]\n', files: { 'a/alerts.yaml': RULES(ALERT), 'b/alerts.yaml': RULES(ALERT) }, expect: ['prometheus.ruleFiles[1]', 'b/alerts.yaml becomes user.alerts.rules.yaml, as a/alerts.yaml does; rename one'] },
  { name: 'rule file pattern that matches nothing', yaml: 'prometheus:\n  ruleFiles: ["rules/*.rules.yaml"]\n', files: { 'rules/readme.txt': 'none here\n' }, expect: ['prometheus.ruleFiles[0]', 'a pattern that matches at least one file', 'matches *.rules.yaml'] },
  { name: 'rule file pattern in a folder name', yaml: 'prometheus:\n  ruleFiles: ["team-*/shop.rules.yaml"]\n', expect: ['prometheus.ruleFiles[0]', 'a * or ? only in the file name'] },
  {
    name: 'rule file too large for a ConfigMap', yaml: 'prometheus:\n  ruleFiles: [huge.rules.yaml]\n',
    files: { 'huge.rules.yaml': RULES(Array.from({ length: 1500 }, (_, i) => `      - record: job:requests_${i}:rate5m\n        expr: sum by (job, instance, method, code) (rate(http_requests_total{job="shop", handler="/api/v1/handler_${i}"}[5m]))\n`).join('')) },
    expect: ['prometheus.ruleFiles[0]', 'a rule file that fits a ConfigMap; huge.rules.yaml:', 'bytes once written to its ConfigMap (JSON-escaped), more than one ConfigMap holds (196608): split it into several files'],
  },
  { name: 'dashboard that is not JSON', yaml: 'grafana:\n  dashboardFiles:\n    - folder: Team shop\n      files: [shop.json]\n', files: { 'shop.json': '{\n  "title": "Shop",\n  "panels": [,]\n}\n' }, expect: ['grafana.dashboardFiles[0].files[0] (line 4)', 'shop.json: not JSON (near line 3', 'a dashboard exported from Grafana'] },
  { name: 'dashboard of a uid the stack uses', yaml: 'grafana:\n  dashboardFiles:\n    - folder: Team shop\n      files: [nodes.json]\n', files: { 'nodes.json': dashboard({ uid: 'nodes-overview' }) }, expect: ['grafana.dashboardFiles[0].files[0] (line 4)', 'nodes.json: uid nodes-overview is the stack\'s', 'give the dashboard another uid'] },
  { name: 'dashboard of the uid of its folder', yaml: 'grafana:\n  dashboardFiles:\n    - folder: Team shop\n      files: [team-shop.json]\n', files: { 'team-shop.json': dashboard({ uid: undefined }) }, expect: ['uid team-shop is that of the folder "Team shop"'] },
  { name: 'PromQL syntax error in a dashboard panel', yaml: 'grafana:\n  dashboardFiles:\n    - folder: Team shop\n      files: [shop.json]\n', files: { 'shop.json': dashboard({}, 'sum(rate(http_requests_total{job="shop"}[$__rate_interval])) by') }, expect: ['shop.json: panel "Requests" (id 1), query A: invalid PromQL at 1:50 (line 25 of the file), variables expanded', 'sum(rate(http_requests_total{job="shop"}[5m])) by'] },
  { name: 'dashboard reading a datasource this Grafana does not have', yaml: 'grafana:\n  dashboardFiles:\n    - folder: Team shop\n      files: [shop.json]\n', files: { 'shop.json': dashboard({ __inputs: [], panels: [{ id: 1, title: 'Requests', datasource: { type: 'prometheus', uid: 'P1809F7CD0C75ACF3' }, targets: [{ refId: 'A', expr: 'up' }] }] }) }, expect: ['panel "Requests" (id 1): Prometheus datasource uid "P1809F7CD0C75ACF3", which this Grafana does not have', 'Export for sharing externally', 'set the uid to prometheus'] },
  { name: 'dashboard asking for a Loki datasource', yaml: 'grafana:\n  dashboardFiles:\n    - folder: Team shop\n      files: [shop.json]\n', files: { 'shop.json': dashboard({ __inputs: [{ name: 'DS_LOKI', type: 'datasource', pluginId: 'loki' }] }) }, expect: ['__inputs: input DS_LOKI asks for a loki datasource; the stack provisions Prometheus datasources only'] },
  { name: 'dashboard with a library panel', yaml: 'grafana:\n  dashboardFiles:\n    - folder: Team shop\n      files: [shop.json]\n', files: { 'shop.json': dashboard({ panels: [{ id: 4, title: 'Shared', libraryPanel: { uid: 'abc', name: 'Shared latency' } }] }) }, expect: ['panel "Shared" (id 4): a library panel (Shared latency), which file provisioning does not create'] },
  { name: 'two dashboards of one title in a folder', yaml: 'grafana:\n  dashboardFiles:\n    - folder: Team shop\n      files: [a.json, b.json]\n', files: { 'a.json': dashboard({ uid: 'shop-a' }), 'b.json': dashboard({ uid: 'shop-b' }) }, expect: ['grafana.dashboardFiles[0].files[1]', 'b.json: title "Shop overview" is also that of a.json in folder "Team shop"'] },
  { name: 'dashboards in the stack\'s folder', yaml: 'grafana:\n  dashboardFiles:\n    - folder: Kubernetes\n      files: [shop.json]\n', files: { 'shop.json': dashboard() }, expect: ['grafana.dashboardFiles[0].folder (line 3)', 'got "Kubernetes"', 'a folder of your own: Monitoring stack and Kubernetes are the stack\'s'] },
  { name: 'dashboard without a title', yaml: 'grafana:\n  dashboardFiles:\n    - folder: Team shop\n      files: [shop.json]\n', files: { 'shop.json': dashboard({ title: '' }) }, expect: ['shop.json: title: a title'] },
  {
    name: 'dashboard too large for a ConfigMap', yaml: 'grafana:\n  dashboardFiles:\n    - folder: Team shop\n      files: [huge.json]\n',
    files: { 'huge.json': dashboard({ panels: Array.from({ length: 900 }, (_, i) => ({ id: i, type: 'stat', title: `Handler ${i}`, description: 'x'.repeat(120), targets: [{ refId: 'A', expr: `sum(rate(http_requests_total{job="shop", handler="/api/${i}"}[5m]))` }] })) }) },
    expect: ['grafana.dashboardFiles[0].files[0]', 'huge.json:', 'bytes once written to a ConfigMap (JSON-escaped), more than one holds (196608): split it into smaller dashboards'],
  },
];

const CASES: BadCase[] = [
  // Point 3: key paths, values, unknown keys, malformed YAML, several problems at once.
  { name: 'unknown top-level key', yaml: 'grafna:\n  replicas: 2\n', expect: ['grafna', 'did you mean "grafana"', 'Keys allowed in the top level'] },
  { name: 'unknown nested key', yaml: 'grafana:\n  replica: 3\n', expect: ['grafana.replica (line 2)', 'did you mean "replicas"', 'image, replicas'] },
  { name: 'unknown key far from any other', yaml: 'prometheus:\n  zzzzzzzz: 1\n', expect: ['prometheus.zzzzzzzz', 'unknown key.', 'Keys allowed in prometheus'] },
  { name: 'malformed YAML', yaml: 'grafana:\n  replicas: [2,\nhaproxy: {}\n', expect: ['line 3', 'well-formed YAML'] },
  { name: 'duplicate key', yaml: 'grafana:\n  replicas: 2\n  replicas: 3\n', expect: ['line 3', 'duplicate'] },
  { name: 'not a mapping', yaml: '- grafana\n- prometheus\n', expect: ['(file)', 'a mapping of keys'] },
  { name: 'section is not a mapping', yaml: 'grafana: 3\n', expect: ['grafana', 'got 3', 'a mapping of keys'] },
  { name: 'wrong type', yaml: 'grafana:\n  replicas: two\n', expect: ['grafana.replicas', 'got "two"', 'a whole number of replicas, at least 1'] },
  { name: 'boolean as string', yaml: 'postgres:\n  enabled: "yes"\n', expect: ['postgres.enabled', 'got "yes"', 'true or false'] },
  // Point 4: replicas, ports, names, durations, sizes, images, cron, cross-field rules.
  { name: 'zero replicas', yaml: 'grafana:\n  replicas: 0\n', expect: ['grafana.replicas (line 2)', 'got 0', 'at least 1'] },
  { name: 'negative replicas', yaml: 'haproxy:\n  replicas: -1\n', expect: ['haproxy.replicas', 'got -1', 'at least 1'] },
  { name: 'fractional replicas', yaml: 'haproxy:\n  replicas: 1.5\n', expect: ['haproxy.replicas', 'got 1.5', 'a whole number'] },
  { name: 'more Grafana replicas than HAProxy slots', yaml: 'grafana:\n  replicas: 12\n', expect: ['grafana.replicas', 'got 12', 'haproxy.maxGrafanaReplicas (10)'] },
  { name: 'port zero', yaml: 'haproxy:\n  port: 0\n', expect: ['haproxy.port', 'got 0', 'from 1 to 65535'] },
  { name: 'port too high', yaml: 'haproxy:\n  port: 70000\n', expect: ['haproxy.port', 'got 70000', 'from 1 to 65535'] },
  { name: 'HTTP port taken by HTTPS', yaml: 'tls:\n  enabled: true\nhaproxy:\n  port: 443\n', expect: ['haproxy.port', 'got 443', 'other than 443'] },
  { name: 'service type case', yaml: 'haproxy:\n  serviceType: Loadbalancer\n', expect: ['haproxy.serviceType', 'got "Loadbalancer"', 'one of ClusterIP, NodePort, LoadBalancer'] },
  { name: 'namespace not a DNS label', yaml: 'namespace: Monitoring_Stack\n', expect: ['namespace', 'got "Monitoring_Stack"', 'DNS-1123 label'] },
  { name: 'namespace too long', yaml: `namespace: ${'a'.repeat(64)}\n`, expect: ['namespace', 'at most 63 characters'] },
  { name: 'namespace too long for the node-exporter namespace', yaml: `namespace: ${'a'.repeat(55)}\n`, expect: ['namespace', 'at most 49 characters'] },
  { name: 'reserved namespace', yaml: 'namespace: kube-system\n', expect: ['namespace', 'got "kube-system"', 'a namespace of its own'] },
  { name: 'node-exporter in the restricted namespace', yaml: 'nodeExporter:\n  namespace: monitoring\n', expect: ['nodeExporter.namespace', 'other than namespace'] },
  { name: 'retention not a duration', yaml: 'prometheus:\n  retention: 7days\n', expect: ['prometheus.retention', 'got "7days"', 'a Prometheus duration such as 30s, 5m, 7d'] },
  { name: 'retention shorter than a block', yaml: 'prometheus:\n  retention: 1h\n', expect: ['prometheus.retention', 'got "1h"', 'at least 2h'] },
  { name: 'scrape interval too long', yaml: 'prometheus:\n  scrapeInterval: 5m\n', expect: ['prometheus.scrapeInterval', 'got "5m"', 'at most 2m'] },
  { name: 'zero scrape interval', yaml: 'prometheus:\n  scrapeInterval: 0s\n', expect: ['prometheus.scrapeInterval', 'greater than zero'] },
  { name: 'size with a non-Kubernetes unit', yaml: 'prometheus:\n  storage:\n    size: 10GB\n', expect: ['prometheus.storage.size', 'got "10GB"', 'Kubernetes size quantity'] },
  { name: 'volume too small', yaml: 'prometheus:\n  storage:\n    size: 500Mi\n', expect: ['prometheus.storage.size', 'got "500Mi"', 'at least 1Gi'] },
  { name: 'retention size above the volume', yaml: 'prometheus:\n  storage:\n    size: 10Gi\n  retentionSize: 20Gi\n', expect: ['prometheus.retentionSize', 'got "20Gi"', 'at most 85% of prometheus.storage.size (10Gi)', '8704Mi'] },
  { name: 'retention size too small', yaml: 'prometheus:\n  retentionSize: 100Mi\n', expect: ['prometheus.retentionSize', 'got "100Mi"', 'at least 256Mi'] },
  { name: 'image with latest', yaml: 'grafana:\n  image: grafana/grafana:latest\n', expect: ['grafana.image', 'got "grafana/grafana:latest"', 'pinned to a version tag or a sha256 digest'] },
  { name: 'untagged image', yaml: 'prometheus:\n  image: prom/prometheus\n', expect: ['prometheus.image', 'got "prom/prometheus"', 'pinned'] },
  { name: 'malformed image', yaml: 'haproxy:\n  image: "HAProxy:2.8"\n', expect: ['haproxy.image', 'got "HAProxy:2.8"', 'lowercase repository'] },
  { name: 'cron in words', yaml: 'k6:\n  schedule: every 15 minutes\n', expect: ['k6.schedule', 'got "every 15 minutes"', 'five cron fields'] },
  { name: 'cron with four fields', yaml: 'k6:\n  schedule: "*/15 * * *"\n', expect: ['k6.schedule', 'got 4'] },
  { name: 'cron out of range', yaml: 'k6:\n  schedule: "61 * * * *"\n', expect: ['k6.schedule', 'got "61 * * * *"', 'valid cron schedule'] },
  { name: 'cron with a time zone', yaml: 'k6:\n  schedule: "TZ=UTC */15 * * * *"\n', expect: ['k6.schedule', 'without TZ='] },
  { name: 'cron with L', yaml: 'k6:\n  schedule: "0 0 L * *"\n', expect: ['k6.schedule', "field 'L'"] },
  { name: 'k6 without the API and Pushgateway', yaml: 'k6:\n  enabled: true\n', expect: ['k6.enabled', 'set api.enabled: true', 'set pushgateway.enabled: true'] },
  { name: 'Alertmanager without receivers', yaml: 'alertmanager:\n  enabled: true\n', expect: ['alertmanager.enabled', 'at least one receiver'] },
  { name: 'bad email address', yaml: 'alertmanager:\n  enabled: true\n  email:\n    to: [oncall]\n    from: am@example.org\n    smarthost: smtp.example.org:587\n', expect: ['alertmanager.email.to[0]', 'got "oncall"', 'an email address'] },
  { name: 'SMTP host without port', yaml: 'alertmanager:\n  enabled: true\n  email:\n    to: [a@example.org]\n    from: am@example.org\n    smarthost: smtp.example.org\n', expect: ['alertmanager.email.smarthost', 'host:port'] },
  { name: 'Ingress without host', yaml: 'tls:\n  enabled: true\n  mode: ingress\n', expect: ['tls.ingress.host', 'a host name'] },
  { name: 'unknown TLS mode', yaml: 'tls:\n  mode: nginx\n', expect: ['tls.mode', 'got "nginx"', 'haproxy or ingress'] },
  { name: 'zero nodes', yaml: 'cluster:\n  nodes: 0\n', expect: ['cluster.nodes', 'got 0', 'at least 1'] },
  { name: 'probe URL not http', yaml: 'blackbox:\n  targets: ["ftp://example.org"]\n', expect: ['blackbox.targets[0]', 'got "ftp://example.org"', 'http:// or https://'] },
  { name: 'application without port', yaml: 'applications:\n  - name: shop\n    targets: [shop.svc]\n', expect: ['applications[0].targets[0]', 'got "shop.svc"', 'host:port'] },
  { name: 'application port out of range', yaml: 'applications:\n  - name: shop\n    targets: ["shop:99999"]\n', expect: ['applications[0].targets[0]', 'from 1 to 65535'] },
  { name: 'probe URL with a port out of range', yaml: 'blackbox:\n  enabled: true\n  targets: ["http://shop:70000/healthz"]\n', expect: ['blackbox.targets[0]', 'got "http://shop:70000/healthz"', 'a port from 1 to 65535'] },
  { name: 'probe URL that does not parse', yaml: 'blackbox:\n  enabled: true\n  targets: ["http://[zz/"]\n', expect: ['blackbox.targets[0]', 'got "http://[zz/"', 'a valid host'] },
  { name: 'application probe URL that does not parse', yaml: 'applications:\n  - name: shop\n    targets: ["shop:80"]\n    probeUrl: "http://[zz/"\n', expect: ['applications[0].probeUrl', 'a valid host'] },
  { name: 'Grafana URL with a port out of range', yaml: 'grafana:\n  rootUrl: https://grafana.example.org:99999/\ntls:\n  enabled: true\nblackbox:\n  enabled: true\n', expect: ['grafana.rootUrl', 'got "https://grafana.example.org:99999/"', 'a port from 1 to 65535'] },
  { name: 'Grafana URL under a sub-path', yaml: 'grafana:\n  rootUrl: https://example.org/grafana/\n', expect: ['grafana.rootUrl', 'got "https://example.org/grafana/"', 'no path'] },
  { name: 'IngressClass name with capitals', yaml: 'tls:\n  enabled: true\n  mode: ingress\n  ingress:\n    host: grafana.example.org\n    className: Nginx_Class\n', expect: ['tls.ingress.className (line 6)', 'got "Nginx_Class"', 'DNS-1123 subdomain'] },
  { name: 'SMTP port out of range', yaml: 'alertmanager:\n  enabled: true\n  email:\n    to: [a@example.org]\n    from: am@example.org\n    smarthost: smtp.example.org:99999\n', expect: ['alertmanager.email.smarthost', 'got "smtp.example.org:99999"', 'a port from 1 to 65535'] },
  { name: 'cron that runs once in four years', yaml: 'k6:\n  schedule: "0 0 29 2 *"\n', expect: ['k6.schedule', 'runs regularly', 'less than twice in four years'] },
  { name: '@every below a second', yaml: 'k6:\n  schedule: "@every 500ms"\n', expect: ['k6.schedule', 'at least 1s'] },
  { name: 'Grafana egress port zero', yaml: 'grafana:\n  egressPorts: [443, 0]\n', expect: ['grafana.egressPorts[1]', 'got 0', 'from 1 to 65535'] },
  { name: 'k6 script that does not exist', yaml: 'k6:\n  script: k6/missing-flow.ts\n', expect: ['k6.script (line 2)', 'got "k6/missing-flow.ts"', 'a readable k6 script file, relative to the values file', 'ENOENT'] },
  { name: 'a load balancer CIDR that is not one', yaml: 'tls:\n  enabled: true\n  mode: ingress\n  ingress:\n    host: grafana.example.org\n    sourceRanges: [35.191.0.0/16, 130.211.0.0/33]\n', expect: ['tls.ingress.sourceRanges[1] (line 6)', 'got "130.211.0.0/33"', 'a CIDR block such as 10.0.0.0/16'] },
  { name: 'load balancer CIDRs without an Ingress', yaml: 'tls:\n  ingress:\n    sourceRanges: [35.191.0.0/16]\n', expect: ['tls.ingress.sourceRanges (line 3)', 'only with tls.enabled: true and tls.mode: ingress'] },
  { name: 'CA Secret without TLS at HAProxy', yaml: 'tls:\n  enabled: true\n  mode: ingress\n  caSecret: grafana-tls\n  ingress:\n    host: grafana.example.org\n', expect: ['tls.caSecret (line 4)', 'got "grafana-tls"', 'only with tls.enabled: true and tls.mode: haproxy'] },
  { name: 'duplicate application', yaml: 'applications:\n  - name: shop\n    targets: ["a:80"]\n  - name: shop\n    targets: ["b:80"]\n', expect: ['applications[1].name (line 4)', 'applications[0] is already named shop'] },
  { name: 'application named like a stack job', yaml: 'applications:\n  - name: grafana\n    targets: ["a:80"]\n', expect: ['applications[0].name', 'other than the stack'] },
  // Issue 12: the Prometheus pair, remote write and agent mode.
  { name: 'remote write without a URL', yaml: 'prometheus:\n  remoteWrite:\n    - name: mimir\n      backend: mimir\n', expect: ['prometheus.remoteWrite[0].url', 'required (missing)', 'http:// or https:// URL'] },
  { name: 'remote write with an inline password', yaml: 'prometheus:\n  remoteWrite:\n    - name: mimir\n      url: https://mimir.example.org/api/v1/push\n      basicAuth:\n        username: prod\n        password: hunter2hunter2\n', expect: ['prometheus.remoteWrite[0].basicAuth.password', 'no credential in the values file', 'basicAuth: { secret: <name> }'], never: ['hunter2hunter2'] },
  { name: 'remote write URL with user and password', yaml: 'prometheus:\n  remoteWrite:\n    - name: mimir\n      url: https://prod:s3cr3tpw@mimir.example.org/api/v1/push\n', expect: ['prometheus.remoteWrite[0].url', 'without user:password@', 'basicAuth.secret'], never: ['s3cr3tpw'] },
  { name: 'remote write to an unknown backend', yaml: 'prometheus:\n  remoteWrite:\n    - name: mimir\n      url: https://mimir.example.org/api/v1/push\n      backend: cortex\n', expect: ['prometheus.remoteWrite[0].backend', 'got "cortex"', 'mimir, thanos, victoriametrics, generic'] },
  { name: 'remote write with two authentications', yaml: 'prometheus:\n  remoteWrite:\n    - name: mimir\n      url: https://mimir.example.org/api/v1/push\n      basicAuth: { secret: a }\n      bearerToken: { secret: b }\n', expect: ['prometheus.remoteWrite[0].bearerToken', 'one authentication per remote write'] },
  { name: 'remote write with an Authorization header', yaml: 'prometheus:\n  remoteWrite:\n    - name: mimir\n      url: https://mimir.example.org/api/v1/push\n      headers:\n        Authorization: Bearer x\n', expect: ['prometheus.remoteWrite[0].headers', 'credentials go in basicAuth or bearerToken'] },
  { name: 'two remote writes of one name', yaml: 'prometheus:\n  remoteWrite:\n    - name: mimir\n      url: https://a.example.org/api/v1/push\n    - name: mimir\n      url: https://b.example.org/api/v1/push\n', expect: ['prometheus.remoteWrite[1].name', 'already named mimir'] },
  { name: 'a write filter RE2 refuses', yaml: 'prometheus:\n  remoteWrite:\n    - name: mimir\n      url: https://mimir.example.org/api/v1/push\n      writeRelabel:\n        drop: ["(?!up)"]\n', expect: ['prometheus.remoteWrite[0].writeRelabel.drop[0]', 'no lookahead'] },
  { name: 'agent mode without remote write', yaml: 'prometheus:\n  mode: agent\n', expect: ['prometheus.remoteWrite', 'at least one store when prometheus.mode is agent'] },
  { name: 'agent mode without a store Grafana can read', yaml: 'prometheus:\n  mode: agent\n  remoteWrite:\n    - name: central\n      url: https://mimir.example.org/api/v1/push\n', expect: ['prometheus.remoteWrite', 'a queryUrl on one remote write'] },
  { name: 'agent mode with a retention', yaml: 'prometheus:\n  mode: agent\n  retention: 30d\n  remoteWrite:\n    - name: central\n      url: https://mimir.example.org/api/v1/push\n      queryUrl: https://mimir.example.org/prometheus\n', expect: ['prometheus.retention', 'got "30d"', 'no value when prometheus.mode is agent'] },
  { name: 'zero Prometheus replicas', yaml: 'prometheus:\n  replicas: 0\n', expect: ['prometheus.replicas (line 2)', 'got 0', 'at least 1 (2 for an HA pair)'] },
  { name: 'unknown Prometheus mode', yaml: 'prometheus:\n  mode: federated\n', expect: ['prometheus.mode (line 2)', 'got "federated"', 'server or agent'] },
  { name: 'the cluster label set by hand', yaml: 'prometheus:\n  externalLabels:\n    cluster: prod\n', expect: ['prometheus.externalLabels', 'a label other than cluster (set cluster.name)'] },
  { name: 'a cluster name with a space', yaml: 'cluster:\n  name: prod eu\n', expect: ['cluster.name (line 2)', 'got "prod eu"', 'a cluster name: letters, digits'] },
  { name: 'SigV4 with a datasource', yaml: 'prometheus:\n  remoteWrite:\n    - name: mimir\n      url: https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1/api/v1/remote_write\n      sigv4: { region: eu-west-1 }\n      queryUrl: https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1\n', expect: ['prometheus.remoteWrite[0].queryUrl', 'no queryUrl with sigv4'] },
  { name: 'two IAM roles for one ServiceAccount', yaml: 'prometheus:\n  remoteWrite:\n    - name: mimir\n      url: https://a.example.org/api/v1/push\n      sigv4: { region: eu-west-1, roleArn: "arn:aws:iam::123456789012:role/a" }\n    - name: other\n      url: https://b.example.org/api/v1/push\n      sigv4: { region: eu-west-1, roleArn: "arn:aws:iam::123456789012:role/b" }\n', expect: ['prometheus.remoteWrite[1].sigv4.roleArn', 'the same IAM role'] },
  { name: 'SQLite with two Grafana replicas', yaml: 'grafana:\n  replicas: 2\n  database:\n    type: sqlite\n', expect: ['grafana.database.type', 'got "sqlite"', 'bundled or external with grafana.replicas 2'] },
  { name: 'external database without its password Secret', yaml: 'grafana:\n  database:\n    external:\n      host: db.example.org\n      user: grafana\n', expect: ['grafana.database.external.passwordSecret', 'required'] },
  { name: 'external database without a host', yaml: 'grafana:\n  database:\n    external:\n      user: grafana\n      passwordSecret: grafana-db\n', expect: ['grafana.database.external.host', 'required'] },
  { name: 'external type without its server', yaml: 'grafana:\n  database:\n    type: external\n', expect: ['grafana.database.external', 'host, user and passwordSecret'] },
  { name: 'CA Secret that sslMode require never reads', yaml: 'grafana:\n  database:\n    external:\n      host: db.example.org\n      user: grafana\n      passwordSecret: grafana-db\n      caSecret: db-ca\n', expect: ['grafana.database.external.caSecret', 'got "db-ca"', 'verify-ca or verify-full'] },
  { name: 'password written into the values file', yaml: 'grafana:\n  database:\n    external:\n      host: db.example.org\n      user: grafana\n      password: hunter2\n      passwordSecret: grafana-db\n', expect: ['grafana.database.external', 'password'] },
  { name: 'StorageClass with an empty label', yaml: 'prometheus:\n  storage:\n    storageClass: fast..ssd\n', expect: ['prometheus.storage.storageClass (line 3)', 'got "fast..ssd"', 'DNS-1123 subdomain'] },
  { name: 'the API database without the API', yaml: 'postgres:\n  enabled: true\n', expect: ['postgres.enabled', 'set api.enabled: true'] },
  { name: 'application named like a cluster job', yaml: 'applications:\n  - name: kubelet\n    targets: ["a:80"]\n', expect: ['applications[0].name', 'other than the stack'] },
  { name: 'unknown control plane', yaml: 'cluster:\n  controlPlane: eks\n', expect: ['cluster.controlPlane (line 2)', 'got "eks"', 'managed (EKS, GKE, AKS', 'or self-hosted'] },
  { name: 'zero pods', yaml: 'cluster:\n  pods: 0\n', expect: ['cluster.pods', 'got 0', 'at least 1'] },
  { name: 'negative annotated targets', yaml: 'cluster:\n  annotatedTargets: -3\n', expect: ['cluster.annotatedTargets', 'got -3', 'at least 0'] },
  { name: 'kube-state-metrics family of Secrets', yaml: 'kubeStateMetrics:\n  extraMetrics: [kube_secret_info]\n', expect: ['kubeStateMetrics.extraMetrics[0] (line 2)', 'got "kube_secret_info"', 'not allowed', 'Secret'] },
  { name: 'kube-state-metrics family of no resource', yaml: 'kubeStateMetrics:\n  extraMetrics: [kube_widget_info]\n', expect: ['kubeStateMetrics.extraMetrics[0]', 'got "kube_widget_info"', 'kube_cronjob_*'] },
  { name: 'kube-state-metrics family not a metric name', yaml: 'kubeStateMetrics:\n  extraMetrics: ["kube_pod_.*"]\n', expect: ['kubeStateMetrics.extraMetrics[0]', 'got "kube_pod_.*"', 'a kube-state-metrics metric name'] },
  { name: 'kubelet switch as a string', yaml: 'kubelet:\n  enabled: "no"\n', expect: ['kubelet.enabled', 'got "no"', 'true or false'] },
  // Issue 15, point 3: Alertmanager's Slack, PagerDuty and Teams receivers, their severities, and no credential inline.
  { name: 'Slack webhook URL written into the values file', yaml: 'alertmanager:\n  enabled: true\n  slack:\n    apiUrl: https://hooks.slack.com/services/T0AAA/B0BBB/XyZt0k3n\n',
    expect: ['alertmanager.slack.apiUrl (line 4)', 'got "(hidden)"', 'key slack-webhook-url of Secret alertmanager-receivers', 'kubectl -n monitoring create secret generic alertmanager-receivers --from-literal=slack-webhook-url='],
    never: ['XyZt0k3n'] },
  { name: 'Slack webhook URL pasted as the channel', yaml: 'alertmanager:\n  enabled: true\n  slack:\n    channel: https://hooks.slack.com/services/T0AAA/B0BBB/XyZt0k3n\n',
    expect: ['alertmanager.slack.channel (line 4)', 'not a URL', 'key slack-webhook-url of Secret alertmanager-receivers'], never: ['XyZt0k3n', 'hooks.slack.com'] },
  { name: 'PagerDuty routing key written into the values file', yaml: 'alertmanager:\n  enabled: true\n  pagerduty:\n    routingKey: R0UT1NGK3Y0123456789abcdef012345\n',
    expect: ['alertmanager.pagerduty.routingKey (line 4)', 'got "(hidden)"', 'the PagerDuty routing key', 'key pagerduty-routing-key of Secret alertmanager-receivers'], never: ['R0UT1NGK3Y'] },
  { name: 'PagerDuty receiver given as its key', yaml: 'alertmanager:\n  enabled: true\n  pagerduty: R0UT1NGK3Y0123456789abcdef012345\n',
    expect: ['alertmanager.pagerduty (line 3)', 'not the credential itself', 'key pagerduty-routing-key'], never: ['R0UT1NGK3Y'] },
  { name: 'Teams webhook URL written into the values file, in a Secret of another name and namespace', yaml: 'namespace: obs\nalertmanager:\n  enabled: true\n  receiversSecret: am-keys\n  teams:\n    webhookUrl: "https://prod.westeurope.logic.azure.com/workflows/1/triggers/manual/paths/invoke?sig=S1GNATURE"\n',
    expect: ['alertmanager.teams.webhookUrl (line 6)', 'key teams-webhook-url of Secret am-keys', 'kubectl -n obs create secret generic am-keys --from-literal=teams-webhook-url='], never: ['S1GNATURE'] },
  { name: 'webhook given as its URL', yaml: 'alertmanager:\n  enabled: true\n  webhook: https://hooks.example.org/services/s3cr3tt0k3n\n',
    expect: ['alertmanager.webhook (line 3)', 'true (or { severities: [...] }), not the credential itself', 'key webhook-url of Secret alertmanager-receivers'], never: ['s3cr3tt0k3n'] },
  { name: 'SMTP password written into the values file', yaml: 'alertmanager:\n  enabled: true\n  email:\n    to: [a@example.org]\n    from: am@example.org\n    smarthost: smtp.example.org:587\n    username: am\n    password: hunter2hunter2\n',
    expect: ['alertmanager.email.password (line 8)', 'key smtp-password of Secret alertmanager-receivers'], never: ['hunter2hunter2'] },
  { name: 'unknown severity', yaml: 'alertmanager:\n  enabled: true\n  teams:\n    severities: [critical, page]\n', expect: ['alertmanager.teams.severities[1] (line 4)', 'got "page"', 'one of critical, warning, info'] },
  { name: 'severity listed twice', yaml: 'alertmanager:\n  enabled: true\n  slack:\n    severities: [critical, critical]\n', expect: ['alertmanager.slack.severities (line 4)', 'each severity once'] },
  { name: 'receiver with no severity', yaml: 'alertmanager:\n  enabled: true\n  pagerduty:\n    severities: []\n', expect: ['alertmanager.pagerduty.severities (line 4)', 'at least one of critical, warning, info (or leave the receiver out)'] },
  { name: 'no receiver takes critical alerts', yaml: 'alertmanager:\n  enabled: true\n  slack:\n    severities: [warning]\n  teams:\n    severities: [info]\n',
    expect: ['alertmanager.slack.severities (line 4)', 'critical among the severities of at least one receiver (slack: warning; teams: info)', 'critical alerts notify nobody'] },
  { name: 'Slack channel that is not one', yaml: 'alertmanager:\n  enabled: true\n  slack:\n    channel: "#on call"\n', expect: ['alertmanager.slack.channel (line 4)', 'got "#on call"', 'a Slack channel such as #alerts'] },
  { name: 'webhook neither a boolean nor a mapping', yaml: 'alertmanager:\n  enabled: true\n  webhook: 1\n', expect: ['alertmanager.webhook (line 3)', 'got 1', 'true, false, or a mapping { severities: [...] }'] },
  { name: 'misspelt receiver key', yaml: 'alertmanager:\n  enabled: true\n  pagerduty:\n    severity: [critical]\n', expect: ['alertmanager.pagerduty.severity (line 4)', 'unknown key', 'Keys allowed in alertmanager.pagerduty: severities'] },
  // Issue 15, point 1: the pod and Service settings of every section, and the stack-wide image keys.
  { name: 'a pod label that would take over a selector', yaml: 'prometheus:\n  podLabels:\n    app.kubernetes.io/name: mine\n', expect: ['prometheus.podLabels.app.kubernetes.io/name (line 3)', 'got "app.kubernetes.io/name"', "a label other than the stack's own", 'select the pods by them'] },
  { name: "a pod label of Kubernetes' controllers", yaml: 'grafana:\n  database:\n    bundled:\n      podLabels:\n        pod-template-hash: abc\n', expect: ['grafana.database.bundled.podLabels.pod-template-hash (line 5)', "those Kubernetes' controllers set"] },
  { name: 'a pod label value of 64 characters', yaml: `api:\n  podLabels:\n    example.org/team: ${'a'.repeat(64)}\n`, expect: ['api.podLabels.example.org/team (line 3)', 'a label value of at most 63 characters'] },
  { name: 'the checksum annotation of the stack', yaml: 'haproxy:\n  podAnnotations:\n    checksum/config: "0"\n', expect: ['haproxy.podAnnotations.checksum/config (line 3)', 'an annotation other than checksum/config', 'rolls the pods'] },
  { name: 'an AppArmor annotation that would unconfine a container', yaml: 'api:\n  podAnnotations:\n    container.apparmor.security.beta.kubernetes.io/api: unconfined\n', expect: ['api.podAnnotations.container.apparmor.security.beta.kubernetes.io/api (line 3)', 'no AppArmor or seccomp annotation', 'RuntimeDefault'] },
  { name: 'a node selector of Windows nodes', yaml: 'grafana:\n  nodeSelector:\n    kubernetes.io/os: windows\n', expect: ['grafana.nodeSelector.kubernetes.io/os (line 3)', 'got "windows"', 'linux (or leave kubernetes.io/os out)'] },
  { name: 'a node selector value that is a number', yaml: 'pushgateway:\n  nodeSelector:\n    node-pool: 3\n', expect: ['pushgateway.nodeSelector.node-pool (line 3)', 'got 3', 'a label value (a string: quote numbers and booleans)'] },
  { name: 'a memory limit below the request', yaml: 'alertmanager:\n  resources:\n    cpu: 20m\n    memory: 256Mi\n    memoryLimit: 128Mi\n', expect: ['alertmanager.resources.memoryLimit (line 5)', 'got "128Mi"', 'a memory limit of at least the request (memory: 256Mi)'] },
  { name: 'resources without a CPU request', yaml: 'k6:\n  resources:\n    memory: 128Mi\n', expect: ['k6.resources.cpu', 'required (missing)', 'a CPU quantity'] },
  { name: 'resources written as Kubernetes requests and limits', yaml: 'blackbox:\n  resources:\n    requests:\n      cpu: 10m\n', expect: ['blackbox.resources.requests (line 3)', 'Keys allowed in blackbox.resources: cpu, memory, memoryLimit'] },
  { name: 'a CPU request in words', yaml: 'nodeExporter:\n  resources:\n    cpu: one core\n    memory: 64Mi\n', expect: ['nodeExporter.resources.cpu (line 3)', 'got "one core"', 'millicores (100m) or cores (0.5, 2)'] },
  { name: 'a priority class name in capitals', yaml: 'kubeStateMetrics:\n  priorityClassName: High_Priority\n', expect: ['kubeStateMetrics.priorityClassName (line 2)', 'got "High_Priority"', 'a PriorityClass name', 'DNS-1123 subdomain'] },
  { name: 'a toleration operator that does not exist', yaml: 'prometheus:\n  tolerations:\n    - key: dedicated\n      operator: Equals\n      value: monitoring\n', expect: ['prometheus.tolerations[0].operator (line 4)', 'got "Equals"', 'one of Exists, Equal'] },
  { name: 'a taint effect that does not exist', yaml: 'api:\n  tolerations:\n    - key: dedicated\n      operator: Exists\n      effect: NoExec\n', expect: ['api.tolerations[0].effect (line 5)', 'got "NoExec"', 'one of NoSchedule, PreferNoSchedule, NoExecute'] },
  { name: 'tolerationSeconds on a NoSchedule toleration', yaml: 'nodeExporter:\n  tolerations:\n    - operator: Exists\n    - key: dedicated\n      operator: Exists\n      effect: NoSchedule\n      tolerationSeconds: 300\n', expect: ['nodeExporter.tolerations[1].tolerationSeconds (line 7)', 'got 300', 'only with effect NoExecute'] },
  { name: 'a toleration of no key that is not Exists', yaml: 'grafana:\n  tolerations:\n    - operator: Equal\n      value: monitoring\n', expect: ['grafana.tolerations[0].operator (line 3)', 'Exists when key is empty'] },
  { name: 'a node affinity operator that does not exist', yaml: 'haproxy:\n  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n          - matchExpressions:\n              - key: node-pool\n                operator: Contains\n                values: [monitoring]\n', expect: ['haproxy.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator (line 8)', 'got "Contains"', 'one of In, NotIn, Exists, DoesNotExist, Gt, Lt'] },
  { name: 'Gt with a value that is no integer', yaml: 'prometheus:\n  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n          - matchExpressions:\n              - key: example.org/memory-gib\n                operator: Gt\n                values: [sixteen]\n', expect: ['prometheus.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values (line 9)', 'exactly one value, an integer, with operator Gt'] },
  { name: 'an empty node selector term', yaml: 'postgres:\n  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n          - {}\n', expect: ['postgres.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0] (line 6)', 'an empty term matches no node'] },
  { name: 'a pod anti-affinity term without topologyKey', yaml: 'grafana:\n  affinity:\n    podAntiAffinity:\n      preferredDuringSchedulingIgnoredDuringExecution:\n        - weight: 100\n          podAffinityTerm:\n            labelSelector:\n              matchLabels:\n                app.kubernetes.io/name: grafana\n', expect: ['grafana.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey', 'required (missing)', 'a node label key'] },
  { name: 'a preferred term of weight 0', yaml: 'api:\n  affinity:\n    podAffinity:\n      preferredDuringSchedulingIgnoredDuringExecution:\n        - weight: 0\n          podAffinityTerm:\n            topologyKey: kubernetes.io/hostname\n', expect: ['api.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight (line 5)', 'got 0', 'a weight: a whole number from 1 to 100'] },
  { name: 'a label selector with Gt', yaml: 'alertmanager:\n  affinity:\n    podAntiAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        - topologyKey: kubernetes.io/hostname\n          labelSelector:\n            matchExpressions:\n              - key: app.kubernetes.io/name\n                operator: Gt\n                values: ["1"]\n', expect: ['alertmanager.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].operator (line 9)', 'Gt and Lt are for node labels only'] },
  { name: 'an affinity key misspelt', yaml: 'k6:\n  affinity:\n    nodeAfinity: {}\n', expect: ['k6.affinity.nodeAfinity (line 3)', 'did you mean "nodeAffinity"', 'Keys allowed in k6.affinity: nodeAffinity, podAffinity, podAntiAffinity'] },
  { name: 'Service annotations of a component without a Service', yaml: 'nodeExporter:\n  serviceAnnotations:\n    example.org/owner: me\n', expect: ['nodeExporter.serviceAnnotations (line 2)', 'unknown key', 'Keys allowed in nodeExporter'] },
  { name: 'a Service annotation key with a space', yaml: 'haproxy:\n  serviceAnnotations:\n    "aws load balancer": internal\n', expect: ['haproxy.serviceAnnotations.aws load balancer (line 3)', 'an annotation key: [prefix/]name'] },
  { name: 'a mirror registry with a scheme', yaml: 'imageRegistry: https://mirror.example.org\n', expect: ['imageRegistry (line 1)', 'got "https://mirror.example.org"', 'a registry without a scheme'] },
  { name: 'a mirror registry that runtimes would read as Docker Hub', yaml: 'imageRegistry: mirror/proxy\n', expect: ['imageRegistry (line 1)', 'got "mirror/proxy"', 'a registry host with a dot or a port', "read 'mirror/...' as an organization of Docker Hub"] },
  { name: 'an image pull Secret name in capitals', yaml: 'imagePullSecrets: [Registry_Credentials]\n', expect: ['imagePullSecrets[0] (line 1)', 'got "Registry_Credentials"', 'a Secret name', 'DNS-1123 subdomain'] },
  { name: 'an image pull Secret given twice', yaml: 'imagePullSecrets:\n  - registry\n  - registry\n', expect: ['imagePullSecrets (line 1)', 'a list of distinct Secret names'] },
];

/** Runs the synth program as `MONITORING_CONFIG=<file> npm run synth` would, asynchronously. */
function runCli(env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'run-ts.mjs'), 'main.ts'], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** sha256 of every file of a folder, and the folder's entries (left-over staging folders show). */
function fingerprint(dir: string): string {
  const h = createHash('sha256');
  for (const f of readdirSync(dir).sort()) h.update(f).update(readFileSync(join(dir, f)));
  return h.digest('hex');
}

const work = mkdtempSync(join(tmpdir(), 'values-test-'));
const outParent = join(work, 'out');
const outdir = join(outParent, 'dist');
mkdirSync(outdir, { recursive: true });
writeFileSync(join(outdir, '0000-monitoring-namespaces.k8s.yaml'), 'kind: Namespace # a previous, good synth\n');
writeFileSync(join(outdir, '0001-monitoring.k8s.yaml'), 'kind: ConfigMap # a previous, good synth\n');

describe('a bad values file', () => {
  const before = fingerprint(outdir);

  test.concurrent.each([...CASES, ...USER_FILE_CASES])('is rejected: $name', async ({ name, yaml, expect: fragments, never, files }) => {
    const dir = join(work, 'cases', name.replace(/\W+/g, '-'));
    mkdirSync(dir, { recursive: true });
    for (const [path, content] of Object.entries(files ?? {})) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const file = join(dir, 'values.yaml');
    writeFileSync(file, yaml);
    const r = await runCli({ MONITORING_CONFIG: file, MONITORING_OUTDIR: outdir });
    expect(r.status).toBe(1);
    for (const f of fragments) expect(r.stderr).toContain(f);
    for (const f of never ?? []) expect(r.stderr).not.toContain(f);
    expect(r.stderr).toContain(`${file}: `);
    expect(r.stderr).toContain('Nothing was written');
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
    expect(r.stdout).toBe('');
  });

  test('leaves the output folder byte for byte as it was, with no staging folder behind', () => {
    expect(fingerprint(outdir)).toBe(before);
    expect(readdirSync(outParent)).toEqual(['dist']);
  });
});

describe('every problem is reported at once', () => {
  test('one run lists all of them, each with its line', () => {
    const text = [
      'namespace: Bad_Name',
      'grafana:',
      '  replicas: 0',
      '  imagee: grafana/grafana:12.3.1',
      'prometheus:',
      '  retention: forever',
      '  storage:',
      '    size: 10Gi',
      '  retentionSize: 50Gi',
      'k6:',
      '  schedule: "* * *"',
    ].join('\n');
    let error: ValuesError | undefined;
    try {
      parseValuesYaml(text, 'several.yaml');
    } catch (e) {
      error = e as ValuesError;
    }
    expect(error).toBeInstanceOf(ValuesError);
    const paths = error!.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining([
      'namespace (line 1)', 'grafana.replicas (line 3)', 'grafana.imagee (line 4)', 'prometheus.retention (line 6)',
      'prometheus.retentionSize (line 9)', 'k6.schedule (line 11)',
    ]));
    expect(error!.message).toMatch(/^several\.yaml: 6 problems/);
  });
});

describe('a good values file', () => {
  test('is synthesized into a folder whose parents do not exist yet (out/ of a fresh clone)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'values-outdir-'));
    try {
      const file = join(dir, 'small.yaml');
      writeFileSync(file, 'grafana:\n  replicas: 1\n');
      const outdir = join(dir, 'out', 'nested', 'small');
      const r = await runCli({ MONITORING_CONFIG: file, MONITORING_OUTDIR: outdir });
      expect([r.status, r.stderr]).toEqual([0, '']);
      expect(readdirSync(outdir).sort()).toEqual(['0000-monitoring-namespaces.k8s.yaml', '0001-monitoring.k8s.yaml', 'Kustomization']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an empty file gives the embedded defaults', () => {
    expect(parseValuesYaml('', 'empty.yaml')).toEqual(defaultValues());
    expect(parseValuesYaml('# only comments\n', 'comments.yaml')).toEqual(defaultValues());
  });

  test('the defaults are the documented ones', () => {
    const v = defaultValues();
    expect(v.namespace).toBe('monitoring');
    expect(v.grafana.replicas).toBe(2);
    expect(v.haproxy.replicas).toBe(2);
    expect(v.haproxy.port).toBe(80);
    expect(v.haproxy.serviceType).toBe('ClusterIP');
    expect(v.prometheus.retention).toBe('7d');
    expect(v.prometheus.scrapeInterval).toBe('30s');
    expect(v.k6.schedule).toBe('*/15 * * * *');
    for (const part of ['postgres', 'api', 'k6', 'pushgateway', 'blackbox', 'alertmanager', 'tls'] as const) expect(v[part].enabled).toBe(false);
  });

  test('a digest-pinned image is accepted', () => {
    const digest = `docker.io/grafana/grafana@sha256:${'a'.repeat(64)}`;
    expect(parseValuesYaml(`grafana:\n  image: ${digest}\n`).grafana.image).toBe(digest);
  });

  test('values.schema.json is generated from the zod schema and committed up to date', () => {
    const committed = JSON.parse(readFileSync(join(ROOT, 'values.schema.json'), 'utf8'));
    expect(committed).toEqual(valuesJsonSchema());
  });
});
