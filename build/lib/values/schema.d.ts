/**
 * The values file: one zod schema is the single source of the TypeScript types, the defaults, the
 * validation and `values.schema.json` (generated from it by `npm run schema`, read by editors).
 *
 * Every field says what it accepts in its error message; the loader adds the key path and the
 * value given. Rules that involve several fields are in `checks.ts`.
 */
import { z } from 'zod';
export declare function isPinnedImage(ref: string): boolean;
export declare const valuesSchema: z.ZodObject<{
    namespace: z.ZodDefault<z.ZodString>;
    cluster: z.ZodPrefault<z.ZodObject<{
        nodes: z.ZodDefault<z.ZodNumber>;
        domain: z.ZodDefault<z.ZodString>;
    }, z.core.$strict>>;
    prometheus: z.ZodPrefault<z.ZodObject<{
        image: z.ZodDefault<z.ZodString>;
        retention: z.ZodDefault<z.ZodString>;
        retentionSize: z.ZodOptional<z.ZodString>;
        scrapeInterval: z.ZodDefault<z.ZodString>;
        evaluationInterval: z.ZodOptional<z.ZodString>;
        storage: z.ZodPrefault<z.ZodObject<{
            size: z.ZodOptional<z.ZodString>;
            storageClass: z.ZodOptional<z.ZodString>;
        }, z.core.$strict>>;
        externalLabels: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodString>>;
    }, z.core.$strict>>;
    grafana: z.ZodPrefault<z.ZodObject<{
        image: z.ZodDefault<z.ZodString>;
        replicas: z.ZodDefault<z.ZodNumber>;
        adminSecret: z.ZodDefault<z.ZodString>;
        rootUrl: z.ZodOptional<z.ZodString>;
        egressPorts: z.ZodDefault<z.ZodArray<z.ZodNumber>>;
    }, z.core.$strict>>;
    haproxy: z.ZodPrefault<z.ZodObject<{
        image: z.ZodDefault<z.ZodString>;
        replicas: z.ZodDefault<z.ZodNumber>;
        port: z.ZodDefault<z.ZodNumber>;
        serviceType: z.ZodDefault<z.ZodEnum<{
            ClusterIP: "ClusterIP";
            NodePort: "NodePort";
            LoadBalancer: "LoadBalancer";
        }>>;
        maxGrafanaReplicas: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>>;
    nodeExporter: z.ZodPrefault<z.ZodObject<{
        image: z.ZodDefault<z.ZodString>;
        namespace: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>>;
    postgres: z.ZodPrefault<z.ZodObject<{
        enabled: z.ZodDefault<z.ZodBoolean>;
        image: z.ZodDefault<z.ZodString>;
        exporterImage: z.ZodDefault<z.ZodString>;
        storage: z.ZodPrefault<z.ZodObject<{
            size: z.ZodDefault<z.ZodString>;
            storageClass: z.ZodOptional<z.ZodString>;
        }, z.core.$strict>>;
        credentialsSecret: z.ZodDefault<z.ZodString>;
    }, z.core.$strict>>;
    api: z.ZodPrefault<z.ZodObject<{
        enabled: z.ZodDefault<z.ZodBoolean>;
        image: z.ZodDefault<z.ZodString>;
        replicas: z.ZodDefault<z.ZodNumber>;
        port: z.ZodDefault<z.ZodNumber>;
        healthPath: z.ZodDefault<z.ZodString>;
        readinessPath: z.ZodDefault<z.ZodString>;
        metricsPath: z.ZodDefault<z.ZodString>;
    }, z.core.$strict>>;
    k6: z.ZodPrefault<z.ZodObject<{
        enabled: z.ZodDefault<z.ZodBoolean>;
        image: z.ZodDefault<z.ZodString>;
        schedule: z.ZodDefault<z.ZodString>;
        script: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>>;
    pushgateway: z.ZodPrefault<z.ZodObject<{
        enabled: z.ZodDefault<z.ZodBoolean>;
        image: z.ZodDefault<z.ZodString>;
        storage: z.ZodPrefault<z.ZodObject<{
            size: z.ZodDefault<z.ZodString>;
            storageClass: z.ZodOptional<z.ZodString>;
        }, z.core.$strict>>;
    }, z.core.$strict>>;
    blackbox: z.ZodPrefault<z.ZodObject<{
        enabled: z.ZodDefault<z.ZodBoolean>;
        image: z.ZodDefault<z.ZodString>;
        targets: z.ZodDefault<z.ZodArray<z.ZodString>>;
    }, z.core.$strict>>;
    alertmanager: z.ZodPrefault<z.ZodObject<{
        enabled: z.ZodDefault<z.ZodBoolean>;
        image: z.ZodDefault<z.ZodString>;
        replicas: z.ZodDefault<z.ZodNumber>;
        receiversSecret: z.ZodDefault<z.ZodString>;
        email: z.ZodOptional<z.ZodObject<{
            to: z.ZodArray<z.ZodEmail>;
            from: z.ZodEmail;
            smarthost: z.ZodString;
            username: z.ZodOptional<z.ZodString>;
            requireTls: z.ZodDefault<z.ZodBoolean>;
        }, z.core.$strict>>;
        webhook: z.ZodDefault<z.ZodBoolean>;
    }, z.core.$strict>>;
    tls: z.ZodPrefault<z.ZodObject<{
        enabled: z.ZodDefault<z.ZodBoolean>;
        secretName: z.ZodDefault<z.ZodString>;
        caSecret: z.ZodOptional<z.ZodString>;
        mode: z.ZodDefault<z.ZodEnum<{
            ingress: "ingress";
            haproxy: "haproxy";
        }>>;
        ingress: z.ZodPrefault<z.ZodObject<{
            className: z.ZodOptional<z.ZodString>;
            host: z.ZodOptional<z.ZodString>;
        }, z.core.$strict>>;
    }, z.core.$strict>>;
    applications: z.ZodDefault<z.ZodArray<z.ZodObject<{
        name: z.ZodString;
        targets: z.ZodArray<z.ZodString>;
        metricsPath: z.ZodDefault<z.ZodString>;
        probeUrl: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>>>;
}, z.core.$strict>;
/** The values after defaults: what the chart reads. */
export type Values = z.output<typeof valuesSchema>;
/** The values as written in a file: every key optional. */
export type ValuesInput = z.input<typeof valuesSchema>;
