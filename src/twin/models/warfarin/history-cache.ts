// The state at the end of the recorded history, remembered for every θ the fit simulated.
// Importance sampling (and MCMC) simulate the history for every proposal; the posterior draws are
// resampled proposals, bit-identical θ. Predictions then integrate only the future from the
// remembered state instead of re-simulating the history per draw (a pure speed-up: a draw
// that is not found is simulated from t = 0).
import type { ChainStart, InrTrajectory } from './simulator.js';
import { CHAIN_DIMENSION } from './pkpd.js';

export const thetaKey = (theta: ArrayLike<number>): string => Array.prototype.join.call(theta);

export class HistoryStateCache {
  private readonly states = new Map<string, ChainStart>();

  /** endH: the end of the history (h); it must be the last output time of every stored run. */
  constructor(readonly endH: number) {}

  /** Remembers the state at endH (output `index` of the run). */
  store(theta: ArrayLike<number>, run: InrTrajectory, index: number): void {
    const o = index * CHAIN_DIMENSION;
    run.pk.advanceTo(this.endH);
    this.states.set(thetaKey(theta), {
      t0: this.endH,
      chains: run.chains.slice(o, o + CHAIN_DIMENSION),
      amounts: run.pk.amounts(),
    });
  }

  lookup(theta: ArrayLike<number>): ChainStart | undefined {
    return this.states.get(thetaKey(theta));
  }

  /** The states of the given draws (undefined where not simulated); the cache is then dropped. */
  extract(draws: readonly Float64Array[]): (ChainStart | undefined)[] {
    const out = draws.map((theta) => this.lookup(theta));
    this.states.clear();
    return out;
  }
}
