// New item files are written in one canonical YAML style, and an import can write 10,000 of them
// at once. Building a `yaml` Document for each costs ~70 µs an item (0.7 s for 10,000), so new
// front matter is emitted here directly, for the JSON-like values items hold. Reading and editing
// stay with the `yaml` library; the unit tests check that it reads back exactly what this wrote.
//
// The style matches what `yaml` produced before: plain scalars where unambiguous, flow lists of
// scalars (`labels: [ui, auth]`), block lists of mappings (`links:`), nested block mappings. A
// string that is not safely plain is written double-quoted with JSON's escapes (JSON strings are
// valid YAML 1.2 double-quoted scalars), plus escapes for the characters YAML forbids raw.

/** The front-matter YAML (no `---` fences) for a mapping of keys to JSON-like values. */
export function canonicalYaml(mapping: Readonly<Record<string, unknown>>): string {
  return canonicalYamlWithLines(mapping).text;
}

/** `canonicalYaml`, plus the 0-based line of each top-level key that was written. */
export function canonicalYamlWithLines(mapping: Readonly<Record<string, unknown>>): { text: string; keyLines: Record<string, number> } {
  const out: string[] = [];
  const keyLines: Record<string, number> = {};
  for (const [key, value] of Object.entries(mapping)) {
    if (value === undefined) continue;
    keyLines[key] = out.length;
    writeMapping({ [key]: value }, '', out);
  }
  return { text: out.join(''), keyLines };
}


// Every string pushed to `out` is exactly one line, so `out.length` is the current line.
function writeMapping(mapping: Readonly<Record<string, unknown>>, indent: string, out: string[]): void {
  for (const [key, value] of Object.entries(mapping)) {
    if (value === undefined) continue;
    const k = `${indent}${yamlKey(key)}:`;
    if (isPlainObject(value)) {
      if (Object.values(value).every((v) => v === undefined)) out.push(`${k} {}\n`);
      else {
        out.push(`${k}\n`);
        writeMapping(value, `${indent}  `, out);
      }
    } else if (Array.isArray(value)) {
      writeList(k, value, indent, out);
    } else {
      out.push(`${k} ${scalar(value)}\n`);
    }
  }
}

function writeList(head: string, list: readonly unknown[], indent: string, out: string[]): void {
  if (list.length === 0) {
    out.push(`${head} []\n`);
  } else if (list.every(isScalarValue)) {
    // Inside `[...]` the plain rule already excludes `,[]{}`.
    out.push(`${head} [${list.map(scalar).join(', ')}]\n`);
  } else if (list.every((v) => isPlainObject(v) && Object.values(v).some((x) => x !== undefined))) {
    out.push(`${head}\n`);
    for (const entry of list as Record<string, unknown>[]) {
      const lines: string[] = [];
      writeMapping(entry, `${indent}    `, lines);
      // The first key shares the line with the dash.
      lines[0] = `${indent}  - ${lines[0].slice(indent.length + 4)}`;
      out.push(...lines);
    }
  } else {
    // Nested or mixed lists are rare in front matter: JSON is valid YAML flow syntax.
    out.push(`${head} ${JSON.stringify(list, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`);
  }
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function isScalarValue(value: unknown): boolean {
  return value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    return String(value);
  }
  if (typeof value === 'string') return isPlainSafe(value) ? value : quoted(value);
  // Dates, class instances, functions: a caller bug, not something to write half-right.
  throw new TypeError(`Cannot write a ${Object.prototype.toString.call(value)} into front matter`);
}

function yamlKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) && !RESERVED_WORDS.has(key) ? key : quoted(key);
}

// Words a YAML 1.1 or 1.2 reader would take for a boolean or null (1.1 readers are still common).
const RESERVED_WORDS = new Set(
  ['y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null'].flatMap((w) => [w, w[0].toUpperCase() + w.slice(1), w.toUpperCase()]),
);

// Starts with a letter or digit (never an indicator, a quote or `.inf`) and holds no `:`, `#`,
// `,`, brackets, braces, quotes or control characters; no space at either end.
const FIRST = '0-9A-Za-z_\\u00c0-\\u2027\\u2030-\\ud7ff\\uf900-\\ufdcf\\ufdf0-\\ufefe\\uff00-\\ufffd';
const LAST = `${FIRST}./@+()=~^$%&*!?|<>;\\u00a1-\\u00bf-`;
const PLAIN = new RegExp(`^[${FIRST}](?:[ ${LAST}]*[${LAST}])?$`);
// What a YAML 1.2 or 1.1 reader would take for a number or a date (`2026-S3` is neither).
const NUMBER_OR_DATE = /^(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|0[xX][0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|\d{4}-\d\d?-\d\d?(?:[Tt\s].*)?)$/;
// ISO timestamps as items store them (`created: 2026-03-02T08:00:00Z`): strings in YAML 1.2.
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/;

function isPlainSafe(s: string): boolean {
  return TIMESTAMP.test(s) || (PLAIN.test(s) && !RESERVED_WORDS.has(s) && !NUMBER_OR_DATE.test(s));
}

function quoted(s: string): string {
  // JSON escapes quotes, backslashes and C0 controls; YAML also forbids DEL, C1 controls, lone
  // surrogates and U+FFFE/U+FFFF raw, and 1.1 readers break lines at NEL, LS and PS.
  return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
