/** Validates JSON outputs against the committed schemas (schemas/*.schema.json) with ajv. */
import Ajv from 'ajv';
import fs from 'fs';
import path from 'path';

const ajv = new Ajv({ allErrors: true, strict: false });
const cache = new Map<string, ReturnType<Ajv['compile']>>();

export function validate(schemaFile: string, value: unknown): string[] {
  let fn = cache.get(schemaFile);
  if (!fn) {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'schemas', schemaFile), 'utf8'));
    fn = ajv.compile(schema);
    cache.set(schemaFile, fn);
  }
  return fn(value) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
