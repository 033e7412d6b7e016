import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { default as addFormatsModule } from 'ajv-formats';
import { parse } from 'yaml';

/**
 * Validates values against a component of LINE's official OpenAPI specs in `../shared/line-openapi/`
 * (read at test time, never copied into the project).
 *
 *   const spec = loadOpenApiValidator('messaging-api.yml');
 *   const { valid, errors } = spec.validate('FlexContainer', bubble);
 *
 * LINE's spec states polymorphism the OpenAPI way: a base schema (`Message`, `Action`, `FlexComponent`,
 * webhook `Event` ...) carries `discriminator.mapping`, and each subtype `allOf`s the base. Plain JSON Schema
 * ignores the discriminator, so an `ImageMessage` missing its URLs would pass as a bare `Message`. Here every
 * such base becomes a dispatch on the discriminator: the property is required and must be one of the mapping's
 * keys, and `if type = key then <subtype>`. Subtypes refer to the base's own properties (`<Base>__core`) so the
 * dispatch does not recurse. OpenAPI 3.0 extras (`nullable`, `example`, `discriminator`, int32/int64 formats)
 * are translated or dropped.
 */
export interface OpenApiValidator {
  validate(componentName: string, value: unknown): { valid: boolean; errors: string[] };
  /** The component's schema exactly as written in the spec (for tests that derive checks from it). */
  component(componentName: string): SpecSchema;
  /** The discriminator mapping keys of a polymorphic base, e.g. the message types of `Message`. */
  discriminatorKeys(componentName: string): string[];
}

export type SpecFile = 'messaging-api.yml' | 'webhook.yml';
export type SpecSchema = Record<string, unknown>;

const SPEC_DIR = new URL('../../../shared/line-openapi/', import.meta.url);
const REF_PREFIX = '#/components/schemas/';
const cache = new Map<SpecFile, OpenApiValidator>();

export function loadOpenApiValidator(file: SpecFile): OpenApiValidator {
  const cached = cache.get(file);
  if (cached) return cached;
  const document = parse(readFileSync(new URL(file, SPEC_DIR), 'utf8')) as { components: { schemas: Record<string, SpecSchema> } };
  const original = document.components.schemas;
  const bases = new Map<string, { propertyName: string; mapping: Record<string, string> }>();
  for (const [name, schema] of Object.entries(original)) {
    const discriminator = schema.discriminator as { propertyName: string; mapping?: Record<string, string> } | undefined;
    if (discriminator?.mapping) bases.set(name, { propertyName: discriminator.propertyName, mapping: discriminator.mapping });
  }

  const defs: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(original)) {
    const converted = convert(schema, bases) as SpecSchema;
    const base = bases.get(name);
    if (!base) {
      defs[name] = converted;
      continue;
    }
    defs[`${name}__core`] = converted;
    const keys = Object.keys(base.mapping);
    const prop = base.propertyName;
    defs[name] = {
      allOf: [
        { $ref: `#/$defs/${name}__core` },
        { type: 'object', required: [prop], properties: { [prop]: { enum: keys } } },
        ...keys.map((key) => ({
          if: { type: 'object', required: [prop], properties: { [prop]: { const: key } } },
          then: { $ref: refTo(base.mapping[key]!) },
        })),
      ],
    };
  }

  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  const specId = `line:${file}`;
  ajv.addSchema({ $id: specId, $defs: defs });

  const compiled = new Map<string, ValidateFunction>();
  const validator: OpenApiValidator = {
    validate(componentName, value) {
      if (!(componentName in original)) throw new Error(`${file} has no component ${componentName}`);
      let fn = compiled.get(componentName);
      if (!fn) {
        fn = ajv.compile({ $ref: `${specId}#/$defs/${componentName}` });
        compiled.set(componentName, fn);
      }
      const valid = fn(value);
      const errors = valid ? [] : (fn.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
      return { valid, errors };
    },
    component(componentName) {
      const schema = original[componentName];
      if (!schema) throw new Error(`${file} has no component ${componentName}`);
      return schema;
    },
    discriminatorKeys(componentName) {
      const base = bases.get(componentName);
      if (!base) throw new Error(`${componentName} in ${file} has no discriminator mapping`);
      return Object.keys(base.mapping);
    },
  };
  cache.set(file, validator);
  return validator;
}

// ajv-formats is CommonJS; under native ESM its default export may arrive wrapped once more.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

function refTo(ref: string): string {
  if (!ref.startsWith(REF_PREFIX)) throw new Error(`unsupported $ref ${ref}`);
  return `#/$defs/${ref.slice(REF_PREFIX.length)}`;
}

/** OpenAPI 3.0 schema → JSON Schema (draft 2019+ as ajv reads it). */
function convert(node: unknown, bases: Map<string, unknown>, inAllOf = false): unknown {
  if (Array.isArray(node)) return node.map((item) => convert(item, bases));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'discriminator' || key === 'example' || key === 'externalDocs' || key === 'nullable' || key === 'xml') continue;
    if (key === '$ref' && typeof value === 'string') {
      const target = value.startsWith(REF_PREFIX) ? value.slice(REF_PREFIX.length) : undefined;
      // A subtype's allOf names the base only to inherit its properties: point at the base's core, not its dispatch.
      out.$ref = inAllOf && target && bases.has(target) ? `#/$defs/${target}__core` : refTo(value);
    } else if (key === 'allOf' && Array.isArray(value)) {
      out.allOf = value.map((item) => convert(item, bases, true));
    } else if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(Object.entries(value).map(([p, s]) => [p, convert(s, bases)]));
    } else {
      out[key] = convert(value, bases);
    }
  }
  if ((node as { nullable?: boolean }).nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}
