/**
 * A chain of preprocessing steps whose fitted state serialises to JSON, so a saved model can
 * predict from raw text or raw rows: model.json stores `pipeline.toJSON()`.
 */
import { DataError } from '../errors.js';
import { registerStep, stepFromJSON, type Step, type StepJSON } from './step.js';

export interface PipelineJSON {
  kind: 'Pipeline';
  steps: { name: string; step: StepJSON }[];
}

/**
 * @example
 * const p = new Pipeline([['scale', new MinMaxScaler()], ['windows', new WindowStep({ windowSize: 10 })]]);
 * const x = p.fitTransform(series);
 * const again = Pipeline.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
 */
export class Pipeline implements Step {
  readonly kind = 'Pipeline';
  readonly steps: [string, Step][];

  constructor(steps: ([string, Step] | Step)[]) {
    this.steps = steps.map((s, i) => (Array.isArray(s) ? s : [`${s.kind}_${i}`, s]));
    const names = new Set<string>();
    for (const [n] of this.steps) {
      if (names.has(n)) throw new DataError(`Pipeline: two steps are named "${n}"; names must be unique`);
      names.add(n);
    }
  }

  /** The step with that name. */
  get<T extends Step = Step>(name: string): T {
    const s = this.steps.find(([n]) => n === name);
    if (!s)
      throw new DataError(`Pipeline has no step "${name}"; steps: ${this.steps.map(([n]) => n).join(', ')}`);
    return s[1] as T;
  }

  /** Fits each step on the output of the previous ones. */
  fit(x: unknown): this {
    this.fitTransform(x);
    return this;
  }

  fitTransform(x: unknown): unknown {
    let cur = x;
    for (const [, s] of this.steps) cur = s.fit(cur).transform(cur);
    return cur;
  }

  transform(x: unknown): unknown {
    let cur = x;
    for (const [, s] of this.steps) cur = s.transform(cur);
    return cur;
  }

  /** Inverts the steps that can be inverted, last first (e.g. scaled predictions back to units). */
  inverseTransform(y: unknown): unknown {
    let cur = y;
    for (const [name, s] of [...this.steps].reverse()) {
      if (!s.inverseTransform)
        throw new DataError(`Pipeline.inverseTransform: step "${name}" (${s.kind}) cannot be inverted`);
      cur = s.inverseTransform(cur);
    }
    return cur;
  }

  toJSON(): PipelineJSON & StepJSON {
    return { kind: 'Pipeline', steps: this.steps.map(([name, s]) => ({ name, step: s.toJSON() })) };
  }

  static fromJSON(json: StepJSON | PipelineJSON): Pipeline {
    if (json.kind !== 'Pipeline' || !Array.isArray(json.steps))
      throw new DataError(
        `Pipeline.fromJSON: expected { kind: 'Pipeline', steps: [...] }, got kind ${JSON.stringify(json.kind)}`,
      );
    return new Pipeline(
      (json.steps as PipelineJSON['steps']).map(({ name, step }) => [name, stepFromJSON(step)]),
    );
  }
}

// Nested pipelines restore too.
registerStep('Pipeline', (j) => Pipeline.fromJSON(j));
