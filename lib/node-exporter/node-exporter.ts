import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { StackComponent } from '../core/component';
import type { StackContext } from '../core/context';
import { rateWindow } from '../core/context';
import type { MonitoringMixin } from '../core/mixin';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../core/security';
import { httpProbe, type ResourceSpec, resources } from '../core/workload';
import { podScrapeJob } from '../prometheus/scrape';
import { IMAGES, imageVersion } from '../versions';
import { nodeOverviewDashboard } from './dashboard';
import { nodeRules } from './rules';

export interface NodeExporterProps {
  readonly context: StackContext;
  /** @default IMAGES.nodeExporter */
  readonly image?: string;
  /**
   * Requests and limits. node-exporter uses 10-30 MiB and a few millicores on a typical node; the
   * request is sized for a busy node (many CPUs, mounts, NICs) and the limit leaves room for a
   * scrape of all collectors at once. cdk8s-plus' 1 CPU / 512Mi default would reserve 20 times
   * that on every node.
   * @default { cpu: '50m', memory: '64Mi', memoryLimit: '128Mi' }
   */
  readonly resources?: ResourceSpec;
}

export const NODE_EXPORTER_PORT = 9100;

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
 */
export class NodeExporter extends StackComponent {
  public readonly monitoring: MonitoringMixin;
  public readonly daemonSet: k8s.KubeDaemonSet;

  constructor(scope: Construct, id: string, props: NodeExporterProps) {
    const image = props.image ?? IMAGES.nodeExporter;
    super(scope, id, props.context, { name: 'node-exporter', component: 'exporter', version: imageVersion(image) });
    const ns = this.context.nodeAgentNamespace;

    const serviceAccount = this.addServiceAccount('node-exporter', { namespace: ns });

    this.daemonSet = new k8s.KubeDaemonSet(this, 'DaemonSet', {
      metadata: this.metadata('node-exporter', { namespace: ns }),
      spec: {
        selector: { matchLabels: this.selector() },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromString('10%') } },
        template: {
          metadata: { labels: this.labels() },
          spec: {
            serviceAccountName: serviceAccount.name,
            automountServiceAccountToken: false,
            hostPid: true,
            hostNetwork: true,
            dnsPolicy: 'ClusterFirstWithHostNet',
            // Every node, whatever its taints: a control-plane node is a node to monitor too.
            tolerations: [{ operator: 'Exists' }],
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            securityContext: restrictedPodSecurityContext({ user: 65534 }),
            containers: [{
              name: 'node-exporter',
              image,
              args: [
                '--path.rootfs=/host/root',
                '--path.sysfs=/host/sys',
                '--path.udev.data=/host/root/run/udev/data',
                `--web.listen-address=:${NODE_EXPORTER_PORT}`,
                `--collector.filesystem.mount-points-exclude=${MOUNT_POINTS_EXCLUDE}`,
                `--collector.filesystem.fs-types-exclude=${FS_TYPES_EXCLUDE}`,
                `--collector.netclass.ignored-devices=${POD_NETDEVS_EXCLUDE}`,
                `--collector.netdev.device-exclude=${POD_NETDEVS_EXCLUDE}`,
                '--no-collector.wifi',
                '--no-collector.hwmon',
              ],
              ports: [{ name: 'metrics', containerPort: NODE_EXPORTER_PORT, hostPort: NODE_EXPORTER_PORT, protocol: 'TCP' }],
              readinessProbe: httpProbe('/', NODE_EXPORTER_PORT),
              livenessProbe: httpProbe('/', NODE_EXPORTER_PORT, { periodSeconds: 20, failureThreshold: 5 }),
              resources: resources(props.resources ?? { cpu: '50m', memory: '64Mi', memoryLimit: '128Mi' }),
              securityContext: restrictedContainerSecurityContext(),
              volumeMounts: [
                { name: 'root', mountPath: '/host/root', readOnly: true, mountPropagation: 'HostToContainer' },
                { name: 'sys', mountPath: '/host/sys', readOnly: true, mountPropagation: 'HostToContainer' },
              ],
            }],
            volumes: [
              { name: 'root', hostPath: { path: '/' } },
              { name: 'sys', hostPath: { path: '/sys' } },
            ],
          },
        },
      },
    });

    const job = 'node-exporter';
    this.monitoring = {
      name: 'node-exporter',
      scrapeConfigs: [podScrapeJob({ jobName: job, namespace: ns, selector: this.selector(), portName: 'metrics', instanceLabel: 'node' })],
      ruleGroups: nodeRules(job, rateWindow(this.context)),
      dashboards: [nodeOverviewDashboard(job)],
    };
  }
}
