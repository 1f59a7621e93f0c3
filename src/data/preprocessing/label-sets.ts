/**
 * The labels of a multi-label classifier (several labels per sample, each on or off: a comment both
 * toxic and insulting, a paper in cs.LG and stat.ML). They come as several 0/1 columns, one per label
 * (Jigsaw's toxic, obscene, insult …), or as one column whose cells list the labels: a Python or JSON
 * list (`['cs.LG', 'stat.ML']`, as Keras's arXiv tutorial reads them) or text split on a separator
 * (`Action|Comedy`, `Action, Comedy`). The model reads a multi-hot row per sample (Keras's
 * StringLookup output_mode multi_hot, scikit-learn's MultiLabelBinarizer) and predicts every label
 * whose sigmoid output reaches the threshold.
 */
import { DataError } from '../errors.js';
import { BatchStep, isBatch, type RowBatch, type PipelineInfo, type Predictions } from './batch.js';
import { requireColumn } from './frame-steps.js';
import { field, registerStep, type StepJSON } from './step.js';

/** What joins a sample's labels in predictions.csv and `seqlab predict` (and splits them when read back). */
export const LABEL_JOIN = '|';

const SEPARATORS = ['|', ';', ','] as const;

/**
 * The labels one cell lists: a Python/JSON list literal, else text split on `separator`; blank parts dropped.
 * @example labelsInCell("['cs.LG', 'stat.ML']", '|') // ['cs.LG', 'stat.ML']
 */
export function labelsInCell(cell: unknown, separator: string): string[] {
  if (cell === null || cell === undefined) return [];
  const text = String(cell).trim();
  let parts: string[];
  if (text.startsWith('[') && text.endsWith(']')) {
    const inner = text.slice(1, -1);
    const quoted = [...inner.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g)];
    parts = quoted.length ? quoted.map((m) => (m[1] ?? m[2]!).replace(/\\(.)/g, '$1')) : inner.split(',');
  } else parts = text.split(separator);
  return [...new Set(parts.map((p) => p.trim()).filter((p) => p !== ''))];
}

/**
 * The separator of a column of label lists: the first of `|`, `;`, `,` that some cell holds (list
 * literals need none). A column where no cell holds one has one label per row: not multi-label.
 * @example guessSeparator(['Action|Comedy', 'Drama']) // '|'
 */
export function guessSeparator(cells: ArrayLike<unknown>): string | null {
  const texts = Array.from(cells, (c) => (c === null || c === undefined ? '' : String(c).trim()));
  if (texts.some((t) => t.startsWith('[') && t.endsWith(']'))) return LABEL_JOIN;
  return SEPARATORS.find((s) => texts.some((t) => t.includes(s))) ?? null;
}

/**
 * How many rows name each label in a column of label lists (the separator guessed when not given),
 * labels in the order first seen.
 * @example countLabels(['a|b', 'b', '']) // Map { 'a' => 1, 'b' => 2 }
 */
export function countLabels(cells: ArrayLike<unknown>, separator?: string): Map<string, number> {
  const sep = separator || (guessSeparator(cells) ?? LABEL_JOIN);
  const counts = new Map<string, number>();
  for (let i = 0; i < cells.length; i++)
    for (const l of labelsInCell(cells[i], sep)) counts.set(l, (counts.get(l) ?? 0) + 1);
  return counts;
}

/**
 * Each sample's label set from sigmoid outputs (samples × labels): every label at or above the threshold, multi-hot.
 * @example setsFromProbs([0.9, 0.2, 0.6], 0.5) // Uint8Array [1, 0, 1]
 */
export function setsFromProbs(out: ArrayLike<number>, threshold = 0.5): Uint8Array {
  return Uint8Array.from(out, (p) => (p >= threshold ? 1 : 0));
}

/**
 * Row i's label set (multi-hot rows of `names.length` columns) as the names joined with `|`.
 * @example setName(['a', 'b', 'c'], Uint8Array.of(1, 0, 1), 0) // 'a|c'
 */
export function setName(names: readonly string[], sets: ArrayLike<number>, i: number): string {
  const k = names.length;
  return names.filter((_, j) => sets[i * k + j]! > 0).join(LABEL_JOIN);
}

/**
 * How many rows carry each label, from multi-hot rows (samples × k).
 * @example labelCounts(Uint8Array.of(1, 0, 1, 1), 2) // Int32Array [2, 1]
 */
export function labelCounts(sets: ArrayLike<number>, k: number): Int32Array {
  const c = new Int32Array(k);
  for (let i = 0; i < sets.length; i++) c[i % k]! += sets[i]!;
  return c;
}

/** A 0/1 cell of a label column: numbers 0/1, booleans, and their usual spellings. */
function onOff(v: unknown, column: string, row: number, where: string): 0 | 1 {
  if (v === 1 || v === true) return 1;
  if (v === 0 || v === false) return 0;
  const t = typeof v === 'string' ? v.trim().toLowerCase() : null;
  if (t !== null && ['1', 'true', 'yes', 'y', 't'].includes(t)) return 1;
  if (t !== null && ['0', 'false', 'no', 'n', 'f'].includes(t)) return 0;
  throw new DataError(
    `${where}: label column '${column}' holds ${JSON.stringify(v)} in data row ${row + 1}; each label column of a multi-label model holds 0 or 1 (or true/false, yes/no)`,
  );
}

/**
 * The label sets of a multi-label classifier: multi-hot targets in, predicted label sets back.
 * @example
 * const sets = new LabelSets({ column: 'terms' }).fit(rawBatch(frame, 'arxiv.csv'));
 * sets.classes; // ['cs.AI', 'cs.LG', 'stat.ML']
 */
export class LabelSets extends BatchStep {
  readonly kind = 'LabelSets';
  /** Several 0/1 columns, one per label (their names are the labels). */
  readonly columns: string[] | null;
  /** Or one column listing each sample's labels. */
  readonly column: string | null;
  readonly threshold: number;
  private separator: string;
  private names: string[] | null;
  /** Labels in the last transformed rows that training never saw (ignored, as scikit-learn's MultiLabelBinarizer). */
  lastUnseen: string[] = [];

  constructor(
    opts: {
      columns?: string[] | null;
      column?: string | null;
      separator?: string;
      classes?: string[];
      threshold?: number;
    } = {},
  ) {
    super();
    this.columns = opts.columns ?? null;
    this.column = opts.column ?? null;
    this.separator = opts.separator ?? '';
    this.threshold = opts.threshold ?? 0.5;
    this.names = opts.classes ?? (this.columns ? [...this.columns] : null);
  }

  /** The labels in model order (the columns' order, or sorted label names). */
  get classes(): string[] {
    if (!this.names) throw new DataError('LabelSets: not fitted; call fit() on training rows first');
    return this.names;
  }

  /** Learns the label names from every row (a column of lists), and the separator when none was given. */
  override fit(batch: RowBatch): this {
    for (const c of this.columns ?? []) requireColumn(batch.frame, c, 'label', batch.where);
    if (this.columns) return this;
    if (!this.column) throw new DataError('LabelSets: give the label columns or the column of label lists');
    requireColumn(batch.frame, this.column, 'label', batch.where);
    const cells = batch.frame.column(this.column);
    this.separator ||= guessSeparator(cells) ?? LABEL_JOIN;
    const seen = countLabels(cells, this.separator);
    if (seen.size < 2)
      throw new DataError(
        `${batch.where}: label column '${this.column}' names ${seen.size} label(s) in all; a multi-label model needs at least two`,
      );
    this.names = [...seen.keys()].sort();
    return this;
  }

  /** Multi-hot rows (samples × labels) of the batch's raw rows. */
  multiHot(batch: RowBatch): Uint8Array {
    const k = this.classes.length;
    const out = new Uint8Array(batch.rows.length * k);
    const f = batch.frame;
    if (this.columns) {
      const cols = this.columns.map((c) => f.column(c));
      batch.rows.forEach((r, i) =>
        cols.forEach((col, j) => (out[i * k + j] = onOff(col[r], this.columns![j]!, r, batch.where))),
      );
      this.lastUnseen = [];
      return out;
    }
    const index = new Map(this.classes.map((c, j) => [c, j]));
    const unseen = new Set<string>();
    const cells = f.column(this.column!);
    batch.rows.forEach((r, i) => {
      for (const l of labelsInCell(cells[r], this.separator)) {
        const j = index.get(l);
        if (j === undefined) unseen.add(l);
        else out[i * k + j] = 1;
      }
    });
    this.lastUnseen = [...unseen];
    return out;
  }

  /** True when the batch's rows carry the labels (every label column, or the column of lists). */
  private labelled(batch: RowBatch): boolean {
    const cols = batch.frame.columns;
    return this.columns ? this.columns.every((c) => cols.includes(c)) : cols.includes(this.column!);
  }

  override transform<T>(batch: T): T {
    if (!isBatch(batch) || !this.labelled(batch)) return batch;
    return { ...batch, labelSets: this.multiHot(batch) };
  }

  /** Each sample's predicted label set: every label whose output reaches the threshold, joined with `|`. */
  override invert(pred: Predictions): Predictions {
    const names = this.classes;
    const k = names.length;
    const n = pred.values.length / k;
    const on = setsFromProbs(pred.values, this.threshold);
    const labels = Array.from({ length: n }, (_, i) => setName(names, on, i));
    return { ...pred, labels };
  }

  override describe(): Partial<PipelineInfo> {
    return {
      task: 'multilabel',
      labels: this.classes,
      labelValues: this.classes,
      threshold: this.threshold,
      ...(this.column ? { labelColumn: this.column } : {}),
      ...(this.columns ? { labelColumns: this.columns } : {}),
    };
  }

  toJSON(): StepJSON {
    return {
      kind: this.kind,
      columns: this.columns,
      column: this.column,
      separator: this.separator,
      classes: this.classes,
      threshold: this.threshold,
    };
  }

  static fromJSON(json: StepJSON): LabelSets {
    return new LabelSets({
      columns: field<string[] | null>(json, 'columns'),
      column: field<string | null>(json, 'column'),
      separator: field<string>(json, 'separator'),
      classes: field<string[]>(json, 'classes'),
      threshold: field<number>(json, 'threshold'),
    });
  }
}

registerStep('LabelSets', LabelSets.fromJSON);
