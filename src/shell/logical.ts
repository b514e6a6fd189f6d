/**
 * A RUN body as the shell receives it: escape-newline continuations removed, and comment
 * or blank lines inside a continuation dropped (as Docker does), with a map back to
 * Dockerfile source offsets so every shell word can be edited in place.
 */

export interface LogicalText {
  text: string;
  /** Source offset of the character at logical offset `i`; `i === text.length` maps to the body end. */
  toSource(i: number): number;
}

/** Build the logical text of `source[start, end)`; `rawSpans` (heredoc bodies) are copied verbatim. */
export function logicalText(
  source: string,
  start: number,
  end: number,
  escapeChar: string,
  rawSpans: readonly { start: number; end: number }[] = [],
): LogicalText {
  // segments: [logicalStart, sourceStart, length]
  const logStarts: number[] = [];
  const srcStarts: number[] = [];
  let text = '';
  const push = (s: number, e: number) => {
    if (e <= s) return;
    const last = logStarts.length - 1;
    if (last >= 0 && srcStarts[last] + (text.length - logStarts[last]) === s) {
      text += source.slice(s, e);
      return;
    }
    logStarts.push(text.length);
    srcStarts.push(s);
    text += source.slice(s, e);
  };

  let pos = start;
  let continued = false; // the previous line ended with an escape-newline
  while (pos < end) {
    const raw = rawSpans.find((r) => r.start <= pos && pos < r.end);
    if (raw) {
      push(pos, Math.min(raw.end, end));
      pos = Math.min(raw.end, end);
      continued = false;
      continue;
    }
    let lineEnd = source.indexOf('\n', pos);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    const hasNewline = lineEnd < end && source[lineEnd] === '\n';
    let contentEnd = lineEnd;
    if (contentEnd > pos && source[contentEnd - 1] === '\r') contentEnd--;
    const line = source.slice(pos, contentEnd);
    if (continued && /^[ \t]*(#.*)?$/.test(line)) {
      // comment or blank line inside a continued instruction: Docker drops it
      pos = hasNewline ? lineEnd + 1 : lineEnd;
      continue;
    }
    const esc = continuationAt(line, escapeChar);
    if (esc >= 0 && hasNewline) {
      push(pos, pos + esc);
      continued = true;
      pos = lineEnd + 1;
      continue;
    }
    push(pos, hasNewline ? lineEnd + 1 : lineEnd);
    continued = false;
    pos = hasNewline ? lineEnd + 1 : lineEnd;
  }

  const toSource = (i: number): number => {
    if (logStarts.length === 0) return start;
    if (i >= text.length) {
      const last = logStarts.length - 1;
      return srcStarts[last] + (text.length - logStarts[last]);
    }
    let lo = 0;
    let hi = logStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (logStarts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return srcStarts[lo] + (i - logStarts[lo]);
  };
  return { text, toSource };
}

/** Index of the escape character that continues this line, or -1. Docker allows trailing blanks after it. */
export function continuationAt(line: string, escapeChar: string): number {
  let i = line.length;
  while (i > 0 && (line[i - 1] === ' ' || line[i - 1] === '\t')) i--;
  if (i === 0 || line[i - 1] !== escapeChar) return -1;
  return i - 1;
}
