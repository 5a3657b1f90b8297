import type { Construct } from 'constructs';
import { Component, type ComponentProps } from '../core/component';
import { type ResourceSpec } from '../core/container';
import type { k8s } from 'cdk8s-plus-27';
import type { IMonitorable, MonitoringMixin } from '../monitoring/mixin';
export interface NodeExporterProps extends ComponentProps {
    /** @default - IMAGES.nodeExporter */
    readonly image?: string;
    /**
     * Namespace of the DaemonSet. node-exporter needs host access that the `restricted` Pod Security
     * Standard forbids, so it lives in a namespace of its own. @default - the stack context's node agent namespace
     */
    readonly namespace?: string;
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
export declare const NODE_EXPORTER_DEFAULTS: {
    readonly name: "node-exporter";
    readonly image: "quay.io/prometheus/node-exporter:v1.9.1";
    readonly resources: {
        readonly cpu: "50m";
        readonly memory: "64Mi";
        readonly memoryLimit: "128Mi";
    };
};
/**
 * Active series of one node's node-exporter. Measured: 507 on the build machine = ~310 fixed
 * + 13 per CPU + ~35 per network interface + 18 per disk + 7 per filesystem; a worker with 8 vCPUs,
 * 4 interfaces, 2 disks and 3 filesystems has ~610, with 16 vCPUs ~720. Rounded up to cover the
 * CNI's interfaces and the hardware collectors (hwmon excluded) of bare-metal nodes.
 */
export declare const SERIES_PER_NODE = 1000;
export declare const NODE_EXPORTER_PORT = 9100;
/**
 * Mount points that belong to containers and the kubelet, not to the node: leaving them out keeps
 * one series per real filesystem instead of one per pod volume.
 */
export declare const MOUNT_POINTS_EXCLUDE = "^/(dev|proc|sys|run/containerd/.+|run/k3s/containerd/.+|var/lib/docker/.+|var/lib/containerd/.+|var/lib/kubelet/.+)($|/)";
/**
 * Host ends of pods' network interfaces, one per pod: veth (most CNIs), cali (Calico), lxc
 * (Cilium), azv (Azure CNI), eni (AWS VPC CNI), gke (GKE dataplane v2) and the hashed names of
 * some CNIs. Node-level devices (eth0, bonds, the CNI's bridge or tunnel) stay.
 */
export declare const POD_NETDEVS_EXCLUDE = "^(veth.*|cali.*|lxc.*|azv.*|eni.*|gke.*|[a-f0-9]{15})$";
/** Pseudo and container-layer filesystem types. */
export declare const FS_TYPES_EXCLUDE = "^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$";
/**
 * node-exporter on every node, control-plane nodes included.
 *
 * It runs in the node agent namespace, with exactly the host access it needs: the host's PID and
 * network namespaces (process and network statistics of the node, not of a pod) and the host's
 * root filesystem mounted read-only. It runs as `nobody`, with no capabilities and a read-only
 * root filesystem; the Kubernetes API is never called, so no token is mounted.
 */
export declare class NodeExporter extends Component implements IMonitorable {
    readonly monitoring: MonitoringMixin;
    readonly daemonSet: k8s.KubeDaemonSet;
    constructor(scope: Construct, id: string, props?: NodeExporterProps);
}
