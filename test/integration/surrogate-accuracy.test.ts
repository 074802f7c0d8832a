// Accuracy of the warfarin surrogate where it matters: P(steady-state INR 2–3) over the dose grid
// (0.5–15 mg by 0.5 mg), surrogate versus the mechanistic search, for held-out virtual patients
// (drawn from the population prior with a seed the training never used). Half of them have
// a posterior from three INR values (days 3, 5, 7 on 5 mg, fitted with fitPosterior), the rest
// the population prior of their age and genotype (no INR yet); genotypes unknown for one in
// three. FAILS if, for more than 5% of patients, P(INR 2–3) at any grid dose differs by > 0.05.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, quantileSorted, type Rng } from '../../src/twin/infer/index.js';
import { loadWarfarinSurrogate } from '../../src/surrogate/index.js';
import { surrogateCandidates } from '../../src/surrogate/warfarin/candidates.js';
import { distinctDraws } from '../../src/surrogate/warfarin/posterior-draws.js';
import { outsideDomain } from '../../src/surrogate/domain.js';
import { FEATURES } from '../../src/surrogate/warfarin/features.js';
import { screenGrid } from '../../src/surrogate/warfarin/screen-options.js';
import {
  drawVirtualPatient,
  PRIOR_POPULATION,
  type VirtualPatient,
} from '../../src/surrogate/warfarin/virtual-population.js';
import { searchWarfarinDose } from '../../src/twin/models/warfarin/dose-search.js';
import { HAMBERG_2007 } from '../../src/twin/models/warfarin/parameters.js';
import { simulateInr } from '../../src/twin/models/warfarin/simulator.js';
import { personaliseWarfarin, type WarfarinTwin } from '../../src/twin/models/warfarin/twin.js';

const PATIENTS = 120;
const DRAWS = 300;
const TOLERANCE = 0.05;
const MAX_FAILING_FRACTION = 0.05;
const FIT = { starts: 1, sampler: 'importance', importanceSamples: 400 } as const;
const ORIGIN_MS = Date.parse('2025-03-03T18:00:00Z');
const iso = (h: number) => new Date(ORIGIN_MS + h * 3_600_000).toISOString();
const history = Array.from({ length: 7 }, (_, d) => ({
  time: 24 * d,
  amount: 5,
  route: 'oral' as const,
}));

function twinFor(pt: VirtualPatient, i: number, rng: Rng): WarfarinTwin {
  const known = i % 3 !== 0;
  const fitted = i % 2 === 0;
  const observed = fitted
    ? simulateInr(pt.individual, history, [72, 120, 168], 'totalChainMtt')
    : [];
  return personaliseWarfarin(
    {
      ageYears: pt.ageYears,
      cyp2c9: known ? pt.cyp2c9 : 'unknown',
      vkorc1: known ? pt.vkorc1 : 'unknown',
      baselineInr: pt.individual.baseInr,
      doses: fitted ? history.map((d) => ({ time: iso(d.time), amountMg: d.amount })) : [],
      inr: Array.from(observed, (v, k) => ({
        time: iso(72 + 48 * k),
        value: v * Math.exp(HAMBERG_2007.inrResidualLogSd * rng.normal()),
      })),
    },
    { draws: DRAWS, seed: 1 + i, fit: FIT },
  );
}

test(`surrogate P(INR 2–3) within ${TOLERANCE} of the mechanistic model at every grid dose for ≥ 95% of ${PATIENTS} held-out patients`, async () => {
  const surrogate = await loadWarfarinSurrogate();
  const { grid } = screenGrid({});
  const rng = createRng(777_001);
  const worst = new Float64Array(PATIENTS);
  let outOfDomainTwins = 0;
  for (let i = 0; i < PATIENTS; i++) {
    const twin = twinFor(drawVirtualPatient(rng, PRIOR_POPULATION), i, rng);
    const draws = distinctDraws(twin);
    for (let d = 0; d < draws.counts.length; d++) {
      if (outsideDomain(surrogate.domain, draws.features, d * FEATURES, FEATURES - 1)) {
        outOfDomainTwins++;
        break;
      }
    }
    const fast = await surrogateCandidates(surrogate, draws, grid);
    const exact = searchWarfarinDose(twin).candidates;
    worst[i] = Math.max(
      ...fast.map((c, k) => Math.abs(c.pSteadyStateInRange - exact[k]!.pSteadyStateInRange)),
    );
  }
  const failing = worst.filter((w) => w > TOLERANCE).length;
  const sorted = Float64Array.from(worst).sort();
  console.log(
    `surrogate accuracy (${PATIENTS} held-out patients × ${grid.length} doses × ${DRAWS} draws): ` +
      `max |ΔP(INR 2–3)| per patient p50 ${quantileSorted(sorted, 0.5).toFixed(4)}, ` +
      `p90 ${quantileSorted(sorted, 0.9).toFixed(4)}, max ${sorted[PATIENTS - 1]!.toFixed(4)}; ` +
      `${failing} patient(s) > ${TOLERANCE}; ${outOfDomainTwins} twin(s) with a draw outside the domain`,
  );
  assert.ok(
    failing <= MAX_FAILING_FRACTION * PATIENTS,
    `${failing} of ${PATIENTS} patients differ by > ${TOLERANCE}`,
  );
});
