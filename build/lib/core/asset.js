"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.readAsset = readAsset;
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
/**
 * Reads a file that ships next to the module using it (an SQL script, a k6 script), at synth time:
 * `readAsset(__dirname, 'init.sql')`.
 *
 * `__dirname` is the module's own folder in each way the code runs: in place under jest, in the
 * compiled package (`npm run build` copies the assets next to the JavaScript), and in the bundle
 * of `npm run synth`, whose builder (scripts/run-ts.mjs) gives every source module its own folder
 * as `__dirname`.
 */
function readAsset(moduleDir, file) {
    const path = (0, node_path_1.join)(moduleDir, file);
    try {
        return (0, node_fs_1.readFileSync)(path, 'utf8');
    }
    catch (e) {
        throw new Error(`Cannot read ${file}, which ships next to the module that uses it (${path}): ${e.code ?? e.message}.`);
    }
}
//# sourceMappingURL=asset.js.map