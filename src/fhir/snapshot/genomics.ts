// Pharmacogenomic results as the HL7 Genomics Reporting IG represents them: a genotype Observation
// (LOINC 84413-4 "Genotype display name") or a metaboliser phenotype (LOINC 53040-2 "Genetic
// variation's effect on drug metabolism", alone or as a component of a therapeutic implication),
// with the gene in a "Gene studied ID" component (LOINC 48018-6, HGNC).
import type { CodeableConcept, ObservationComponent, Resource } from '@medplum/fhirtypes';
import type { Terminology } from '../../terminology/terminology.js';
import type { Pharmacogene, PharmacogenomicResult, Skipped } from '../../twin/snapshot.js';
import { refOf } from './resources.js';

const GENOTYPE = '84413-4';
const PHENOTYPE = '53040-2';
const GENE_STUDIED = '48018-6';
const GENES: readonly Pharmacogene[] = ['CYP2C9', 'VKORC1', 'CYP2D6', 'CYP2C19'];

const hasLoinc = (c: CodeableConcept | undefined, code: string) =>
  c?.coding?.some((x) => x.code === code) ?? false;
const textOf = (c: CodeableConcept | undefined): string =>
  [c?.text, ...(c?.coding ?? []).flatMap((x) => [x.code, x.display])].filter(Boolean).join(' ');

export function readGenotypes(
  resources: readonly Resource[],
  terminology: Terminology,
  skipped: Skipped[],
): PharmacogenomicResult[] {
  const results: PharmacogenomicResult[] = [];
  for (const r of resources) {
    if (r.resourceType !== 'Observation') continue;
    const obs = r;
    const isGenotype = hasLoinc(obs.code, GENOTYPE);
    const phenotypePart = hasLoinc(obs.code, PHENOTYPE)
      ? obs
      : obs.component?.find((c) => hasLoinc(c.code, PHENOTYPE));
    if (!isGenotype && !phenotypePart) continue;
    if (obs.status === 'entered-in-error' || obs.status === 'cancelled') continue;
    const value = `${textOf(obs.valueCodeableConcept)} ${obs.valueString ?? ''}`;
    const gene = geneOf(obs.component ?? [], value, terminology);
    if (!gene) {
      skipped.push({
        resource: refOf(obs),
        reason: 'pharmacogenomic result for a gene no model uses, or with no gene stated',
      });
      continue;
    }
    const genotype = isGenotype ? normaliseGenotype(gene, value) : undefined;
    const phenotype = phenotypePart
      ? normalisePhenotype(
          `${textOf(phenotypePart.valueCodeableConcept)} ${phenotypePart === obs ? (obs.valueString ?? '') : ''}`,
        )
      : undefined;
    if (isGenotype && !genotype) {
      skipped.push({
        resource: refOf(obs),
        reason: `${gene} genotype "${value.trim()}" could not be read`,
      });
      continue;
    }
    results.push({ gene, genotype, phenotype, source: refOf(obs) });
  }
  return results;
}

function geneOf(
  components: readonly ObservationComponent[],
  value: string,
  terminology: Terminology,
): Pharmacogene | undefined {
  for (const c of components) {
    if (!hasLoinc(c.code, GENE_STUDIED)) continue;
    const gene =
      terminology.geneOf(c.valueCodeableConcept?.coding) ??
      GENES.find((g) => textOf(c.valueCodeableConcept).includes(g));
    if (gene) return gene as Pharmacogene;
  }
  return GENES.find((g) => value.includes(g));
}

/** `CYP2C9 *3/*1` → `*1/*3`; VKORC1 `rs9923231 C/T` or `-1639G>A G/A` → `GA`. */
export function normaliseGenotype(gene: Pharmacogene, text: string): string | undefined {
  if (gene === 'VKORC1') return vkorc1(text);
  const alleles = /(\*\d+[A-Z]?(?:x\d+|xN)?)\s*\/\s*(\*\d+[A-Z]?(?:x\d+|xN)?)/.exec(text);
  if (!alleles) return undefined;
  const byNumber = (a: string) => Number.parseInt(a.slice(1), 10);
  const [a, b] = [alleles[1]!, alleles[2]!].sort(
    (x, y) => byNumber(x) - byNumber(y) || x.localeCompare(y),
  );
  return `${a}/${b}`;
}

/** VKORC1 −1639G>A (rs9923231). dbSNP reports it on the genomic plus strand as C>T, the gene's
 * minus-strand G>A: C↔G, T↔A. */
function vkorc1(text: string): string | undefined {
  const plusStrand = /rs9923231/i.test(text);
  const pair = /\b([ACGT])\s*[/|]?\s*([ACGT])\b(?!\s*>)/.exec(
    text.replace(/-?1639\s*G\s*>\s*A/i, ''),
  );
  if (!pair) return undefined;
  const toGene = (x: string) =>
    plusStrand ? ({ C: 'G', T: 'A' } as Record<string, string>)[x] : x;
  const alleles = [toGene(pair[1]!), toGene(pair[2]!)];
  if (alleles.some((x) => x !== 'G' && x !== 'A')) return undefined;
  return alleles.sort().reverse().join(''); // GG, GA, AA
}

export function normalisePhenotype(text: string): string | undefined {
  const t = text.toLowerCase();
  if (t.includes('ultrarapid') || t.includes('ultra-rapid')) return 'ultrarapid';
  if (t.includes('rapid')) return 'rapid';
  if (t.includes('intermediate')) return 'intermediate';
  if (t.includes('poor')) return 'poor';
  if (t.includes('normal') || t.includes('extensive')) return 'normal';
  return undefined;
}
