// Snapshots live in the top-level __snapshots__/ folder, one file per test file (test file names
// are unique across the folders of test/).
const { existsSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const folders = ['constructs', 'stack', 'tools'];
module.exports = {
  resolveSnapshotPath: (testPath, ext) => path.join(root, '__snapshots__', path.basename(testPath) + ext),
  resolveTestPath: (snapshotPath, ext) => {
    const name = path.basename(snapshotPath, ext);
    const found = folders.map((f) => path.join(root, 'test', f, name)).find((p) => existsSync(p));
    return found ?? path.join(root, 'test', 'stack', name);
  },
  testPathForConsistencyCheck: path.join(root, 'test', 'stack', 'stack.test.ts'),
};
