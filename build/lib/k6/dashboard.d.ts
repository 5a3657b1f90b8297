import { type DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
/**
 * "k6 smoke tests": the outcome of each scheduled run, as pushed to Pushgateway at its end. Every
 * series is a step: it holds the values of the last run until the next one replaces them.
 */
export declare function k6Dashboard(group: {
    job: string;
    instance: string;
}, missingAfterSeconds: number): DashboardBuilder;
