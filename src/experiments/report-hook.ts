/** Calls the report module (src/report) when it is there, so a run works before the report does. */
import type { DataSummary } from '../report/run-files.js';

type ReportModule = {
  writeReport?: (runDir: string) => Promise<unknown>;
  writeEdaReport?: (outPath: string, summary: DataSummary) => Promise<unknown>;
};

async function reportModule(): Promise<ReportModule | null> {
  const spec = '../report/index.js';
  try {
    return (await import(spec)) as ReportModule;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((e as Error).message).includes('report/index')) return null;
    throw e;
  }
}

/**
 * Writes report.html (and the charts) for a run folder; returns its path, or null when the report
 * module is not available in this build.
 * @example await renderRunReport('runs/airline');
 */
export async function renderRunReport(runDir: string): Promise<string | null> {
  const mod = await reportModule();
  if (!mod?.writeReport) return null;
  const result = await mod.writeReport(runDir);
  return typeof result === 'string' ? result : `${runDir}/report.html`;
}

/** Writes eda.html for `seqlab describe`; null when the report module is not available. */
export async function renderEdaReport(outPath: string, summary: DataSummary): Promise<string | null> {
  const mod = await reportModule();
  if (!mod?.writeEdaReport) return null;
  await mod.writeEdaReport(outPath, summary);
  return outPath;
}
