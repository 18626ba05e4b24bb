/**
 * A value read from YAML or sent by a webview or an agent, as text for a message or a comparison:
 * strings, numbers and booleans as themselves, anything else as JSON. `String()` on an object says
 * "[object Object]", which tells a user nothing.
 */
export function valueText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return Object.prototype.toString.call(value);
  }
}
