"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=mixin.js.map