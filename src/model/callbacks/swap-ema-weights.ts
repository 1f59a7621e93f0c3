import { SeqlabError } from '../../errors.js';
import type { Callback, CallbackModel } from './callback.js';

/**
 * Evaluates the validation data with the optimizer's moving averages of the weights (an optimizer with
 * `useEma: true`) instead of the weights being trained, as Keras's `SwapEMAWeights`. With `swapOnEpoch`,
 * the averages also stay in the model from the end of each epoch to the start of the next, so the callbacks
 * listed after this one (EarlyStopping, ModelCheckpoint) see and keep the averaged model.
 * @example
 * model.compile({ optimizer: { name: 'adam', useEma: true }, loss: 'binaryCrossentropy' });
 * await model.fit(x, y, { validationSplit: 0.2, callbacks: [callbacks.swapEmaWeights({ swapOnEpoch: true }), callbacks.earlyStopping()] });
 */
export class SwapEMAWeights implements Callback {
  private model: CallbackModel | null = null;
  private readonly swapOnEpoch: boolean;

  constructor(config: { swapOnEpoch?: boolean } = {}) {
    this.swapOnEpoch = config.swapOnEpoch ?? false;
  }

  setModel(model: CallbackModel): void {
    if (!model.optimizer?.useEma) {
      throw new SeqlabError(
        'SwapEMAWeights: the optimizer keeps no weight averages; compile with e.g. ' +
          "{ optimizer: { name: 'adam', useEma: true } }",
      );
    }
    this.model = model;
  }

  /** Puts the averages in the model (inModel true) or the trained weights back (false). */
  private put(inModel: boolean): void {
    const opt = this.model!.optimizer!;
    if (opt.emaWeightsInModel !== inModel) opt.swapEmaWeights(this.model!.trainableWeights);
  }

  onTestBegin(): void {
    this.put(true);
  }
  onTestEnd(): void {
    if (!this.swapOnEpoch) this.put(false);
  }
  onEpochBegin(): void {
    this.put(false);
  }
  onEpochEnd(): void {
    if (this.swapOnEpoch) this.put(true);
  }
}
