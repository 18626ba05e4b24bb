/**
 * The look the script-free report pages share (Sprint Review, Forecast): VS Code's own fonts and
 * theme colours, a heading, figure boxes, a chart and tables. Each page adds its own rules after it.
 * Coloured text and marks are mixed toward the editor's text colour to keep WCAG AA contrast on
 * light themes too (charts-orange alone is 2.9:1 on white, charts-green 4.3:1).
 */
export const REPORT_PAGE_STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 20px 24px; max-width: 980px; }
h1 { font-size: 1.5em; font-weight: 600; margin: 16px 0 4px; }
h2 { font-size: 1.1em; font-weight: 600; margin: 20px 0 8px; border-bottom: 1px solid var(--vscode-panel-border); padding-bottom: 4px; }
.muted { color: var(--vscode-descriptionForeground); }
.goal { font-style: italic; }
.stats { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 12px; }
.stat { border: 1px solid var(--vscode-panel-border); border-radius: 4px; padding: 8px 14px; min-width: 90px; }
.stat .value { font-size: 1.4em; font-weight: 600; font-variant-numeric: tabular-nums; }
.stat .label { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
.stat.good .value { color: color-mix(in srgb, var(--vscode-charts-green) 65%, var(--vscode-editor-foreground)); }
.stat.warn .value { color: color-mix(in srgb, var(--vscode-editorWarning-foreground) 65%, var(--vscode-editor-foreground)); }
svg .grid { stroke: var(--vscode-panel-border); stroke-width: 1; }
svg text { fill: var(--vscode-descriptionForeground); font-size: 11px; font-family: var(--vscode-font-family); }
th { color: var(--vscode-descriptionForeground); font-weight: normal; }
th, td { text-align: left; border-bottom: 1px solid var(--vscode-panel-border); }
td.num, th.num { text-align: right; }
`;
