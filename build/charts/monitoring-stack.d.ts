import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { Alertmanager } from '../lib/alertmanager/alertmanager';
import { BlackboxExporter } from '../lib/blackbox/blackbox';
import { Grafana } from '../lib/grafana/grafana';
import { Haproxy } from '../lib/haproxy/haproxy';
import { EdgeIngress } from '../lib/haproxy/ingress';
import type { IMonitorable } from '../lib/monitoring/mixin';
import { NodeExporter } from '../lib/node-exporter/node-exporter';
import { Postgres } from '../lib/postgres/postgres';
import type { CapacityEstimate } from '../lib/prometheus/capacity';
import { Prometheus } from '../lib/prometheus/prometheus';
import type { MonitoringStackProps } from '../lib/values/props';
import type { Values } from '../lib/values/schema';
import { NamespacesChart } from './namespaces';
export type { MonitoringStackProps } from '../lib/values/props';
/**
 * The whole stack, from the keys of a values file: this chart maps each key to the props of a
 * component of `lib/` and connects the components (who queries, balances, probes or alerts whom).
 * Everything else lives in the components: their objects, their hardening, their network flows,
 * their scrape jobs, rules and dashboards, and Prometheus' sizing from what it monitors.
 *
 * The props are validated as a values file is (every problem at once, each naming its key, the
 * value and what is allowed), and the stack's namespaces go into a chart of their own,
 * `<id>-namespaces`, that this one depends on, so that `kubectl apply -f` creates them first.
 */
export declare class MonitoringStack extends Chart {
    /** The values the stack was built from, every default filled in. */
    readonly values: Values;
    /** The chart of the stack's namespaces. */
    readonly namespaces: NamespacesChart;
    readonly prometheus: Prometheus;
    readonly grafana: Grafana;
    readonly haproxy: Haproxy;
    readonly nodeExporter: NodeExporter;
    /** The shared database (values.postgres.enabled). */
    readonly postgres?: Postgres;
    /** Probes (values.blackbox.enabled). */
    readonly blackbox?: BlackboxExporter;
    /** Alert delivery (values.alertmanager.enabled). */
    readonly alertmanager?: Alertmanager;
    /** TLS by the ingress controller (values.tls.mode: ingress). */
    readonly ingress?: EdgeIngress;
    /** Every component Prometheus monitors, in creation order. */
    readonly components: IMonitorable[];
    constructor(scope: Construct, id: string, props?: MonitoringStackProps);
    /** The capacity model's estimate of Prometheus for this stack. */
    get capacity(): CapacityEstimate;
}
