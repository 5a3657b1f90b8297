/** Writes values.schema.json, the JSON Schema editors use for completion, from the zod schema. */
import { writeFileSync } from 'node:fs';
import { valuesJsonSchema } from '../lib/values/json-schema';

writeFileSync('values.schema.json', `${JSON.stringify(valuesJsonSchema(), null, 2)}\n`);
console.log('Wrote values.schema.json');
