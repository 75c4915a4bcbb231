/** Validates JSON outputs against the committed schemas (schemas/*.schema.json) with ajv; they refer to each other by $id. */
import Ajv from 'ajv';
import fs from 'fs';
import path from 'path';

const SCHEMAS = path.join(__dirname, '..', '..', 'schemas');
const ajv = new Ajv({ allErrors: true, strict: false });
for (const f of fs.readdirSync(SCHEMAS).filter((x) => x.endsWith('.schema.json'))) {
  ajv.addSchema(JSON.parse(fs.readFileSync(path.join(SCHEMAS, f), 'utf8')), f);
}

export function validate(schemaFile: string, value: unknown): string[] {
  const fn = ajv.getSchema(schemaFile);
  if (!fn) throw new Error(`no schema ${schemaFile} in schemas/`);
  return fn(value) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
