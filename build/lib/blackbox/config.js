"use strict";
/**
 * A typed model of the parts of the blackbox exporter's `blackbox.yml` the stack writes. Keys are
 * spelled exactly as the exporter reads them (it rejects unknown keys), so serializing an object of
 * these types gives the file.
 *
 * Only fields that exist in every version from the Debian test tool (0.23) to the pinned image
 * (0.27) are modelled, so that `--config.check` of the test tool proves what the image will load.
 * @see https://github.com/prometheus/blackbox_exporter/blob/master/CONFIGURATION.md
 */
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=config.js.map