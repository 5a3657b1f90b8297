/**
 * The values file (issue: values file with a schema): every kind of bad input is rejected by the
 * real CLI with a message naming the key, the value and what is allowed, a non-zero exit status,
 * no stack trace, and an output folder left byte for byte as it was.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
}

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
  { name: 'SQLite with two Grafana replicas', yaml: 'grafana:\n  replicas: 2\n  database:\n    type: sqlite\n', expect: ['grafana.database.type', 'got "sqlite"', 'bundled or external with grafana.replicas 2'] },
  { name: 'external database without its password Secret', yaml: 'grafana:\n  database:\n    external:\n      host: db.example.org\n      user: grafana\n', expect: ['grafana.database.external.passwordSecret', 'required'] },
  { name: 'external database without a host', yaml: 'grafana:\n  database:\n    external:\n      user: grafana\n      passwordSecret: grafana-db\n', expect: ['grafana.database.external.host', 'required'] },
  { name: 'external type without its server', yaml: 'grafana:\n  database:\n    type: external\n', expect: ['grafana.database.external', 'host, user and passwordSecret'] },
  { name: 'CA Secret that sslMode require never reads', yaml: 'grafana:\n  database:\n    external:\n      host: db.example.org\n      user: grafana\n      passwordSecret: grafana-db\n      caSecret: db-ca\n', expect: ['grafana.database.external.caSecret', 'got "db-ca"', 'verify-ca or verify-full'] },
  { name: 'password written into the values file', yaml: 'grafana:\n  database:\n    external:\n      host: db.example.org\n      user: grafana\n      password: hunter2\n      passwordSecret: grafana-db\n', expect: ['grafana.database.external', 'password'] },
  { name: 'the API database without the API', yaml: 'postgres:\n  enabled: true\n', expect: ['postgres.enabled', 'set api.enabled: true'] },
  { name: 'application named like a cluster job', yaml: 'applications:\n  - name: kubelet\n    targets: ["a:80"]\n', expect: ['applications[0].name', 'other than the stack'] },
  { name: 'unknown control plane', yaml: 'cluster:\n  controlPlane: eks\n', expect: ['cluster.controlPlane (line 2)', 'got "eks"', 'managed (EKS, GKE, AKS', 'or self-hosted'] },
  { name: 'zero pods', yaml: 'cluster:\n  pods: 0\n', expect: ['cluster.pods', 'got 0', 'at least 1'] },
  { name: 'negative annotated targets', yaml: 'cluster:\n  annotatedTargets: -3\n', expect: ['cluster.annotatedTargets', 'got -3', 'at least 0'] },
  { name: 'kube-state-metrics family of Secrets', yaml: 'kubeStateMetrics:\n  extraMetrics: [kube_secret_info]\n', expect: ['kubeStateMetrics.extraMetrics[0] (line 2)', 'got "kube_secret_info"', 'not allowed', 'Secret'] },
  { name: 'kube-state-metrics family of no resource', yaml: 'kubeStateMetrics:\n  extraMetrics: [kube_widget_info]\n', expect: ['kubeStateMetrics.extraMetrics[0]', 'got "kube_widget_info"', 'kube_cronjob_*'] },
  { name: 'kube-state-metrics family not a metric name', yaml: 'kubeStateMetrics:\n  extraMetrics: ["kube_pod_.*"]\n', expect: ['kubeStateMetrics.extraMetrics[0]', 'got "kube_pod_.*"', 'a kube-state-metrics metric name'] },
  { name: 'kubelet switch as a string', yaml: 'kubelet:\n  enabled: "no"\n', expect: ['kubelet.enabled', 'got "no"', 'true or false'] },
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

  test.concurrent.each(CASES)('is rejected: $name', async ({ name, yaml, expect: fragments }) => {
    const file = join(work, `${name.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, yaml);
    const r = await runCli({ MONITORING_CONFIG: file, MONITORING_OUTDIR: outdir });
    expect(r.status).toBe(1);
    for (const f of fragments) expect(r.stderr).toContain(f);
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
