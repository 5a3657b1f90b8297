/**
 * `npm run schema`: writes what is generated from the values schema (lib/values/schema.ts):
 * values.schema.json, the JSON Schema editors use for completion, and lib/values/props.ts, the
 * typed props of MonitoringStack.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { valuesJsonSchema, valuesPropsSource } from '../lib/values/json-schema';

const root = join(__dirname, '..');
writeFileSync(join(root, 'values.schema.json'), `${JSON.stringify(valuesJsonSchema(), null, 2)}\n`);
writeFileSync(join(root, 'lib/values/props.ts'), valuesPropsSource());
console.log('Wrote values.schema.json and lib/values/props.ts');
