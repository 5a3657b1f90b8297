"use strict";
// Generated from lib/values/schema.ts by `npm run schema`: do not edit (test/values.test.ts checks it is fresh).
// The props of MonitoringStack: the keys of the values file, each optional with its default.
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=props.js.map