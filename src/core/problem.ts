/** Something wrong with a file in `.backlog/`, located precisely enough to jump to it. */
export interface Problem {
  /** Absolute path of the file the problem is in. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  readonly severity: 'error' | 'warning';
  /** Stable machine-readable code, e.g. `yaml`, `merge-conflict`, `missing-id`. */
  readonly code: string;
  readonly message: string;
}

/** `file:line:col severity message` — the format editors and CI annotate from. */
export function formatProblem(p: Problem, displayPath: string = p.file): string {
  return `${displayPath}:${p.line}:${p.column} ${p.severity} ${p.message} [${p.code}]`;
}
