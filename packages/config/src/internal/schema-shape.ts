import { isPlainObject } from './object-path.js';

/** What a schema declares about the keys of one section. */
export interface DeclaredSection {
  /** The declared keys. */
  readonly keys: ReadonlySet<string>;
  /** Whether other keys are accepted too (a record, a loose or passthrough object). */
  readonly open: boolean;
}

type Json = Record<string, unknown>;
const jsonSchemas = new WeakMap<object, Json | null>();

/**
 * The keys a schema declares at `path`, read from its Standard JSON Schema
 * (`~standard.jsonSchema.input`, implemented by zod, arktype and others) or, failing that, from
 * the object shapes zod (`shape`) and valibot (`entries`) expose. Undefined when the schema does
 * not say. Best effort: it decides which keys are unknown and what to suggest.
 */
export function declaredSection(schema: object, path: readonly string[]): DeclaredSection | undefined {
  const json = jsonSchemaOf(schema);
  if (json) {
    let node: Json | undefined = json;
    for (const segment of path) {
      const section = objectSection(json, node);
      node = section?.properties[segment];
      if (!node) return undefined;
    }
    const section = objectSection(json, node);
    return section ? { keys: new Set(Object.keys(section.properties)), open: section.open } : undefined;
  }
  let shape = shapeOf(schema);
  for (const segment of path) {
    if (!shape || !Object.hasOwn(shape, segment)) return undefined;
    shape = shapeOf(shape[segment]);
  }
  return shape ? { keys: new Set(Object.keys(shape)), open: false } : undefined;
}

function jsonSchemaOf(schema: object): Json | undefined {
  if (jsonSchemas.has(schema)) return jsonSchemas.get(schema) ?? undefined;
  let json: Json | null = null;
  const standard = (schema as { '~standard'?: { jsonSchema?: { input?: unknown } } })['~standard'];
  const input = standard?.jsonSchema?.input;
  if (typeof input === 'function') {
    try {
      const result: unknown = input.call(standard?.jsonSchema, {
        target: 'draft-2020-12',
        libraryOptions: { unrepresentable: 'any' },
      });
      if (isPlainObject(result)) json = result;
    } catch {
      // Not representable as JSON Schema: fall back to shapes.
    }
  }
  jsonSchemas.set(schema, json);
  return json ?? undefined;
}

/** The properties of an object node, merging `anyOf`/`oneOf`/`allOf` branches and following `$ref`. */
function objectSection(
  root: Json,
  node: Json | undefined,
  depth = 0,
): { properties: Record<string, Json>; open: boolean } | undefined {
  if (!node || depth > 20) return undefined;
  if (typeof node.$ref === 'string') return objectSection(root, resolveRef(root, node.$ref), depth + 1);
  const properties: Record<string, Json> = {};
  let open = false;
  let isObject = false;
  if (isPlainObject(node.properties)) {
    isObject = true;
    for (const [key, value] of Object.entries(node.properties))
      if (isPlainObject(value)) properties[key] = value;
  }
  if (node.type === 'object' || isObject) {
    isObject = true;
    const extra = node.additionalProperties;
    if ((extra !== undefined && extra !== false) || node.patternProperties !== undefined) open = true;
    if (!isPlainObject(node.properties) && extra === undefined) open = true;
  }
  for (const keyword of ['anyOf', 'oneOf', 'allOf']) {
    const branches = node[keyword];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches) {
      const section = isPlainObject(branch) ? objectSection(root, branch, depth + 1) : undefined;
      if (!section) continue;
      isObject = true;
      open ||= section.open;
      Object.assign(properties, section.properties);
    }
  }
  return isObject ? { properties, open } : undefined;
}

function resolveRef(root: Json, ref: string): Json | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean)) {
    if (!isPlainObject(node)) return undefined;
    node = node[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return isPlainObject(node) ? node : undefined;
}

function shapeOf(schema: unknown): Record<string, unknown> | undefined {
  let current: unknown = schema;
  for (let depth = 0; depth < 10 && typeof current === 'object' && current !== null; depth++) {
    const node = current as Record<string, unknown>;
    const def = (node.def ?? node._def) as Record<string, unknown> | undefined;
    if (isPlainObject(node.shape)) return node.shape;
    if (def && isPlainObject(def.shape)) return def.shape;
    if (isPlainObject(node.entries)) return node.entries;
    current = def?.innerType ?? def?.in ?? node.wrapped;
  }
  return undefined;
}
