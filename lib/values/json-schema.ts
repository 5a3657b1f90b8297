/**
 * What is generated from the values schema (lib/values/schema.ts), so that it has one source:
 * `values.schema.json` for editors, and `props.ts`, the TypeScript interfaces of
 * `MonitoringStack`'s props with each key's description and `@default` as JSDoc. `npm run schema`
 * writes both; a test fails when either is stale.
 */
import { z } from 'zod';
import { valuesSchema } from './schema';

/** JSON Schema of the values file as users write it (every key optional, defaults shown). */
export function valuesJsonSchema(io: 'input' | 'output' = 'input'): Record<string, unknown> {
  return z.toJSONSchema(valuesSchema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
}

interface JsonSchemaNode {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  items?: JsonSchemaNode;
  additionalProperties?: JsonSchemaNode | boolean;
  anyOf?: JsonSchemaNode[];
  /** `#/$defs/<id>`: a schema with an `id` (lib/values/pod-settings.ts), defined once. */
  $ref?: string;
  $defs?: Record<string, JsonSchemaNode>;
}

const pascal = (path: string[]) => path.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');

/** The JSDoc of a key: its description, and its default as a `@default` tag. */
function jsdoc(node: JsonSchemaNode, indent: string): string[] {
  const lines: string[] = [];
  let text = (node.description ?? '').trim();
  let tag: string | undefined;
  if (node.default !== undefined && !(typeof node.default === 'object' && node.default !== null && !Array.isArray(node.default))) {
    tag = JSON.stringify(node.default).replace(/"/g, "'");
  } else {
    // "... Default: the cluster default StorageClass." → @default - the cluster default StorageClass
    const m = /\s*Default:?\s+([^]*?)\.?$/.exec(text);
    if (m && m.index > 0) {
      tag = `- ${m[1]}`;
      text = text.slice(0, m.index);
    }
  }
  // Keep the description's own "Default 2." out: the tag says it.
  if (node.default !== undefined) {
    const shown = String(node.default).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    text = text.replace(new RegExp(`\\s*Default ${shown}\\.?$`), '').replace(/\s*Default [^ ]*\.$/, '');
  }
  text = text.replace(/\*\//g, '*\\/');
  if (text) lines.push(...wrap(text, 96 - indent.length));
  if (tag) lines.push(`@default ${tag.replace(/\*\//g, '*\\/')}`);
  if (lines.length === 0) return [];
  if (lines.length === 1) return [`${indent}/** ${lines[0]} */`];
  return [`${indent}/**`, ...lines.map((l) => `${indent} * ${l}`), `${indent} */`];
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) out.push(line);
  return out;
}

/**
 * `props.ts`: one interface per object of the values schema, twice: as written (`MonitoringStackProps`,
 * keys optional where the file may leave them out) and as resolved (`ResolvedValues`, every default
 * filled in). They are the schema's input and output types, written out so that the library's
 * declarations do not depend on zod's (a test asserts each pair is assignable both ways). A
 * resolved interface that would repeat its input one (no default anywhere below it: tolerations,
 * affinity) is an alias of it instead.
 */
export function valuesPropsSource(): string {
  const header = [
    '// Generated from lib/values/schema.ts by `npm run schema`: do not edit (test/stack/values.test.ts checks it is fresh).',
    '// The props of MonitoringStack (the keys of the values file, each optional with its default), and the values',
    '// once resolved (every default filled in).',
  ].join('\n');
  const input = interfacesOf('input');
  return `${[header, ...input, ...aliasUnchanged(input, interfacesOf('output'))].join('\n\n')}\n`;
}

/** `export interface <Name> {` of a generated interface. */
const interfaceName = (source: string) => /^export interface (\w+) \{/m.exec(source)![1];

/**
 * The resolved interfaces, each one that equals its input interface (the same text once `Resolved`
 * is taken off every name, and every resolved interface it refers to equal too) replaced by
 * `export type Resolved<X> = <X>;`.
 */
function aliasUnchanged(input: string[], output: string[]): string[] {
  const inputs = new Map(input.map((s) => [interfaceName(s), s]));
  const unresolved = (s: string) => s.replace(/\bResolved(\w*Values)\b/g, '$1');
  const refs = (s: string) => [...s.matchAll(/\b(Resolved\w*Values)\b/g)].map((m) => m[1]);
  const same = new Set(output.filter((s) => inputs.get(unresolved(interfaceName(s))) === unresolved(s)).map(interfaceName));
  // Equal text is not enough when a referenced resolved interface differs from its input: drop
  // those until none is left.
  for (let changed = true; changed;) {
    changed = false;
    for (const s of output) {
      const name = interfaceName(s);
      if (same.has(name) && refs(s).some((r) => r !== name && !same.has(r))) {
        same.delete(name);
        changed = true;
      }
    }
  }
  return output.map((s) => {
    const name = interfaceName(s);
    return same.has(name) ? `/** ${unresolved(name)} as written: no key below it has a default. */\nexport type ${name} = ${unresolved(name)};` : s;
  });
}

function interfacesOf(io: 'input' | 'output'): string[] {
  const schema = valuesJsonSchema(io) as JsonSchemaNode;
  const interfaces: string[] = [];
  const nameOf = (path: string[]) => io === 'input'
    ? (path.length === 0 ? 'MonitoringStackProps' : `${pascal(path)}Values`)
    : `Resolved${path.length === 0 ? '' : pascal(path)}Values`;
  // A definition of $defs is one interface, named by its id, whatever the number of keys using it.
  const defined = new Map<string, string>();
  const refType = (ref: string): string => {
    const id = ref.replace(/^#\/\$defs\//, '');
    const known = defined.get(id);
    if (known) return known;
    const def = schema.$defs?.[id];
    if (!def) throw new Error(`values schema: no definition ${ref}`);
    const name = io === 'input' ? `${id}Values` : `Resolved${id}Values`;
    defined.set(id, name);
    if (def.type === 'object' && def.properties) objectInterface(def, [id], name);
    else return typeOf(def, [id]);
    return name;
  };
  const typeOf = (node: JsonSchemaNode, path: string[]): string => {
    if (node.$ref) return refType(node.$ref);
    if (node.const !== undefined) return JSON.stringify(node.const).replace(/"/g, "'");
    if (node.enum) return node.enum.map((v) => JSON.stringify(v).replace(/"/g, "'")).join(' | ');
    // `true` or a mapping (alertmanager.webhook): each alternative, the mapping named by the key.
    if (node.anyOf) return node.anyOf.map((n) => typeOf(n, path)).join(' | ');
    switch (node.type) {
      case 'string': return 'string';
      case 'integer':
      case 'number': return 'number';
      case 'boolean': return 'boolean';
      case 'array': {
        const item = typeOf(node.items ?? {}, [...path.slice(0, -1), singular(path[path.length - 1])]);
        return `readonly ${item.includes(' ') ? `(${item})` : item}[]`;
      }
      case 'object':
        if (node.properties) return objectInterface(node, path);
        if (typeof node.additionalProperties === 'object') return `Readonly<Record<string, ${typeOf(node.additionalProperties, path)}>>`;
        return 'Readonly<Record<string, unknown>>';
      default: return 'unknown';
    }
  };
  const objectInterface = (node: JsonSchemaNode, path: string[], named?: string): string => {
    const name = named ?? nameOf(path);
    const required = new Set(node.required ?? []);
    const body: string[] = [];
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      body.push(...jsdoc(child, '  '));
      body.push(`  readonly ${key}${required.has(key) ? '' : '?'}: ${typeOf(child, [...path, key])};`);
    }
    const doc = path.length === 0 && named === undefined && io === 'output'
      ? ['/** The values of the stack once resolved: every default filled in, paths absolute. */'] : jsdoc(node, '');
    interfaces.push([...doc, `export interface ${name} {`, ...body, '}'].join('\n'));
    return name;
  };
  objectInterface(schema, []);
  // The top level first, then each section after the ones it holds.
  const top = interfaces.pop()!;
  return [top, ...interfaces];
}

function singular(key: string): string {
  if (key === 'applications') return 'application';
  return key;
}
