import { Document, isMap, LineCounter, parseDocument, type YAMLMap } from 'yaml';
import { splitFrontMatter } from '../frontMatter';
import type { Problem } from '../problem';

// Sprints and milestones are the same kind of file: YAML front matter over a Markdown body. They
// are read by one set of rules, so a broken file says the same thing (file, line, column) whichever
// kind it is, and is never loaded half-way. New files are written, found and ordered alike too.

const CONFLICT_MARKER = /^(?:<{7}|>{7})(?:[ \t]|\r?$)/m;

/** Reports one problem of the file being read. */
export type ReportProblem = (line: number, column: number, code: string, message: string, severity?: Problem['severity']) => void;

/** A planning file's front matter, parsed; positions are file lines and columns (1-based). */
export interface PlanningFrontMatter {
  /** The top-level mapping (null for empty front matter). */
  readonly root: YAMLMap | null;
  /** Where an offset in the YAML text is in the file. */
  readonly pos: (offset: number) => { line: number; column: number };
  /** Where the Markdown body starts in the text. */
  readonly bodyStart: number;
}

/**
 * Reads the front matter of a sprint or milestone file, or reports why it cannot be loaded: an
 * unresolved merge conflict, no front matter, invalid YAML, or YAML that is not a mapping.
 */
export function readPlanningFrontMatter(text: string, kind: 'Sprint' | 'Milestone', report: ReportProblem): PlanningFrontMatter | undefined {
  const lower = kind.toLowerCase();
  const conflict = CONFLICT_MARKER.exec(text);
  if (conflict) {
    report(lineOf(text, conflict.index), 1, 'merge-conflict', `Unresolved merge conflict; resolve it in git, the ${lower} is not loaded until then`);
    return undefined;
  }
  const split = splitFrontMatter(text);
  if (!split.ok) {
    report(split.line, 1, 'front-matter', split.message.replace(/^Item file/, `${kind} file`));
    return undefined;
  }
  const { yamlStart, yamlEnd, bodyStart, yamlFirstLine } = split.layout;
  const yamlText = text.slice(yamlStart, yamlEnd);
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  const pos = (offset: number) => {
    const p = counter.linePos(offset);
    return { line: p.line + yamlFirstLine - 1, column: p.col };
  };
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const p = pos(Math.min(e.pos[0], Math.max(0, yamlText.trimEnd().length - 1)));
      report(p.line, p.column, 'yaml', `Invalid YAML in ${lower} front matter: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
    }
    return undefined;
  }
  const root = doc.contents;
  if (root !== null && !isMap(root)) {
    const p = pos(root.range?.[0] ?? 0);
    report(p.line, p.column, 'front-matter', `${kind} front matter must be a mapping of keys to values`);
    return undefined;
  }
  return { root: root as YAMLMap | null, pos, bodyStart };
}

/** Renders a new sprint or milestone file: the keys of `order` first, then any others; undefined values left out. */
export function renderPlanningFile(fields: Readonly<Record<string, unknown>>, order: readonly string[], body: string): string {
  const ordered: Record<string, unknown> = {};
  for (const key of order) if (fields[key] !== undefined) ordered[key] = fields[key];
  for (const [k, v] of Object.entries(fields)) if (!(k in ordered) && v !== undefined) ordered[k] = v;
  const yamlText = new Document(ordered).toString({ lineWidth: 0 });
  return `---\n${yamlText}---\n${body.startsWith('\n') || body === '' ? body : '\n' + body}`;
}

/**
 * The sprint or milestone an item's value names: the id (file name), or — for hand-written
 * values — the display name, compared without case.
 */
export function findPlanningFile<T extends { readonly id: string; readonly name: string }>(files: readonly T[], value: string | undefined): T | undefined {
  if (!value) return undefined;
  const exact = files.find((f) => f.id === value);
  if (exact) return exact;
  const folded = value.toLowerCase();
  return files.find((f) => f.id.toLowerCase() === folded || f.name.toLowerCase() === folded);
}

/** An order by a date (undated last), then id. */
export function byDateThenId<T extends { readonly id: string }>(date: (file: T) => string | undefined): (a: T, b: T) => number {
  return (a, b) => {
    const da = date(a) ?? '9999';
    const db = date(b) ?? '9999';
    return da < db ? -1 : da > db ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
