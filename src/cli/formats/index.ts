import type { Document } from '../../document.js';
import type { Transform } from '../../types.js';
import type { Format } from '../args.js';
import type { FileOutcome } from '../fix.js';
import type { Tally } from '../output.js';
import { checkstyleReport } from './checkstyle.js';
import { gitlabReport } from './gitlab.js';
import { jsonReport } from './json.js';
import { sarifReport } from './sarif.js';

/** What every machine format is made from: one run's outcomes, in the order they were reported. */
export interface RunRecord {
  outcomes: readonly FileOutcome[];
  tally: Tally;
  registry: readonly Transform[];
  /** The folder paths are relative to (SARIF's %SRCROOT%). */
  cwd: string;
  // given, not imported: code the formats shared with the start-up bundle would be split into a chunk every start loads
  /** Reads a text as the engine does (to locate instructions). */
  readDocument: (text: string) => Document;
  /** The id of the findings about RUNs no transform can read. */
  unreadableRunId: string;
  toolVersion: string;
}

/** The document `--format` asks for (every format but `diff`), ending with a newline. */
export function formatReport(format: Exclude<Format, 'diff'>, run: RunRecord): string {
  switch (format) {
    case 'json': return jsonReport(run);
    case 'sarif': return sarifReport(run);
    case 'checkstyle': return checkstyleReport(run);
    case 'gitlab': return gitlabReport(run);
  }
}
