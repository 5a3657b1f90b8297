import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { Component, type ComponentProps } from '../core/component';
import { type ResourceSpec } from '../core/container';
import { type INetworkPeer } from '../core/network';
import type { IMonitorable, MonitoringMixin } from '../monitoring/mixin';
import type { BlackboxModule } from './config';
export interface BlackboxExporterProps extends ComponentProps {
    /** @default - IMAGES.blackboxExporter */
    readonly image?: string;
    /** @default 2 */
    readonly replicas?: number;
    /**
     * Requests and limits. The exporter idles at about 15 MiB and a probe is one goroutine and one
     * request; the limit leaves room for many concurrent probes with TLS handshakes.
     * @default { cpu: '20m', memory: '32Mi', memoryLimit: '128Mi' }
     */
    readonly resources?: ResourceSpec;
    /**
     * A Secret whose key `ca.crt` holds the CA that signs the certificates of HTTPS probes of the
     * stack's edge (a private CA, or cert-manager's CA and self-signed issuers, which write `ca.crt`
     * into the certificate's Secret). Only that key is mounted.
     * @default - the image's system roots
     */
    readonly caSecret?: string;
}
/** The defaults of {@link BlackboxExporterProps}, also those of the values file's `blackbox` keys. */
export declare const BLACKBOX_DEFAULTS: {
    readonly name: "blackbox-exporter";
    readonly image: "quay.io/prometheus/blackbox-exporter:v0.27.0";
    readonly replicas: 2;
    readonly resources: {
        readonly cpu: "20m";
        readonly memory: "32Mi";
        readonly memoryLimit: "128Mi";
    };
};
/** Active series of one probe: `probe_*` (HTTP phases, TLS, status) and its scrape series. */
export declare const BLACKBOX_SERIES_PER_PROBE = 30;
/** A component of the stack a probe reaches: the blackbox exporter is let through to its port. */
export interface ProbedComponent {
    readonly peer: INetworkPeer;
    readonly port: number;
}
/** Where the exporter finds the CA of {@link BlackboxExporterProps.caSecret}. */
export declare const BLACKBOX_CA_FILE = "/etc/blackbox_exporter/ca/ca.crt";
/** One URL probed with one module. */
export interface Probe {
    /** Short name, the `probe` label of its series (`grafana`, `api`, an application's name). */
    readonly name: string;
    readonly url: string;
    /** A module of the exporter's configuration. */
    readonly module: string;
}
export declare const BLACKBOX_PORT = 9115;
/** Job of the probes (`probe_success`, `probe_duration_seconds`...). */
export declare const PROBE_JOB = "blackbox";
/** Job of the exporter's own metrics. */
export declare const EXPORTER_JOB = "blackbox-exporter";
/**
 * Modules every exporter offers. HTTP and TCP probes resolve IPv4 only: Services and pods of an
 * IPv4 cluster have no AAAA record, and the exporter's default (IPv6 first) would spend part of
 * every probe on a failed lookup.
 */
export declare const STANDARD_MODULES: Readonly<Record<string, BlackboxModule>>;
/**
 * The Prometheus blackbox exporter: probes URLs from inside the cluster the way a user's browser
 * would, and reports whether each answered, how fast, and with which certificate.
 *
 * Probes are targets of one Prometheus job (`blackbox`) using the standard multi-target pattern:
 * Prometheus scrapes `/probe?target=<url>&module=<module>` on the exporter's Service, and the
 * `instance` label is the probed URL, not the exporter. Adding a probe changes prometheus.yml only;
 * the exporter's pods are not restarted. Two replicas behind the Service keep probing through a
 * node drain or a rollout, so an exporter restart never looks like an outage of every URL.
 */
export declare class BlackboxExporter extends Component implements IMonitorable {
    readonly monitoring: MonitoringMixin;
    readonly deployment: k8s.KubeDeployment;
    readonly serviceName: string;
    readonly port = 9115;
    readonly replicas: number;
    /** The CA file of {@link BlackboxExporterProps.caSecret}, when given. */
    readonly caFile?: string;
    private readonly modules;
    private readonly probeList;
    /** The probe job's targets; filled by addProbe(), read when prometheus.yml is rendered. */
    private readonly probeTargets;
    constructor(scope: Construct, id: string, props?: BlackboxExporterProps);
    /**
     * Probes a URL over HTTP (`http://`) or HTTPS (`https://`, which also fails on a plain-HTTP
     * answer and reports the certificate's expiry): healthy when it answers 2xx, after redirects.
     */
    addHttpProbe(name: string, url: string, target?: ProbedComponent): void;
    /**
     * Probes a URL (or `host:port` for TCP modules) with a module of the exporter. When the URL is a
     * component of the stack, give it as `target`: the exporter is let through to its port.
     */
    addProbe(probe: Probe, target?: ProbedComponent): void;
    /** Adds a module to the exporter's configuration (e.g. HTTPS verified for another host name). */
    addModule(name: string, module: BlackboxModule): void;
    /** Every probe, in the order they were added. */
    get probes(): Probe[];
    /** `blackbox.yml`, as the exporter reads it. */
    renderConfig(): string;
}
/** What the Grafana probes need to know about HAProxy. */
export interface GrafanaEdge {
    /** In-cluster URL of HAProxy's plain-HTTP port. */
    readonly url: string;
    /** In-cluster URL of HAProxy's HTTPS port, when HAProxy terminates TLS. */
    readonly httpsUrl?: string;
}
/**
 * Probes Grafana the way users reach it: through HAProxy's Service, on Grafana's `/api/health`, so
 * that a failure anywhere on the path (HAProxy, its DNS-resolved backends, Grafana, its database)
 * fails the probe.
 *
 * When HAProxy terminates TLS, its HTTPS port is probed with the certificate verified for the
 * public host name (`tlsServerName`, which the in-cluster Service name is not) — that also
 * reports the certificate's expiry — and its HTTP port must answer with a redirect to HTTPS.
 */
export declare function probeGrafanaThroughHaproxy(blackbox: BlackboxExporter, edge: GrafanaEdge, tlsServerName?: string): void;
/** Name of the probe of an extra URL: its host and path (`grafana.example.org/api/health`). */
export declare function probeNameOf(url: string): string;
