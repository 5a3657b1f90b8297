/**
 * A typed model of Grafana's file provisioning: datasources, dashboard providers and alerting
 * (rule groups, contact points, notification policies). Serialized to YAML at synth time.
 * @see https://grafana.com/docs/grafana/latest/administration/provisioning/
 * @see https://grafana.com/docs/grafana/latest/alerting/set-up/provision-alerting-resources/file-provisioning/
 */

export interface DatasourcesFile {
  apiVersion: 1;
  datasources: Datasource[];
}

export interface Datasource {
  name: string;
  uid: string;
  type: 'prometheus' | 'alertmanager' | 'grafana-postgresql-datasource';
  access: 'proxy';
  url: string;
  isDefault?: boolean;
  editable?: boolean;
  basicAuth?: boolean;
  basicAuthUser?: string;
  jsonData?: Record<string, string | number | boolean>;
  /** Encrypted by Grafana in its database; here only `$VARIABLE` references to the pod's environment. */
  secureJsonData?: Record<string, string>;
}

export interface DashboardProvidersFile {
  apiVersion: 1;
  providers: DashboardProvider[];
}

export interface DashboardProvider {
  name: string;
  orgId: number;
  folder: string;
  /** Look the folder up (or create it) by this UID instead of by its title. @default - by title */
  folderUid?: string;
  type: 'file';
  disableDeletion: boolean;
  allowUiUpdates: boolean;
  updateIntervalSeconds: number;
  options: { path: string; foldersFromFilesStructure: boolean };
}

export interface PluginsFile {
  apiVersion: 1;
  apps: never[];
}

export interface AlertingFile {
  apiVersion: 1;
  groups?: AlertRuleGroup[];
  contactPoints?: ContactPoint[];
  policies?: NotificationPolicy[];
}

export interface AlertRuleGroup {
  orgId: number;
  name: string;
  /** The folder's title (or a path of titles, `a/b`): Grafana finds it, or creates it with a random UID. */
  folder: string;
  interval: string;
  rules: AlertRule[];
}

export interface AlertRule {
  uid: string;
  title: string;
  condition: string;
  data: AlertQuery[];
  noDataState: 'Alerting' | 'NoData' | 'OK' | 'KeepLast';
  execErrState: 'Alerting' | 'Error' | 'OK' | 'KeepLast';
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  isPaused?: boolean;
}

export interface AlertQuery {
  refId: string;
  relativeTimeRange?: { from: number; to: number };
  datasourceUid: string;
  model: Record<string, unknown>;
}

export interface ContactPoint {
  orgId: number;
  name: string;
  receivers: Array<{
    uid: string;
    type: 'prometheus-alertmanager' | 'email' | 'webhook';
    settings: Record<string, string | boolean>;
    disableResolveMessage?: boolean;
  }>;
}

export interface NotificationPolicy {
  orgId: number;
  receiver: string;
  group_by: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
}
