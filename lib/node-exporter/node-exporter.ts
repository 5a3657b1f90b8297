import type { Construct } from 'constructs';
import { Component, type ComponentProps } from '../core/component';
import { type ResourceSpec, resources, tcpProbe } from '../core/container';
import { rateWindow } from '../core/context';
import { restrictedContainerSecurityContext } from '../core/security';
import { addDaemonSet, addServiceAccount } from '../core/workload';
import { k8s } from 'cdk8s-plus-27';
import { toYaml } from '../core/yaml';
import type { IMonitorable, MonitoringMixin } from '../monitoring/mixin';
import { podScrapeJob } from '../monitoring/scrape';
import { IMAGES, imageVersion } from '../versions';
import { nodeOverviewDashboard } from './dashboard';
import { nodeRules } from './rules';

export interface NodeExporterProps extends ComponentProps {
  /** @default - IMAGES.nodeExporter */
  readonly image?: string;
  /**
   * Namespace of the DaemonSet. node-exporter needs host access that the `restricted` Pod Security
   * Standard forbids, so it lives in a namespace of its own. @default - the stack context's node agent namespace
   */
  readonly namespace?: string;
  /**
   * Port node-exporter listens on, on every node's addresses (host network). Another node agent
   * already on 9100 (a second stack, kube-prometheus-stack's node-exporter) needs another port.
   * @default 9100
   */
  readonly port?: number;
  /**
   * Requests and limits. node-exporter uses 10-30 MiB and a few millicores on a typical node; the
   * request is sized for a busy node (many CPUs, mounts, NICs) and the limit leaves room for a
   * scrape of all collectors at once. cdk8s-plus' 1 CPU / 512Mi default would reserve 20 times
   * that on every node.
   * @default { cpu: '50m', memory: '64Mi', memoryLimit: '128Mi' }
   */
  readonly resources?: ResourceSpec;
}

/** The defaults of {@link NodeExporterProps}, also those of the values file's `nodeExporter` keys. */
export const NODE_EXPORTER_DEFAULTS = {
  name: 'node-exporter',
  image: IMAGES.nodeExporter,
  port: 9100,
  resources: { cpu: '50m', memory: '64Mi', memoryLimit: '128Mi' },
} as const;

/**
 * Keys of node-exporter's TLS Secret (in its namespace, `<name>-tls`): its own certificate and key,
 * and the certificate of the one client it accepts (Prometheus'). Made by `npm run secrets`.
 */
export const NODE_EXPORTER_SERVER_KEYS = { certificate: 'server.crt', key: 'server.key', clientCa: 'client-ca.crt' } as const;
/**
 * Keys of Prometheus' client Secret for node-exporter (in the stack's namespace,
 * `prometheus-<name>-client`): its client certificate and key, and node-exporter's certificate,
 * the only one it trusts for these scrapes. Made by `npm run secrets`, with the server Secret.
 */
export const NODE_EXPORTER_CLIENT_KEYS = { certificate: 'client.crt', key: 'client.key', serverCa: 'server-ca.crt' } as const;
/** Name both certificates of node-exporter's TLS carry (and Prometheus checks): node addresses are not known in advance. */
export const NODE_EXPORTER_TLS_NAME = 'node-exporter';
const WEB_CONFIG_DIR = '/etc/node-exporter';
const TLS_DIR = '/etc/node-exporter/tls';
/** Where Prometheus finds its client certificate for a node-exporter, by its name (two node-exporters, two mounts). */
const CLIENT_DIR_BASE = '/etc/prometheus/secrets';

/**
 * Active series of one node's node-exporter. Measured: 507 on the build machine = ~310 fixed
 * + 13 per CPU + ~35 per network interface + 18 per disk + 7 per filesystem; a worker with 8 vCPUs,
 * 4 interfaces, 2 disks and 3 filesystems has ~610, with 16 vCPUs ~720. Rounded up to cover the
 * CNI's interfaces and the hardware collectors (hwmon excluded) of bare-metal nodes.
 */
export const SERIES_PER_NODE = 1000;


/**
 * Mount points that belong to containers and the kubelet, not to the node: leaving them out keeps
 * one series per real filesystem instead of one per pod volume.
 */
export const MOUNT_POINTS_EXCLUDE =
  '^/(dev|proc|sys|run/containerd/.+|run/k3s/containerd/.+|var/lib/docker/.+|var/lib/containerd/.+|var/lib/kubelet/.+)($|/)';
/**
 * Host ends of pods' network interfaces, one per pod: veth (most CNIs), cali (Calico), lxc
 * (Cilium), azv (Azure CNI), eni (AWS VPC CNI), gke (GKE dataplane v2) and the hashed names of
 * some CNIs. Node-level devices (eth0, bonds, the CNI's bridge or tunnel) stay.
 */
export const POD_NETDEVS_EXCLUDE = '^(veth.*|cali.*|lxc.*|azv.*|eni.*|gke.*|[a-f0-9]{15})$';
/** Pseudo and container-layer filesystem types. */
export const FS_TYPES_EXCLUDE =
  '^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$';

/**
 * node-exporter on every node, control-plane nodes included.
 *
 * It runs in the node agent namespace, with exactly the host access it needs: the host's PID and
 * network namespaces (process and network statistics of the node, not of a pod) and the host's
 * root filesystem mounted read-only. It runs as `nobody`, with no capabilities and a read-only
 * root filesystem; the Kubernetes API is never called, so no token is mounted.
 *
 * With the host's network it listens on every address of the node, public ones included, where no
 * NetworkPolicy applies. So it answers only over TLS, and only to a client with Prometheus'
 * certificate (exporter-toolkit's web configuration, `--web.config.file`:
 * `RequireAndVerifyClientCert`): anyone else gets a failed handshake, not the node's metrics.
 * Both certificates are self-signed, made by `npm run secrets` into two Secrets (node-exporter's
 * namespace and Prometheus'), each side trusting exactly the other's certificate.
 * @see https://github.com/prometheus/exporter-toolkit/blob/master/docs/web-configuration.md
 */
export class NodeExporter extends Component implements IMonitorable {
  public readonly monitoring: MonitoringMixin;
  public readonly daemonSet: k8s.KubeDaemonSet;
  /** The host port it listens on, on every node. */
  public readonly port: number;
  /** Its TLS Secret, in its namespace (keys {@link NODE_EXPORTER_SERVER_KEYS}). */
  public readonly serverSecretName: string;
  /** Prometheus' client Secret for it, in Prometheus' namespace (keys {@link NODE_EXPORTER_CLIENT_KEYS}). */
  public readonly clientSecretName: string;

  constructor(scope: Construct, id: string, props: NodeExporterProps = {}) {
    const image = props.image ?? NODE_EXPORTER_DEFAULTS.image;
    const name = props.name ?? NODE_EXPORTER_DEFAULTS.name;
    super(scope, id, { name, component: 'exporter', version: imageVersion(image) }, props, (ctx) => props.namespace ?? ctx.nodeAgentNamespace);

    this.port = props.port ?? NODE_EXPORTER_DEFAULTS.port;
    const port = this.port;
    this.node.addValidation({ validate: () => this.hostPortClashes() });
    const serviceAccount = addServiceAccount(this, name);
    this.serverSecretName = `${name}-tls`;
    this.clientSecretName = `prometheus-${name}-client`;
    // exporter-toolkit reads this file at every request: a rotated certificate needs no restart.
    const webConfig = new k8s.KubeConfigMap(this, 'WebConfig', {
      metadata: this.metadata(`${name}-web-config`),
      data: {
        'web-config.yml': toYaml({
          tls_server_config: {
            cert_file: `${TLS_DIR}/${NODE_EXPORTER_SERVER_KEYS.certificate}`,
            key_file: `${TLS_DIR}/${NODE_EXPORTER_SERVER_KEYS.key}`,
            client_auth_type: 'RequireAndVerifyClientCert',
            client_ca_file: `${TLS_DIR}/${NODE_EXPORTER_SERVER_KEYS.clientCa}`,
            min_version: 'TLS12',
          },
        }),
      },
    });

    this.daemonSet = addDaemonSet(this, name, {
      serviceAccount,
      // The host's processes and network are what node-exporter reports: statistics of the node,
      // not of a pod. Every node, whatever its taints: a control-plane node is a node to monitor too.
      host: { pid: true, network: true },
      securityContext: { user: 65534 },
      containers: [{
        name: 'node-exporter',
        image,
        args: [
          '--path.rootfs=/host/root',
          '--path.sysfs=/host/sys',
          '--path.udev.data=/host/root/run/udev/data',
          `--web.listen-address=:${port}`,
          `--web.config.file=${WEB_CONFIG_DIR}/web-config.yml`,
          `--collector.filesystem.mount-points-exclude=${MOUNT_POINTS_EXCLUDE}`,
          `--collector.filesystem.fs-types-exclude=${FS_TYPES_EXCLUDE}`,
          `--collector.netclass.ignored-devices=${POD_NETDEVS_EXCLUDE}`,
          `--collector.netdev.device-exclude=${POD_NETDEVS_EXCLUDE}`,
          '--no-collector.wifi',
          '--no-collector.hwmon',
        ],
        ports: [{ name: 'metrics', containerPort: port, hostPort: port, protocol: 'TCP' }],
        // TCP: the kubelet has no client certificate, so an HTTP(S) probe would fail the handshake.
        readinessProbe: tcpProbe(port),
        livenessProbe: tcpProbe(port, { periodSeconds: 20, failureThreshold: 5 }),
        resources: resources(props.resources ?? NODE_EXPORTER_DEFAULTS.resources),
        securityContext: restrictedContainerSecurityContext(),
        volumeMounts: [
          { name: 'root', mountPath: '/host/root', readOnly: true, mountPropagation: 'HostToContainer' },
          { name: 'sys', mountPath: '/host/sys', readOnly: true, mountPropagation: 'HostToContainer' },
          { name: 'web-config', mountPath: WEB_CONFIG_DIR, readOnly: true },
          { name: 'tls', mountPath: TLS_DIR, readOnly: true },
        ],
      }],
      volumes: [
        { name: 'root', hostPath: { path: '/' } },
        { name: 'sys', hostPath: { path: '/sys' } },
        { name: 'web-config', configMap: { name: webConfig.name } },
        { name: 'tls', secret: { secretName: this.serverSecretName, items: Object.values(NODE_EXPORTER_SERVER_KEYS).map((k) => ({ key: k, path: k })) } },
      ],
    });

    const job = name;
    const clientDir = `${CLIENT_DIR_BASE}/${name}`;
    this.monitoring = {
      name,
      scrapeConfigs: [podScrapeJob({
        jobName: job, namespace: this.namespace, selector: this.selector(), portName: 'metrics', instanceLabel: 'node',
        scheme: 'https',
        tlsConfig: {
          ca_file: `${clientDir}/${NODE_EXPORTER_CLIENT_KEYS.serverCa}`,
          cert_file: `${clientDir}/${NODE_EXPORTER_CLIENT_KEYS.certificate}`,
          key_file: `${clientDir}/${NODE_EXPORTER_CLIENT_KEYS.key}`,
          server_name: NODE_EXPORTER_TLS_NAME,
        },
      })],
      scrapeSecrets: [{ secretName: this.clientSecretName, mountPath: clientDir, keys: Object.values(NODE_EXPORTER_CLIENT_KEYS) }],
      // Host-network pods are not subject to NetworkPolicies: Prometheus reaches them through its
      // egress to any address, so no flow is declared here.
      activeSeries: () => this.context.nodes * SERIES_PER_NODE,
      ruleGroups: nodeRules(job, rateWindow(this.context)),
      dashboards: [nodeOverviewDashboard(job)],
    };
  }

  /**
   * Two node agents of one app on the same host port (two stacks of one cluster, or two of one
   * namespace): the second DaemonSet's pods would stay Pending on every node. The same agent in
   * the same namespace, twice, is the same object: an app that synthesizes one stack per cluster.
   */
  private hostPortClashes(): string[] {
    const others = this.node.root.node.findAll().filter((c): c is NodeExporter => c instanceof NodeExporter && c !== this);
    const clash = others.find((o) => o.port === this.port && (o.namespace !== this.namespace || o.identity.name !== this.identity.name));
    // Reported once, by the later of the two in the construct tree.
    if (!clash || this.node.root.node.findAll().indexOf(clash) > this.node.root.node.findAll().indexOf(this)) return [];
    return [`${this.identity.name} in namespace ${this.namespace} listens on host port ${this.port} of every node, as ${clash.identity.name} in namespace`
      + ` ${clash.namespace} (${clash.node.path}) does: give one another port (nodeExporter.port), or its pods stay Pending.`];
  }
}
