"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.nodeOverviewDashboard = nodeOverviewDashboard;
const dashboard_kit_1 = require("../monitoring/dashboard-kit");
const rules_1 = require("./rules");
/** Network devices that belong to containers, not to the node. */
const VIRTUAL_NETDEVS = 'lo|veth.*|cali.*|flannel.*|cni.*|docker.*|br-.*|vxlan.*|tunl.*|[a-f0-9]{15}';
/** "Nodes": CPU, memory, disk and network of every node, one series per node. */
function nodeOverviewDashboard(job) {
    const node = `job="${job}", instance=~"$node"`;
    const disks = `${node}, fstype!~"${rules_1.NON_DISK_FSTYPES}", fstype!=""`;
    const nics = `${node}, device!~"${VIRTUAL_NETDEVS}"`;
    const d = (0, dashboard_kit_1.newDashboard)({
        uid: 'nodes-overview',
        title: 'Nodes',
        tags: ['nodes'],
        description: 'CPU, memory, disk and network of every node, from node-exporter.',
        variables: [{ name: 'node', label: 'Node', query: `label_values(node_uname_info{job="${job}"}, instance)` }],
    });
    (0, dashboard_kit_1.addRow)(d, {
        title: 'Overview',
        panels: [
            (0, dashboard_kit_1.statPanel)('Nodes up', [{ expr: `sum(up{job="${job}"})` }], { span: 6 }),
            (0, dashboard_kit_1.statPanel)('CPU cores', [{ expr: `count(node_cpu_seconds_total{${node}, mode="idle"})` }], { span: 6 }),
            (0, dashboard_kit_1.statPanel)('Memory', [{ expr: `sum(node_memory_MemTotal_bytes{${node}})` }], { span: 6, unit: 'bytes' }),
            (0, dashboard_kit_1.statPanel)('Uptime (shortest)', [{ expr: `min(node_time_seconds{${node}} - node_boot_time_seconds{${node}})` }], { span: 6, unit: 's' }),
        ],
    });
    (0, dashboard_kit_1.addRow)(d, {
        title: 'CPU',
        panels: [
            (0, dashboard_kit_1.timeSeriesPanel)('CPU usage', [{
                    expr: `100 * (1 - avg by (instance) (sum by (instance, cpu) (rate(node_cpu_seconds_total{${node}, mode=~"idle|iowait|steal"}[$__rate_interval]))))`,
                    legend: '{{instance}}',
                }], { unit: 'percent', min: 0, max: 100, thresholds: [[80, 'red']], description: 'Busy time: everything but idle, iowait and steal. Alert above 80% for 2m.' }),
            (0, dashboard_kit_1.timeSeriesPanel)('Load average (1m) per core', [{
                    expr: `node_load1{${node}} / on (instance) count by (instance) (node_cpu_seconds_total{${node}, mode="idle"})`,
                    legend: '{{instance}}',
                }], { min: 0 }),
        ],
    });
    (0, dashboard_kit_1.addRow)(d, {
        title: 'Memory',
        panels: [
            (0, dashboard_kit_1.timeSeriesPanel)('Memory used', [{
                    expr: `100 * (1 - node_memory_MemAvailable_bytes{${node}} / node_memory_MemTotal_bytes{${node}})`,
                    legend: '{{instance}}',
                }], { unit: 'percent', min: 0, max: 100, thresholds: [[80, 'red']], description: 'Alert when less than 20% is available.' }),
            (0, dashboard_kit_1.timeSeriesPanel)('Memory available', [{
                    expr: `node_memory_MemAvailable_bytes{${node}}`,
                    legend: '{{instance}}',
                }], { unit: 'bytes', min: 0 }),
        ],
    });
    (0, dashboard_kit_1.addRow)(d, {
        title: 'Disk',
        panels: [
            (0, dashboard_kit_1.timeSeriesPanel)('Filesystem used', [{
                    expr: `100 * (1 - node_filesystem_avail_bytes{${disks}} / node_filesystem_size_bytes{${disks}})`,
                    legend: '{{instance}} {{mountpoint}}',
                }], { unit: 'percent', min: 0, max: 100, thresholds: [[85, 'red']], description: 'Disks only (memory-backed and image filesystems left out). Alert when less than 15% is free.' }),
            (0, dashboard_kit_1.timeSeriesPanel)('Disk I/O', [
                { expr: `sum by (instance) (rate(node_disk_read_bytes_total{${node}}[$__rate_interval]))`, legend: '{{instance}} read' },
                { expr: `sum by (instance) (rate(node_disk_written_bytes_total{${node}}[$__rate_interval]))`, legend: '{{instance}} written' },
            ], { unit: 'Bps', min: 0 }),
        ],
    });
    (0, dashboard_kit_1.addRow)(d, {
        title: 'Network',
        panels: [
            (0, dashboard_kit_1.timeSeriesPanel)('Received', [{
                    expr: `sum by (instance) (rate(node_network_receive_bytes_total{${nics}}[$__rate_interval])) * 8`,
                    legend: '{{instance}}',
                }], { unit: 'bps', min: 0 }),
            (0, dashboard_kit_1.timeSeriesPanel)('Transmitted', [{
                    expr: `sum by (instance) (rate(node_network_transmit_bytes_total{${nics}}[$__rate_interval])) * 8`,
                    legend: '{{instance}}',
                }], { unit: 'bps', min: 0 }),
        ],
    });
    return d;
}
//# sourceMappingURL=dashboard.js.map