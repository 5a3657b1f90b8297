import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { Component, type ComponentProps } from '../core/component';
import { type ResourceSpec } from '../core/container';
import type { INetworkPeer } from '../core/network';
import type { GrafanaDatabase, SecretKeyRef } from '../grafana/grafana';
import type { IMonitorable, MonitoringMixin } from '../monitoring/mixin';
/**
 * Keys of the credentials Secret. It is created beforehand (`npm run secrets`, or
 * `kubectl create secret generic`), never by the manifests.
 */
export declare const POSTGRES_SECRET_KEYS: {
    /** Password of the superuser `postgres`. */
    readonly superuserPassword: "postgres-password";
    /** Name of Grafana's role (Grafana reads its database user from the Secret too). */
    readonly grafanaUser: "grafana-user";
    readonly grafanaPassword: "grafana-password";
    /** Password of role `immigration_api`. */
    readonly apiPassword: "api-password";
    /** Password of role `postgres_exporter`. */
    readonly exporterPassword: "exporter-password";
};
/** The defaults of {@link PostgresProps}, also those of the values file's `postgres` keys. */
export declare const POSTGRES_DEFAULTS: {
    readonly name: "postgres";
    readonly image: "docker.io/library/postgres:17.6";
    readonly exporterImage: "quay.io/prometheuscommunity/postgres-exporter:v0.17.1";
    readonly storageSize: "5Gi";
    readonly credentialsSecretName: "postgres-credentials";
    readonly resources: {
        readonly cpu: "250m";
        readonly memory: "512Mi";
        readonly memoryLimit: "1Gi";
    };
};
/** Active series of postgres-exporter's default collectors, rounded up. */
export declare const POSTGRES_SERIES = 800;
export declare const POSTGRES_PORT = 5432;
export declare const POSTGRES_EXPORTER_PORT = 9187;
/** The API's database, created by the image from POSTGRES_DB. */
export declare const IMMIGRATION_DATABASE = "immigration";
/** Roles created by init.sql. */
export declare const API_ROLE = "immigration_api";
export declare const EXPORTER_ROLE = "postgres_exporter";
export declare const GRAFANA_DATABASE_NAME = "grafana";
/** ConfigMap key, and file name in /docker-entrypoint-initdb.d. */
export declare const INIT_SQL_KEY = "immigration-init.sql";
/** A client's login to a database of the stack's PostgreSQL. */
export interface DatabaseLogin {
    /** The server, whose NetworkPolicy lets the client in. */
    readonly server: INetworkPeer;
    /** Fully-qualified name of the Service. */
    readonly host: string;
    readonly port: number;
    readonly database: string;
    readonly user: string;
    readonly password: SecretKeyRef;
}
/** What other components need to know about PostgreSQL. */
export interface IPostgres {
    /** Grafana's database (`GrafanaProps.database`). */
    readonly grafanaDatabase: GrafanaDatabase;
    /** The API's login to the immigration database. */
    readonly apiLogin: DatabaseLogin;
}
export interface PostgresStorage {
    /** PVC size, at least 1Gi. @default '5Gi' */
    readonly size?: string;
    /** @default - the cluster's default StorageClass */
    readonly storageClass?: string;
}
export interface PostgresProps extends ComponentProps {
    /** @default - IMAGES.postgres */
    readonly image?: string;
    /** @default - IMAGES.postgresExporter */
    readonly exporterImage?: string;
    /** The volume holding the data directory. @default - 5Gi of the cluster's default StorageClass */
    readonly storage?: PostgresStorage;
    /**
     * Existing Secret holding the credentials, under the keys of {@link POSTGRES_SECRET_KEYS}.
     * @default 'postgres-credentials'
     */
    readonly credentialsSecretName?: string;
    /**
     * Requests and limits of PostgreSQL. 128 MiB of shared buffers plus work memory of a few dozen
     * connections; the limit leaves room for maintenance (VACUUM, index builds).
     * @default { cpu: '250m', memory: '512Mi', memoryLimit: '1Gi' }
     */
    readonly resources?: ResourceSpec;
}
/**
 * PostgreSQL as a one-replica StatefulSet on a PersistentVolumeClaim, with postgres-exporter as a
 * sidecar: the database of the immigration API and the shared database of the Grafana replicas.
 *
 * The official image initializes an empty volume: initdb (peer authentication on the socket,
 * SCRAM over TCP, loopback included), then `init.sql`, which creates the API's schema and the
 * roles of the API, Grafana and the exporter with passwords read from the environment. Every
 * password comes from the credentials Secret; none is in the manifests.
 *
 * The exporter is a sidecar: it connects over the pod's loopback with its own `pg_monitor` role,
 * so `pg_up` is about this very database, and no network flow is opened for it. It runs as
 * `nobody`; PostgreSQL runs as the image's `postgres` user (999), both with a read-only root
 * filesystem (the socket directory, /tmp and /dev/shm are emptyDirs).
 */
export declare class Postgres extends Component implements IPostgres, IMonitorable {
    readonly monitoring: MonitoringMixin;
    readonly statefulSet: k8s.KubeStatefulSet;
    readonly serviceName: string;
    readonly port = 5432;
    /** Fully-qualified name of the Service clients connect to. */
    readonly host: string;
    readonly grafanaDatabase: GrafanaDatabase;
    readonly apiLogin: DatabaseLogin;
    readonly credentialsSecretName: string;
    constructor(scope: Construct, id: string, props?: PostgresProps);
}
