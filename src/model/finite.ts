/**
 * Finite checks: a model whose weights hold NaN or ±Infinity must never be trained on, saved or
 * loaded, since every prediction it makes is NaN (shown as null or an accuracy that means nothing).
 */
import { SeqlabError } from '../errors.js';

/** What the checks need of a model: its layers and their named weights. */
export interface WeightedModel {
  layers: readonly {
    name: string;
    weightNames(): string[];
    weight(name: string): { data: ArrayLike<number> };
  }[];
}

/** Where the first non-finite weight value is. */
export interface NonFiniteWeight {
  key: string;
  index: number;
  value: number;
}

/** A model holds NaN or ±Infinity in its weights. */
export class NonFiniteError extends SeqlabError {}

/**
 * The first NaN/±Infinity among a model's weights, or null when all are finite.
 * @example const bad = firstNonFiniteWeight(model); // { key: 'dense_1/kernel', index: 3, value: NaN }
 */
export function firstNonFiniteWeight(model: WeightedModel): NonFiniteWeight | null {
  for (const layer of model.layers) {
    for (const name of layer.weightNames()) {
      const data = layer.weight(name).data;
      for (let i = 0; i < data.length; i++) {
        const v = data[i]!;
        // v - v is 0 for finite v and NaN for NaN and ±Infinity: one comparison per value.
        if (v - v !== 0) return { key: `${layer.name}/${name}`, index: i, value: v };
      }
    }
  }
  return null;
}

const FIXES =
  'Try a lower learning rate (e.g. { name: adam, learningRate: 1e-4 }), gradient clipping (clipNorm: 1), ' +
  'scaling the inputs (scaler: standard or minmax), or checking the data for NaN/Infinity.';

/** Throws when the weights are not finite after the update of this epoch and batch (0-based). */
export function checkWeightsFinite(model: WeightedModel, epoch: number, batch: number): void {
  const bad = firstNonFiniteWeight(model);
  if (!bad) return;
  throw new NonFiniteError(
    `the weights became ${bad.value} (${bad.key}[${bad.index}]) after the update of epoch ${epoch + 1}, ` +
      `batch ${batch + 1}. Training stopped and nothing was saved. ${FIXES}`,
  );
}

/** Throws when a model about to be saved (or just loaded from `where`) has non-finite weights. */
export function requireFiniteWeights(model: WeightedModel, action: 'save' | 'load', where: string): void {
  const bad = firstNonFiniteWeight(model);
  if (!bad) return;
  throw new NonFiniteError(
    action === 'save'
      ? `not saving ${where}: weight ${bad.key}[${bad.index}] is ${bad.value}, so every prediction would be NaN. ${FIXES}`
      : `${where}: weight ${bad.key}[${bad.index}] is ${bad.value}; a model with non-finite weights cannot ` +
          `predict. Retrain it (the file is damaged or was saved by a run that diverged).`,
  );
}
