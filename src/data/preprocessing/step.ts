/**
 * What every fitted preprocessing object shares, so a Pipeline can chain, save and restore them:
 * `fit`, `transform`, `toJSON()` with a `kind`, and a registered `fromJSON`.
 */
import { DataError } from '../errors.js';

/** Serialised state of a step: `kind` names the class; the rest is its fitted state. */
export interface StepJSON {
  kind: string;
  [key: string]: unknown;
}

/** A preprocessing step: fit on training data, transform anything after. */
export interface Step<In = unknown, Out = unknown> {
  readonly kind: string;
  fit(x: In): this;
  transform(x: In): Out;
  inverseTransform?(y: Out): In;
  toJSON(): StepJSON;
}

const registry = new Map<string, (json: StepJSON) => Step>();

/**
 * Makes `kind` restorable by Pipeline.fromJSON / stepFromJSON.
 * @example registerStep('MyStep', (j) => MyStep.fromJSON(j));
 */
export function registerStep(kind: string, fromJSON: (json: StepJSON) => Step): void {
  registry.set(kind, fromJSON);
}

/**
 * Restores a step from its JSON.
 * @example const scaler = stepFromJSON(JSON.parse(text)) as MinMaxScaler;
 */
export function stepFromJSON(json: StepJSON): Step {
  const make = registry.get(json?.kind);
  if (!make)
    throw new DataError(
      `unknown preprocessing step kind ${JSON.stringify(json?.kind)}; known kinds: ${[...registry.keys()].join(', ')}`,
    );
  return make(json);
}

/** Throws the error for a step used before fit. */
export function notFitted(kind: string): never {
  throw new DataError(`${kind} is not fitted; call fit() (or fitTransform()) on training data first`);
}

/** Checks a JSON field is present, naming the step and field when not. */
export function field<T>(json: StepJSON, name: string): T {
  if (!(name in json))
    throw new DataError(`${json.kind} JSON has no "${name}" field; was it written by seqlab?`);
  return json[name] as T;
}
