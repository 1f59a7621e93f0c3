/**
 * The one converter of older model.json files. Format 1 kept preprocessing in three places: the
 * runner's state in metadata.seqlab, a library Pipeline in metadata.preprocessing with
 * metadata.labels/task beside it, and model.json's own `preprocessing`. Format 2 keeps one fitted
 * Pipeline in `preprocessing`; this turns the old records into the same steps `seqlab train` now saves.
 */
import type { PipelineJSON } from '../data/preprocessing/pipeline.js';
import type { StepJSON } from '../data/preprocessing/step.js';

/** metadata.seqlab as format 1 wrote it (src/pipelines/preprocess.ts at that time). */
interface StateV1 {
  version: 1;
  type: 'table' | 'text' | 'series' | 'windows';
  labelValues?: (string | number | boolean)[];
  labelColumn?: string;
  features?: string[];
  textColumn?: string;
  timeColumn?: string;
  valueColumn?: string;
  scaler: StepJSON | null;
  rowsAsSequences?: boolean;
  text?: {
    mode: 'sequence' | 'multiHot';
    numWords: number;
    maxlen?: number;
    padding: 'pre' | 'post';
    truncating: 'pre' | 'post';
    tokenizer: StepJSON & { config?: { lower?: boolean } };
  };
  series?: { windowSize: number; log: boolean; difference: number; seasonalDifference: number };
  windows?: { windowSize: number; stride: number };
  threshold: number;
}

function stepsOfState(s: StateV1): StepJSON[] {
  const labels = (): StepJSON[] =>
    s.labelValues
      ? [{ kind: 'Labels', column: s.labelColumn ?? null, classes: s.labelValues, threshold: s.threshold }]
      : [];
  const scale = (on: 'x' | 'series'): StepJSON[] =>
    s.scaler ? [{ kind: 'Scale', on, scaler: s.scaler }] : [];
  switch (s.type) {
    case 'table':
      return [
        { kind: 'FeatureColumns', features: s.features!, input: 'table' },
        ...scale('x'),
        ...(s.rowsAsSequences ? [{ kind: 'RowsAsSequences' }] : []),
        ...labels(),
      ];
    case 'windows':
      return [
        { kind: 'FeatureColumns', features: s.features!, input: 'windows' },
        ...scale('x'),
        { kind: 'FeatureWindows', windowSize: s.windows!.windowSize },
        ...labels(),
      ];
    case 'text': {
      const t = s.text!;
      const options = {
        column: s.textColumn ?? 'text',
        mode: t.mode,
        numWords: t.numWords,
        maxlen: t.maxlen ?? 200,
        padding: t.padding,
        truncating: t.truncating,
        lower: t.tokenizer.config?.lower ?? true,
      };
      return [{ kind: 'TokenizeText', options, tokenizer: t.tokenizer }, ...labels()];
    }
    case 'series': {
      const { windowSize, ...transforms } = s.series!;
      return [
        {
          kind: 'SeriesValues',
          valueColumn: s.valueColumn!,
          timeColumn: s.timeColumn ?? null,
          ...transforms,
        },
        ...scale('series'),
        { kind: 'SeriesWindows', windowSize },
      ];
    }
  }
}

const pipeline = (steps: StepJSON[]): PipelineJSON => ({
  kind: 'Pipeline',
  steps: steps.map((step, i) => ({ name: `${step.kind}_${i}`, step })),
});

/**
 * Format 1's preprocessing records → format 2's one Pipeline, and the metadata without them.
 * @example const { preprocessing, metadata } = convertV1(json.metadata, json.preprocessing);
 */
export function convertV1(
  metadata: Record<string, unknown>,
  preprocessing: PipelineJSON | null | undefined,
): { preprocessing: PipelineJSON | null; metadata: Record<string, unknown> } {
  const { seqlab, preprocessing: libraryPipeline, labels, task, ...rest } = metadata;
  void task; // derived from the labels now
  const state = seqlab as StateV1 | undefined;
  if (state?.version === 1) return { preprocessing: pipeline(stepsOfState(state)), metadata: rest };
  const base = (libraryPipeline as PipelineJSON | undefined) ?? preprocessing ?? null;
  if (!Array.isArray(labels)) return { preprocessing: base, metadata: rest };
  const named: StepJSON = { kind: 'Labels', column: null, classes: labels as string[], threshold: 0.5 };
  return {
    preprocessing: base
      ? { ...base, steps: [...base.steps, { name: 'labels', step: named }] }
      : pipeline([named]),
    metadata: rest,
  };
}
