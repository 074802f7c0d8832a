// Code system URIs, as constants (STYLE §9).
export const LOINC = 'http://loinc.org';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const SNOMED = 'http://snomed.info/sct';
export const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
export const UCUM = 'http://unitsofmeasure.org';
export const HGNC = 'http://www.genenames.org/geneId';
export const PHARMVAR = 'http://www.pharmvar.org';
export const TWIN_QUANTITY = 'https://twin-cds.example.org/CodeSystem/twin-quantity';
export const TWIN_CONDITION = 'https://twin-cds.example.org/CodeSystem/twin-condition';
