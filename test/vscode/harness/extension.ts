import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from './wait';

/** The parts of the extension's package.json the tests read, so they follow the product. */
export interface ExtensionManifest {
  readonly name: string;
  readonly publisher: string;
  readonly activationEvents?: readonly string[];
  readonly contributes?: {
    readonly commands?: readonly { command: string; title: string; category?: string }[];
    readonly viewsContainers?: Record<string, readonly { id: string; title: string }[]>;
    readonly views?: Record<string, readonly { id: string; name: string; type?: string }[]>;
    readonly configuration?: unknown;
  };
}

/** Root of the extension under test: the nearest folder above this bundle with a package.json. */
export function extensionRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
  }
}

export function manifest(): ExtensionManifest {
  return JSON.parse(readFileSync(join(extensionRoot(), 'package.json'), 'utf8')) as ExtensionManifest;
}

export function extensionId(): string {
  const m = manifest();
  return `${m.publisher}.${m.name}`;
}

/**
 * The extension under test once VS Code has activated it by itself (through its activation
 * events, as for a user). Pass `activate: true` to activate it explicitly instead.
 */
export async function activeExtension<T = unknown>(options: { activate?: boolean; timeoutMs?: number } = {}): Promise<vscode.Extension<T>> {
  const id = extensionId();
  const extension = vscode.extensions.getExtension<T>(id);
  if (!extension) throw new Error(`extension ${id} is not loaded in this editor`);
  if (options.activate) await extension.activate();
  await waitFor(() => extension.isActive, options.timeoutMs ?? 15_000, `${id} to activate`);
  return extension;
}
