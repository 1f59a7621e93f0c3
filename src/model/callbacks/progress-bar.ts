import cliProgress from 'cli-progress';
import type { Callback, Logs, TrainingParams } from './callback.js';

/** Keras-style value formatting: 4 significant decimals, scientific for tiny values. */
export function formatLogValue(v: number): string {
  return Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(4) : v.toFixed(4);
}

/** "loss: 0.4321 - accuracy: 0.8123 - val_loss: …" in a stable order. */
export function formatLogs(logs: Logs): string {
  return Object.entries(logs)
    .filter(([, v]) => Number.isFinite(v))
    .map(([k, v]) => `${k}: ${formatLogValue(v)}`)
    .join(' - ');
}

/**
 * The terminal progress bar fit() shows with verbose 1 on a TTY: per epoch, batches done, ETA
 * and live loss/metrics, then a one-line summary. On a non-TTY (logs, CI) or with verbose 2 it
 * prints only the per-epoch summary line; verbose 0 prints nothing.
 *
 * @example
 * await model.fit(x, y, { epochs: 5, verbose: 1 }); // added automatically
 */
export class ProgressBar implements Callback {
  private bar: cliProgress.SingleBar | null = null;
  private params: TrainingParams | null = null;
  private epochStart = 0;
  private readonly stream: NodeJS.WriteStream;

  constructor(options: { stream?: NodeJS.WriteStream } = {}) {
    this.stream = options.stream ?? process.stderr;
  }

  setModel(_model: unknown, params: TrainingParams): void {
    this.params = params;
  }

  private get live(): boolean {
    return this.params?.verbose === 1 && this.stream.isTTY === true && this.params.steps !== null;
  }

  onEpochBegin(epoch: number): void {
    this.epochStart = performance.now();
    if (!this.params || this.params.verbose === 0) return;
    if (this.live) {
      this.stream.write(`Epoch ${epoch + 1}/${this.params.epochs}\n`);
      this.bar = new cliProgress.SingleBar(
        {
          format: ' {value}/{total} {bar} ETA {eta_formatted} - {metrics}',
          barsize: 20,
          hideCursor: true,
          clearOnComplete: true,
          stream: this.stream,
          etaBuffer: 20,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(this.params.steps!, 0, { metrics: '' });
    }
  }

  onBatchEnd(batch: number, logs: Logs): void {
    this.bar?.update(batch + 1, { metrics: formatLogs(logs) });
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    if (!this.params || this.params.verbose === 0) return;
    const live = this.bar !== null;
    this.bar?.stop();
    this.bar = null;
    const seconds = (performance.now() - this.epochStart) / 1000;
    const steps = this.params.steps ?? 0;
    const perStep = steps > 0 ? ` ${((seconds * 1000) / steps).toFixed(0)}ms/step` : '';
    // On a TTY the "Epoch i/n" header is already printed above the bar; the bar's line becomes the summary.
    const lead = live ? ` ${steps}/${steps}` : `Epoch ${epoch + 1}/${this.params.epochs}`;
    this.stream.write(`${lead} - ${seconds.toFixed(1)}s${perStep} - ${formatLogs(logs)}\n`);
  }

  onTrainEnd(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
