// Removes the run's temporary folder (see global-setup.js).
const { rmSync } = require('node:fs');

module.exports = () => {
  const dir = process.env.MONITORING_STACK_TEST_TMP;
  if (dir) rmSync(dir, { recursive: true, force: true });
};
