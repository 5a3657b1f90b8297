/**
 * Reads a file that ships next to the module using it (an SQL script, a k6 script), at synth time:
 * `readAsset(__dirname, 'init.sql')`.
 *
 * `__dirname` is the module's own folder in each way the code runs: in place under jest, in the
 * compiled package (`npm run build` copies the assets next to the JavaScript), and in the bundle
 * of `npm run synth`, whose builder (scripts/run-ts.mjs) gives every source module its own folder
 * as `__dirname`.
 */
export declare function readAsset(moduleDir: string, file: string): string;
