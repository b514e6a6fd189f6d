import { copyArgs, isRemoteSource } from '../src/copy-args.js';
import { sourceRelation } from '../src/context/sources.js';
import { ignoredAfterEdits } from '../src/context/view.js';
import type { Document } from '../src/document.js';
import { defineTransform } from '../src/transform.js';
import type { ProposedFinding, TransformContext } from '../src/types.js';
import { scanContext } from './dockerignore-rules.js';

/** Databases, tables, arrays and model weights: data an app reads, not code it runs. */
const DATA_FILE = /\.(db|sqlite3?|mdb|csv|tsv|jsonl|ndjson|parquet|feather|arrow|avro|orc|xlsx?|h5|hdf5|npy|npz|pkl|pickle|joblib|pt|pth|ckpt|safetensors|onnx|tflite|gguf|ggml|sql)$/i;
/** Smaller data files are part of an app often enough (fixtures, lookup tables) not to be worth a word. */
const MIN_BYTES = 5_000_000;
const SHOWN = 3;

/**
 * Large data files copied into the image make every pull and every rebuild of that layer carry them,
 * and change with the data rather than the code. Report-only: mounting a volume, downloading at start
 * or a separate data image are the user's choices.
 */
export const dataInImage = defineTransform({
  id: 'data-in-image',
  description: 'Report large data files (databases, CSV, Parquet, model weights over 5 MB) that a COPY puts in the image',
  safety: 'safe',
  apply: () => [],
  findings(doc: Document, context: TransformContext): ProposedFinding[] {
    const view = context.buildContext;
    if (!view) return [];
    const scan = scanContext(view);
    const found: ProposedFinding[] = [];
    for (const ins of doc.stages.filter((s) => s.inFinalImage).flatMap((s) => s.instructions)) {
      const args = copyArgs(doc, ins);
      if (!args || args.from !== undefined || args.form === 'heredoc') continue;
      const sources = args.sources.filter((s) => s.literal && !isRemoteSource(s.value));
      const data: [string, number][] = [];
      for (const [file, size] of scan.files) {
        if (size < MIN_BYTES || !DATA_FILE.test(file) || ignoredAfterEdits(context, file)) continue;
        if (sources.some((s) => ['names', 'covers'].includes(sourceRelation(s.value, file)))) data.push([file, size]);
      }
      if (!data.length) continue;
      data.sort((a, b) => b[1] - a[1]);
      const total = data.reduce((n, [, size]) => n + size, 0);
      const shown = data.slice(0, SHOWN).map(([file, size]) => `${file} ${(size / 1e6).toFixed(1)} MB`).join(', ');
      const more = data.length > SHOWN ? ` and ${data.length - SHOWN} more` : '';
      found.push({
        instruction: ins,
        message: `${ins.keyword} puts ${(total / 1e6).toFixed(1)} MB of data in the image (${shown}${more}); mount it as a volume, fetch it at start, or ship it as its own image, and leave it out with .dockerignore`,
      });
    }
    return found;
  },
});
