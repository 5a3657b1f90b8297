// One temporary folder per `npm test` run: TMPDIR points into it, so every folder a test makes
// with os.tmpdir() (syntheses, Prometheus' TSDB, PostgreSQL's data) lands there, and
// global-teardown.js removes it whatever the tests left behind. Readable by every user: the
// PostgreSQL tests run the server as an unprivileged user when they run as root.
const { chmodSync, mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = () => {
  const dir = mkdtempSync(join(tmpdir(), 'monitoring-stack-tests-'));
  chmodSync(dir, 0o755);
  process.env.TMPDIR = dir;
  process.env.MONITORING_STACK_TEST_TMP = dir;
};
