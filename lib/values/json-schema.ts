import { z } from 'zod';
import { valuesSchema } from './schema';

/** JSON Schema of the values file as users write it (every key optional, defaults shown). */
export function valuesJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(valuesSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
