// Checks a benchmark's declared targets against its figures.
import type { Comparison, Scenario, TargetOutcome, TargetSpec } from '../types.js';

const COMPARE: Record<Comparison, (actual: number, threshold: number) => boolean> = {
  '<': (a, t) => a < t,
  '<=': (a, t) => a <= t,
  '==': (a, t) => a === t,
  '>=': (a, t) => a >= t,
  '>': (a, t) => a > t,
};

/** Each target with the figure it found; a missing scenario or figure fails the target. */
export function evaluateTargets(
  scenarios: readonly Scenario[],
  targets: readonly TargetSpec[],
): TargetOutcome[] {
  return targets.map((target) => {
    const scenario = scenarios.find((s) => s.id === target.scenario);
    const actual = scenario?.figures[target.figure] ?? null;
    const pass = actual !== null && COMPARE[target.comparison](actual, target.threshold);
    return { ...target, actual, pass };
  });
}

/** "p99Ms 84.2 <= 100: pass" */
export function describeOutcome(outcome: TargetOutcome): string {
  const actual =
    outcome.actual === null ? 'missing' : String(Math.round(outcome.actual * 1000) / 1000);
  return `${outcome.scenario}.${outcome.figure} ${actual} ${outcome.comparison} ${outcome.threshold}: ${outcome.pass ? 'pass' : 'FAIL'}`;
}
