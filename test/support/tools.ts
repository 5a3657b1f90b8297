/**
 * Tests that need a real tool (promtool, haproxy, amtool, PostgreSQL...). When the tool is
 * missing they are skipped with a loud warning on a developer's machine, and fail in CI
 * (CI=true), where `.ci/run` installs every tool.
 */

import { which } from '../../app/check/tools';

export { toolVersion, which } from '../../app/check/tools';

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

/**
 * Debian 13's builds of tools whose Debian 12 package is older than the pinned image, unpacked by
 * `.ci/debian13-tools` (not installed: Debian 12's own package stays the default tool).
 */
export const DEBIAN13_ROOT = process.env.DEBIAN13_ROOT ?? '/opt/debian13';
/** Alertmanager and amtool v0.28.1 (Debian 13's 0.28.1+ds-1): the version lib/versions.ts pins. */
export const PINNED_ALERTMANAGER = `${DEBIAN13_ROOT}/usr/bin/prometheus-alertmanager`;
export const PINNED_AMTOOL = `${DEBIAN13_ROOT}/usr/bin/amtool`;
/** promtool 2.53.3 (Debian 13), built with Kubernetes service discovery (Debian 12's 2.42 is not). */
export const PROMTOOL_WITH_KUBERNETES_SD = `${DEBIAN13_ROOT}/usr/bin/promtool`;
/**
 * The exporters the tests run: Debian 13's builds, the nearest to the pinned images this machine can
 * have (Debian 12's in brackets).
 */
export const EXPORTERS = {
  /** node-exporter 1.9.0 (1.5.0); pinned v1.9.1. */
  nodeExporter: `${DEBIAN13_ROOT}/usr/bin/prometheus-node-exporter`,
  /** blackbox exporter 0.26.0 (0.23.0); pinned v0.27.0. */
  blackboxExporter: `${DEBIAN13_ROOT}/usr/bin/prometheus-blackbox-exporter`,
  /** Pushgateway 1.11.0 (1.5.1); pinned v1.11.1. */
  pushgateway: `${DEBIAN13_ROOT}/usr/bin/prometheus-pushgateway`,
  /** postgres-exporter 0.17.1 (0.11.1); pinned v0.17.1. */
  postgresExporter: `${DEBIAN13_ROOT}/usr/bin/prometheus-postgres-exporter`,
} as const;
/** Its default notification templates (embedded in the image; Debian's build reads them from a file). */
export const PINNED_ALERTMANAGER_TEMPLATES = `${DEBIAN13_ROOT}/usr/share/prometheus/alertmanager/default.tmpl`;

/** The one edit the pinned Alertmanager of Debian 13 needs, as a line for the lists of edits. */
export const PINNED_ALERTMANAGER_EDIT = "templates: + Debian 13's default.tmpl (the templates the image embeds)";

/**
 * alertmanager.yml as Debian 13's build of the pinned Alertmanager runs it: the synthesized document
 * plus Debian 13's default templates. Debian's build reads its default templates from
 * /usr/share/prometheus/alertmanager/ (the image embeds them), where Debian 12's 0.25 package put its
 * own, without v0.28.1's (msteamsv2.*); the file listed in `templates:` is parsed after them and
 * defines v0.28.1's. The synthesized file has no `templates:` of its own (asserted).
 */
export function forPinnedAlertmanager<T extends { templates?: string[] }>(doc: T): T {
  if (doc.templates !== undefined) throw new Error(`the synthesized alertmanager.yml has templates (${doc.templates.join(', ')}): the pinned run would change them`);
  return { ...doc, templates: [PINNED_ALERTMANAGER_TEMPLATES] };
}

/**
 * `describe` that runs only when every tool is there. Missing tools: a visible warning and a
 * skipped block locally; a failing test in CI.
 */
export function describeWithTools(tools: string[], title: string, fn: () => void): void {
  const missing = tools.filter((t) => which(t) === undefined);
  if (missing.length === 0) {
    describe(title, fn);
    return;
  }
  const how = missing.some((t) => t.startsWith(`${DEBIAN13_ROOT}/`)) ? 'run .ci/debian13-tools (as root)' : 'install the Debian packages of .ci/run';
  const message = `${title}: missing ${missing.join(', ')} — ${how}`;
  if (IN_CI) {
    describe(title, () => {
      test('required tools are installed', () => {
        throw new Error(message);
      });
    });
  } else {
    console.warn(`\n  !!! SKIPPED: ${message}\n`);
    describe.skip(title, fn);
  }
}
