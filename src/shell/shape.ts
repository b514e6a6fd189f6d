/**
 * Whether two parses read the same: the same lists, and-or operators, pipelines, commands and
 * every word as written, offsets aside. A rewrite that joins RUN bodies checks with it that the
 * joined text still reads as the bodies did (`;`, a newline and the end of the text are alike).
 */
import type { AndOr, Assignment, Command, Pipeline, Redirect, Script, Word } from './ast.js';

/** How a body stands in a joined script: as is, in `( )`, or in `{ ; }`. */
export type PieceWrap = 'subshell' | 'group' | undefined;

/** A body wrapped in `( )` or `{ ; }`: where the joined script has one command standing for it. */
interface Wrapped {
  wrap: 'subshell' | 'group';
  script: Script;
}

/** One and-or list of the expected reading: pipelines (or wrapped bodies) with the operators between them. */
interface ExpectedItem {
  pipelines: (Pipeline | Wrapped)[];
  ops: ('&&' | '||')[];
  background: boolean;
}

/**
 * True when `joined` reads as `pieces` joined with `&&`, each body standing as its wrap says: `&&`
 * joins the last and-or list of one piece to the first of the next, as the shell groups them.
 */
export function readsAsJoinedPieces(joined: Script, pieces: readonly { script: Script; wrap: PieceWrap }[]): boolean {
  const expected: ExpectedItem[] = [];
  for (const piece of pieces) {
    const own: ExpectedItem[] = piece.wrap
      ? [{ pipelines: [{ wrap: piece.wrap, script: piece.script }], ops: [], background: false }]
      : piece.script.items.map((item) => ({ ...andOrParts(item.andOr), background: item.separator === '&' }));
    if (expected.length === 0) {
      expected.push(...own);
      continue;
    }
    const previous = expected[expected.length - 1];
    const [head, ...rest] = own;
    expected[expected.length - 1] = {
      pipelines: [...previous.pipelines, ...head.pipelines],
      ops: [...previous.ops, '&&', ...head.ops],
      background: head.background,
    };
    expected.push(...rest);
  }
  return (
    joined.items.length === expected.length &&
    joined.items.every((item, i) => {
      const want = expected[i];
      const { first, rest } = item.andOr;
      if ((item.separator === '&') !== want.background || rest.length !== want.ops.length) return false;
      const same = (p: Pipeline, w: Pipeline | Wrapped) => ('wrap' in w ? isWrapped(p, w) : samePipeline(p, w));
      return same(first, want.pipelines[0]) && rest.every((r, j) => r.op === want.ops[j] && same(r.pipeline, want.pipelines[j + 1]));
    })
  );
}

/** True when two scripts read the same. */
export function sameScript(a: Script, b: Script): boolean {
  return (
    a.items.length === b.items.length &&
    a.items.every((item, i) => (item.separator === '&') === (b.items[i].separator === '&') && sameAndOr(item.andOr, b.items[i].andOr))
  );
}

function andOrParts(andOr: AndOr): { pipelines: Pipeline[]; ops: ('&&' | '||')[] } {
  return { pipelines: [andOr.first, ...andOr.rest.map((r) => r.pipeline)], ops: andOr.rest.map((r) => r.op) };
}

function isWrapped(p: Pipeline, w: Wrapped): boolean {
  if (p.negated || p.timed || p.commands.length !== 1) return false;
  const c = p.commands[0];
  return c.kind === (w.wrap === 'subshell' ? 'subshell' : 'brace') && c.redirects.length === 0 && sameScript(c.body, w.script);
}

function sameAndOr(a: AndOr, b: AndOr): boolean {
  return (
    a.rest.length === b.rest.length &&
    samePipeline(a.first, b.first) &&
    a.rest.every((r, i) => r.op === b.rest[i].op && samePipeline(r.pipeline, b.rest[i].pipeline))
  );
}

function samePipeline(a: Pipeline, b: Pipeline): boolean {
  return a.negated === b.negated && !!a.timed === !!b.timed && a.commands.length === b.commands.length && a.commands.every((c, i) => sameCommand(c, b.commands[i]));
}

function sameWords(a: readonly Word[], b: readonly Word[]): boolean {
  return a.length === b.length && a.every((w, i) => w.raw === b[i].raw);
}

function sameRedirects(a: readonly Redirect[], b: readonly Redirect[]): boolean {
  return (
    a.length === b.length &&
    a.every((r, i) => {
      const s = b[i];
      return r.op === s.op && r.fd === s.fd && r.fdVar === s.fdVar && r.target.raw === s.target.raw && !r.heredoc === !s.heredoc;
    })
  );
}

function sameAssignments(a: readonly Assignment[], b: readonly Assignment[]): boolean {
  return a.every(
    (x, i) =>
      x.name === b[i].name &&
      x.append === b[i].append &&
      (x.value?.raw ?? null) === (b[i].value?.raw ?? null) &&
      sameWords(x.array ?? [], b[i].array ?? []),
  );
}

function sameCommand(a: Command, b: Command): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'simple': {
      const s = b as typeof a;
      return a.assignments.length === s.assignments.length && sameAssignments(a.assignments, s.assignments) && sameWords(a.words, s.words) && sameRedirects(a.redirects, s.redirects);
    }
    case 'subshell':
    case 'brace': {
      const s = b as typeof a;
      return sameScript(a.body, s.body) && sameRedirects(a.redirects, s.redirects);
    }
    case 'if': {
      const s = b as typeof a;
      return (
        a.branches.length === s.branches.length &&
        a.branches.every((br, i) => sameScript(br.condition, s.branches[i].condition) && sameScript(br.body, s.branches[i].body)) &&
        (a.elseBody === null ? s.elseBody === null : s.elseBody !== null && sameScript(a.elseBody, s.elseBody)) &&
        sameRedirects(a.redirects, s.redirects)
      );
    }
    case 'for': {
      const s = b as typeof a;
      return (
        a.variable === s.variable &&
        a.arith === s.arith &&
        !!a.select === !!s.select &&
        (a.items === null ? s.items === null : s.items !== null && sameWords(a.items, s.items)) &&
        sameScript(a.body, s.body) &&
        sameRedirects(a.redirects, s.redirects)
      );
    }
    case 'while': {
      const s = b as typeof a;
      return a.until === s.until && sameScript(a.condition, s.condition) && sameScript(a.body, s.body) && sameRedirects(a.redirects, s.redirects);
    }
    case 'case': {
      const s = b as typeof a;
      return (
        a.subject.raw === s.subject.raw &&
        a.items.length === s.items.length &&
        a.items.every((item, i) => sameWords(item.patterns, s.items[i].patterns) && sameScript(item.body, s.items[i].body)) &&
        sameRedirects(a.redirects, s.redirects)
      );
    }
    case 'function': {
      const s = b as typeof a;
      return a.name === s.name && sameCommand(a.body, s.body);
    }
    case 'test':
    case 'arith': {
      const s = b as typeof a;
      return a.text === s.text && sameRedirects(a.redirects, s.redirects);
    }
  }
}
