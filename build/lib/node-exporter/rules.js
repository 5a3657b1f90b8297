"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.NON_DISK_FSTYPES = void 0;
exports.nodeRules = nodeRules;
/** Filesystems that are not disks: memory-backed, read-only images, container layers. */
exports.NON_DISK_FSTYPES = 'tmpfs|ramfs|squashfs|overlay|nsfs|fuse.lxcfs|iso9660';
/**
 * Node alerts, with the source systems' thresholds: CPU above 80% for 2 minutes, memory available
 * below 20%, filesystem free below 15%.
 *
 * The two disk alerts share a name, one per severity, so that Alertmanager's inhibition (a
 * critical alert mutes the warning of the same name and target) sends one message, not two.
 *
 * Expressions follow node-exporter's real series: CPU time not spent in `idle`, `iowait` or
 * `steal` is busy time (the node-mixin definition); disk space ignores memory-backed and
 * read-only filesystems, which are full by design.
 */
function nodeRules(job, rateWindow) {
    const sel = `job="${job}"`;
    const disks = `${sel}, fstype!~"${exports.NON_DISK_FSTYPES}", fstype!=""`;
    return [{
            name: 'node-exporter',
            rules: [
                {
                    alert: 'NodeHighCpuUsage',
                    expr: `100 * (1 - avg by (instance) (sum by (instance, cpu) (rate(node_cpu_seconds_total{${sel}, mode=~"idle|iowait|steal"}[${rateWindow}])))) > 80`,
                    for: '2m',
                    labels: { severity: 'warning' },
                    annotations: {
                        summary: 'CPU usage above 80% on {{ $labels.instance }}',
                        description: 'CPU usage on node {{ $labels.instance }} has been {{ printf "%.1f" $value }}% for more than 2 minutes.',
                    },
                },
                {
                    alert: 'NodeMemoryLow',
                    expr: `100 * node_memory_MemAvailable_bytes{${sel}} / node_memory_MemTotal_bytes{${sel}} < 20`,
                    for: '2m',
                    labels: { severity: 'warning' },
                    annotations: {
                        summary: 'Less than 20% memory available on {{ $labels.instance }}',
                        description: 'Node {{ $labels.instance }} has only {{ printf "%.1f" $value }}% of its memory available.',
                    },
                },
                {
                    alert: 'NodeFilesystemSpaceLow',
                    expr: `100 * node_filesystem_avail_bytes{${disks}} / node_filesystem_size_bytes{${disks}} < 15`
                        + ` and node_filesystem_readonly{${disks}} == 0`,
                    for: '5m',
                    labels: { severity: 'warning' },
                    annotations: {
                        summary: 'Less than 15% free space on {{ $labels.mountpoint }} of {{ $labels.instance }}',
                        description: 'Filesystem {{ $labels.device }} mounted on {{ $labels.mountpoint }} of node {{ $labels.instance }} has {{ printf "%.1f" $value }}% free space left.',
                    },
                },
                {
                    alert: 'NodeFilesystemSpaceLow',
                    expr: `100 * node_filesystem_avail_bytes{${disks}} / node_filesystem_size_bytes{${disks}} < 5`
                        + ` and node_filesystem_readonly{${disks}} == 0`,
                    for: '5m',
                    labels: { severity: 'critical' },
                    annotations: {
                        summary: 'Less than 5% free space on {{ $labels.mountpoint }} of {{ $labels.instance }}',
                        description: 'Filesystem {{ $labels.device }} mounted on {{ $labels.mountpoint }} of node {{ $labels.instance }} has only {{ printf "%.1f" $value }}% free space left; writes will fail soon.',
                    },
                },
            ],
        }];
}
//# sourceMappingURL=rules.js.map