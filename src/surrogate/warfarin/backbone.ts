// The closed-form backbone of the warfarin surrogate in Float64, from a feature row: the INR at
// the average steady-state concentration (approximateSteadyStateInr, the model's own function).
// Training targets are log INR_ss − log backbone; onnx-export.ts builds the same backbone in the
// graph (a test checks the two agree).
import { approximateSteadyStateInr } from '../../twin/models/warfarin/steady-state.js';
import { FEATURES } from './features.js';

export function backboneLogInr(features: ArrayLike<number>, row: number): number {
  const o = row * FEATURES;
  const p = {
    clLPerH: Math.exp(features[o]!),
    ec50MgL: Math.exp(features[o + 3]!),
    baseInr: Math.exp(features[o + 6]!),
  };
  return Math.log(approximateSteadyStateInr(p, Math.exp(features[o + 7]!)));
}
