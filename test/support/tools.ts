/**
 * Tests that need a real tool (promtool, haproxy, amtool, PostgreSQL...). When the tool is
 * missing they are skipped with a loud warning on a developer's machine, and fail in CI
 * (CI=true), where `.ci/run` installs every tool.
 */

import { which } from '../../app/check/tools';

export { toolVersion, which } from '../../app/check/tools';

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

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
  const message = `${title}: missing ${missing.join(', ')} — install the Debian packages of .ci/run`;
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
