"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.NodeExporter = exports.FS_TYPES_EXCLUDE = exports.POD_NETDEVS_EXCLUDE = exports.MOUNT_POINTS_EXCLUDE = exports.NODE_EXPORTER_PORT = exports.SERIES_PER_NODE = exports.NODE_EXPORTER_DEFAULTS = void 0;
const component_1 = require("../core/component");
const container_1 = require("../core/container");
const context_1 = require("../core/context");
const security_1 = require("../core/security");
const workload_1 = require("../core/workload");
const scrape_1 = require("../monitoring/scrape");
const versions_1 = require("../versions");
const dashboard_1 = require("./dashboard");
const rules_1 = require("./rules");
/** The defaults of {@link NodeExporterProps}, also those of the values file's `nodeExporter` keys. */
exports.NODE_EXPORTER_DEFAULTS = {
    name: 'node-exporter',
    image: versions_1.IMAGES.nodeExporter,
    resources: { cpu: '50m', memory: '64Mi', memoryLimit: '128Mi' },
};
/**
 * Active series of one node's node-exporter. Measured: 507 on the build machine = ~310 fixed
 * + 13 per CPU + ~35 per network interface + 18 per disk + 7 per filesystem; a worker with 8 vCPUs,
 * 4 interfaces, 2 disks and 3 filesystems has ~610, with 16 vCPUs ~720. Rounded up to cover the
 * CNI's interfaces and the hardware collectors (hwmon excluded) of bare-metal nodes.
 */
exports.SERIES_PER_NODE = 1000;
exports.NODE_EXPORTER_PORT = 9100;
/**
 * Mount points that belong to containers and the kubelet, not to the node: leaving them out keeps
 * one series per real filesystem instead of one per pod volume.
 */
exports.MOUNT_POINTS_EXCLUDE = '^/(dev|proc|sys|run/containerd/.+|run/k3s/containerd/.+|var/lib/docker/.+|var/lib/containerd/.+|var/lib/kubelet/.+)($|/)';
/**
 * Host ends of pods' network interfaces, one per pod: veth (most CNIs), cali (Calico), lxc
 * (Cilium), azv (Azure CNI), eni (AWS VPC CNI), gke (GKE dataplane v2) and the hashed names of
 * some CNIs. Node-level devices (eth0, bonds, the CNI's bridge or tunnel) stay.
 */
exports.POD_NETDEVS_EXCLUDE = '^(veth.*|cali.*|lxc.*|azv.*|eni.*|gke.*|[a-f0-9]{15})$';
/** Pseudo and container-layer filesystem types. */
exports.FS_TYPES_EXCLUDE = '^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$';
/**
 * node-exporter on every node, control-plane nodes included.
 *
 * It runs in the node agent namespace, with exactly the host access it needs: the host's PID and
 * network namespaces (process and network statistics of the node, not of a pod) and the host's
 * root filesystem mounted read-only. It runs as `nobody`, with no capabilities and a read-only
 * root filesystem; the Kubernetes API is never called, so no token is mounted.
 */
class NodeExporter extends component_1.Component {
    monitoring;
    daemonSet;
    constructor(scope, id, props = {}) {
        const image = props.image ?? exports.NODE_EXPORTER_DEFAULTS.image;
        const name = props.name ?? exports.NODE_EXPORTER_DEFAULTS.name;
        super(scope, id, { name, component: 'exporter', version: (0, versions_1.imageVersion)(image) }, (ctx) => props.namespace ?? ctx.nodeAgentNamespace);
        const serviceAccount = (0, workload_1.addServiceAccount)(this, name);
        this.daemonSet = (0, workload_1.addDaemonSet)(this, name, {
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
                        `--web.listen-address=:${exports.NODE_EXPORTER_PORT}`,
                        `--collector.filesystem.mount-points-exclude=${exports.MOUNT_POINTS_EXCLUDE}`,
                        `--collector.filesystem.fs-types-exclude=${exports.FS_TYPES_EXCLUDE}`,
                        `--collector.netclass.ignored-devices=${exports.POD_NETDEVS_EXCLUDE}`,
                        `--collector.netdev.device-exclude=${exports.POD_NETDEVS_EXCLUDE}`,
                        '--no-collector.wifi',
                        '--no-collector.hwmon',
                    ],
                    ports: [{ name: 'metrics', containerPort: exports.NODE_EXPORTER_PORT, hostPort: exports.NODE_EXPORTER_PORT, protocol: 'TCP' }],
                    readinessProbe: (0, container_1.httpProbe)('/', exports.NODE_EXPORTER_PORT),
                    livenessProbe: (0, container_1.httpProbe)('/', exports.NODE_EXPORTER_PORT, { periodSeconds: 20, failureThreshold: 5 }),
                    resources: (0, container_1.resources)(props.resources ?? exports.NODE_EXPORTER_DEFAULTS.resources),
                    securityContext: (0, security_1.restrictedContainerSecurityContext)(),
                    volumeMounts: [
                        { name: 'root', mountPath: '/host/root', readOnly: true, mountPropagation: 'HostToContainer' },
                        { name: 'sys', mountPath: '/host/sys', readOnly: true, mountPropagation: 'HostToContainer' },
                    ],
                }],
            volumes: [
                { name: 'root', hostPath: { path: '/' } },
                { name: 'sys', hostPath: { path: '/sys' } },
            ],
        });
        const job = name;
        this.monitoring = {
            name,
            scrapeConfigs: [(0, scrape_1.podScrapeJob)({ jobName: job, namespace: this.namespace, selector: this.selector(), portName: 'metrics', instanceLabel: 'node' })],
            // Host-network pods are not subject to NetworkPolicies: Prometheus reaches them through its
            // egress to any address, so no flow is declared here.
            activeSeries: () => this.context.nodes * exports.SERIES_PER_NODE,
            ruleGroups: (0, rules_1.nodeRules)(job, (0, context_1.rateWindow)(this.context)),
            dashboards: [(0, dashboard_1.nodeOverviewDashboard)(job)],
        };
    }
}
exports.NodeExporter = NodeExporter;
//# sourceMappingURL=node-exporter.js.map