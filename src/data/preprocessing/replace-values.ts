/**
 * Text values written more than one way (`data.replace`, pandas' `df.replace({'col': {'yes': 'Yes'}})`):
 * hand-entered labels and categories come as `Yes`, `yes` and `YES`, or `Basic` and `basic `, and each
 * spelling would be a class or category of its own (a churn label of seven classes). The step maps
 * them in training and in every frame the saved model reads later (predict, evaluate, serve), as
 * MissingMarks does for data.naValues; `seqlab init` proposes the map (caseVariantsOf).
 */
import type { Frame } from '../frame.js';
import { BatchStep, type RowBatch } from './batch.js';
import { field, registerStep, type StepJSON } from './step.js';

/** Column → (value as written → value to read). */
export type ValueMap = Record<string, Record<string, string>>;

/**
 * The frame with each mapped column's values replaced (a column not in the frame, or not text, is
 * left as it is: a prediction input has no label column).
 * @example withReplaced(frame, { churned: { yes: 'Yes', YES: 'Yes' } })
 */
export function withReplaced(frame: Frame, replace: ValueMap): Frame {
  let out = frame;
  for (const [c, map] of Object.entries(replace)) {
    if (!frame.columns.includes(c) || frame.dtype(c) !== 'string') continue;
    const col = frame.column(c) as (string | null)[];
    if (!col.some((v) => v !== null && Object.hasOwn(map, v))) continue;
    out = out.withColumn(
      c,
      col.map((v) => (v !== null && Object.hasOwn(map, v) ? map[v]! : v)),
    );
  }
  return out;
}

/** A column's spellings of one value each (groups, the most frequent first) and the map to it. */
export interface CaseVariants {
  column: string;
  map: Record<string, string>;
  groups: string[][];
}

/** A spelling's key: case, spaces around and runs of spaces inside do not count. */
const folded = (v: string): string => v.trim().replace(/\s+/g, ' ').toLocaleLowerCase();

/**
 * Text columns of few values (labels, categories: at most 100 distinct, each on average on at least
 * two rows) that hold one value in several spellings differing only in case or spaces: each spelling
 * mapped to the column's most frequent one (the first seen on a tie), with the groups merged.
 * @example caseVariantsOf(Frame.fromColumns({ y: ['Yes', 'yes', 'No', 'Yes'] })) // [{ column: 'y', map: { yes: 'Yes' }, groups: [['Yes', 'yes']] }]
 */
export function caseVariantsOf(frame: Frame): CaseVariants[] {
  const found: CaseVariants[] = [];
  for (const c of frame.columns) {
    if (frame.dtype(c) !== 'string') continue;
    const counts = new Map<string, number>();
    for (const v of frame.column(c) as (string | null)[])
      if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
    if (counts.size > 100 || counts.size * 2 > frame.nRows) continue;
    const byKey = new Map<string, string[]>();
    for (const v of counts.keys()) byKey.set(folded(v), [...(byKey.get(folded(v)) ?? []), v]);
    const groups = [...byKey.values()].filter((g) => g.length > 1);
    if (!groups.length) continue;
    const map: Record<string, string> = {};
    for (const g of groups) {
      g.sort((a, b) => counts.get(b)! - counts.get(a)!);
      for (const v of g.slice(1)) map[v] = g[0]!;
    }
    found.push({ column: c, map, groups });
  }
  return found;
}

/** data.replace as a step of the model's preprocessing (see the file's comment). */
export class ReplaceValues extends BatchStep {
  readonly kind = 'ReplaceValues';

  constructor(readonly replace: ValueMap) {
    super();
  }

  transform(batch: RowBatch): RowBatch {
    return { ...batch, frame: withReplaced(batch.frame, this.replace) };
  }

  toJSON(): StepJSON {
    return { kind: this.kind, replace: this.replace };
  }

  static fromJSON(json: StepJSON): ReplaceValues {
    return new ReplaceValues(field<ValueMap>(json, 'replace'));
  }
}

registerStep('ReplaceValues', ReplaceValues.fromJSON);
