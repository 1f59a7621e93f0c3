/** Calibrated forecast intervals saved with a series model: a half-width per horizon step and coverage. */
import { BatchStep, type RowBatch, type PipelineInfo, type Predictions } from './batch.js';
import { field, registerStep, type StepJSON } from './step.js';

/**
 * Adds interval bounds to forecasts in original units: forecast ± halfWidths[level][step]. The runner
 * fits the half-widths from backtest residuals (split conformal, src/forecasting/intervals.ts). It is
 * the pipeline's first step, so its inverse runs last, once the forecasts are in original units.
 * @example new ForecastIntervals({ coverage: [0.8, 0.95], halfWidths: [[12, 15], [20, 26]] })
 */
export class ForecastIntervals extends BatchStep {
  readonly kind = 'ForecastIntervals';
  readonly coverage: number[];
  /** (levels, horizon): the absolute-residual quantile of each horizon step at each coverage. */
  readonly halfWidths: number[][];

  constructor(opts: { coverage: number[]; halfWidths: number[][] }) {
    super();
    this.coverage = opts.coverage;
    this.halfWidths = opts.halfWidths;
  }

  transform(batch: RowBatch): RowBatch {
    return batch;
  }

  override invert(pred: Predictions): Predictions {
    const W = pred.width;
    const intervals = this.coverage.map((coverage, l) => {
      const half = this.halfWidths[l]!;
      const at = (i: number): number => half[Math.min(i % W, half.length - 1)]!;
      return {
        coverage,
        lower: pred.values.map((v, i) => Math.max(v - at(i), pred.floor ?? -Infinity)),
        upper: pred.values.map((v, i) => v + at(i)),
      };
    });
    return { ...pred, intervals };
  }

  override describe(): Partial<PipelineInfo> {
    return { coverage: this.coverage };
  }

  toJSON(): StepJSON {
    return { kind: this.kind, coverage: this.coverage, halfWidths: this.halfWidths };
  }

  static fromJSON(json: StepJSON): ForecastIntervals {
    return new ForecastIntervals({
      coverage: field<number[]>(json, 'coverage'),
      halfWidths: field<number[][]>(json, 'halfWidths'),
    });
  }
}

registerStep('ForecastIntervals', ForecastIntervals.fromJSON);
