import { lexCFamily, type CDialect } from './lexers/cFamily';
import { lexDashFamily, type DashDialect } from './lexers/dashFamily';
import { lexHashFamily, type HashDialect } from './lexers/hashFamily';
import type { Lexer } from './lexers/lexer';
import { lexMarkup, type EmbeddedLexers } from './lexers/markup';
import { lexSimple, type SimpleDialect } from './lexers/simple';

/** How a file's comments are found. */
export interface SourceLanguage {
  /** Stable id, e.g. `typescript`, `python`, `plaintext`. */
  readonly id: string;
  /** Info string for a Markdown code fence. */
  readonly fence: string;
  /**
   * The comment lexer; absent for text of an unknown kind, where only lines that start with a
   * tag (optionally after a common comment leader) count — conservative, like Todo Tree's `^`.
   */
  readonly lex?: Lexer;
}

const c = (d: CDialect): Lexer => (job) => lexCFamily(job, d);
const hash = (d: HashDialect): Lexer => (job) => lexHashFamily(job, d);
const dash = (d: DashDialect): Lexer => (job) => lexDashFamily(job, d);
const simple = (d: SimpleDialect): Lexer => (job) => lexSimple(job, d);

const JS: CDialect = { lineComments: true, singleQuote: 'string', backtick: 'template', regexLiterals: true };
const C_LIKE: CDialect = { lineComments: true, singleQuote: 'char', rawStrings: true };
const JAVA: CDialect = { lineComments: true, singleQuote: 'char', tripleQuotes: true };
const CSHARP: CDialect = { lineComments: true, singleQuote: 'char', tripleQuotes: true, rawStrings: true };
const GO: CDialect = { lineComments: true, singleQuote: 'char', backtick: 'raw' };
const RUST: CDialect = { lineComments: true, singleQuote: 'rust', nestedBlocks: true, rawStrings: true };
const SWIFT: CDialect = { lineComments: true, singleQuote: 'none', nestedBlocks: true, tripleQuotes: true, rawStrings: true };
const KOTLIN: CDialect = { lineComments: true, singleQuote: 'char', nestedBlocks: true, tripleQuotes: true, backtick: 'raw' };
const DART: CDialect = { lineComments: true, singleQuote: 'string', nestedBlocks: true, tripleQuotes: true };
const PHP: CDialect = { lineComments: true, hashComments: true, singleQuote: 'string' };
const CSS: CDialect = { lineComments: false, singleQuote: 'string' };
const SCSS: CDialect = { lineComments: true, singleQuote: 'string', urlSafe: true };
const ASM_GAS: CDialect = { lineComments: true, hashComments: true, singleQuote: 'none' };

const PYTHON: HashDialect = { docstrings: true };
const SHELL: HashDialect = { shell: true, literalSingle: true, multilineStrings: true };
const YAML: HashDialect = { yaml: true, literalSingle: true, multilineStrings: true };
const TOML: HashDialect = { tripleQuotes: true, literalSingle: true };
const RUBY: HashDialect = { lineBlocks: [['=begin', '=end']], rubyHeredocs: true };
const PERL: HashDialect = { lineBlocks: [['=pod', '=cut'], ['=head', '=cut'], ['=begin', '=cut'], ['=over', '=cut'], ['=item', '=cut'], ['=encoding', '=cut']] };
const HASH_PLAIN: HashDialect = {};
const LINE_START_HASH: HashDialect = { lineStartOnly: true, quotes: false };
const MAKEFILE: HashDialect = { quotes: false };

const LISP: SimpleDialect = { lineComments: [';'], blocks: [['#|', '|#', true]], quotes: '"', stringEscape: 92, multilineStrings: true, codeEscapes: '\\' };
const ASM: SimpleDialect = { lineComments: [';'], quotes: '"\'', stringEscape: 92 };
const INI: SimpleDialect = { lineStartComments: [';', '#'] };
const TEX: SimpleDialect = { lineComments: ['%'], codeEscapes: '\\' };
const ERLANG: SimpleDialect = { lineComments: ['%'], quotes: '"\'', stringEscape: 92, codeEscapes: '$' };
const MATLAB: SimpleDialect = { lineComments: ['%'], blocks: [['%{', '%}', true]], quotes: '"' };
const PROLOG: SimpleDialect = { lineComments: ['%'], blocks: [['/*', '*/', false]], quotes: '"\'', stringEscape: 92 };
const FORTRAN: SimpleDialect = { lineComments: ['!'], quotes: '"\'' };
const VB: SimpleDialect = { lineComments: ["'"], lineStartComments: ['REM '], quotes: '"' };
const BATCH: SimpleDialect = { lineStartComments: ['REM ', '@REM ', '::'] };
const ML: SimpleDialect = { blocks: [['(*', '*)', true]], quotes: '"', stringEscape: 92 };
const FSHARP: SimpleDialect = { lineComments: ['//'], blocks: [['(*', '*)', true]], quotes: '"', stringEscape: 92 };
const PASCAL: SimpleDialect = { lineComments: ['//'], blocks: [['(*', '*)', false], ['{', '}', false]], quotes: "'" };

function lang(id: string, fence: string, lex?: Lexer): SourceLanguage {
  return { id, fence, lex };
}

const javascript = lang('javascript', 'js', c(JS));
const typescript = lang('typescript', 'ts', c(JS));
const css = lang('css', 'css', c(CSS));
const scss = lang('scss', 'scss', c(SCSS));

const embedded: EmbeddedLexers = {
  script: (l) => (l === undefined || /^(js|javascript|ts|typescript|jsx|tsx|module|text\/javascript|application\/javascript)$/.test(l) ? javascript.lex : undefined),
  style: (l) => (l === 'scss' || l === 'less' || l === 'sass' ? scss.lex : css.lex),
};

const html = lang('html', 'html', (job) => lexMarkup(job, embedded));
const xml = lang('xml', 'xml', (job) => lexMarkup(job));
const markdown = lang('markdown', 'markdown', (job) => lexMarkup(job));
const python = lang('python', 'python', hash(PYTHON));
const shell = lang('shellscript', 'sh', hash(SHELL));
const ruby = lang('ruby', 'ruby', hash(RUBY));
const perl = lang('perl', 'perl', hash(PERL));
const lua = lang('lua', 'lua', dash({ lua: true }));
export const PLAINTEXT: SourceLanguage = lang('plaintext', 'text');

const BY_EXTENSION: ReadonlyMap<string, SourceLanguage> = new Map<string, SourceLanguage>([
  ...['js', 'mjs', 'cjs', 'jsx', 'es6', 'snap'].map((e) => [e, javascript] as const),
  ...['ts', 'mts', 'cts', 'tsx'].map((e) => [e, typescript] as const),
  ...['json', 'jsonc', 'json5'].map((e) => [e, lang('json', 'json', c(JS))] as const),
  ...['c', 'h', 'i'].map((e) => [e, lang('c', 'c', c(C_LIKE))] as const),
  ...['cc', 'cpp', 'cxx', 'c++', 'hh', 'hpp', 'hxx', 'h++', 'ipp', 'tpp', 'ino', 'cu', 'cuh'].map((e) => [e, lang('cpp', 'cpp', c(C_LIKE))] as const),
  ...['m', 'mm'].map((e) => [e, lang('objective-c', 'objectivec', c(C_LIKE))] as const),
  ['cs', lang('csharp', 'csharp', c(CSHARP))],
  ...['java', 'groovy', 'gradle', 'jenkinsfile'].map((e) => [e, lang(e === 'java' ? 'java' : 'groovy', e === 'java' ? 'java' : 'groovy', c(JAVA))] as const),
  ...['scala', 'sc', 'sbt'].map((e) => [e, lang('scala', 'scala', c(KOTLIN))] as const),
  ...['kt', 'kts'].map((e) => [e, lang('kotlin', 'kotlin', c(KOTLIN))] as const),
  ['go', lang('go', 'go', c(GO))],
  ['rs', lang('rust', 'rust', c(RUST))],
  ['swift', lang('swift', 'swift', c(SWIFT))],
  ['dart', lang('dart', 'dart', c(DART))],
  ...['php', 'phtml'].map((e) => [e, lang('php', 'php', c(PHP))] as const),
  ['css', css],
  ...['scss', 'less', 'sass', 'styl'].map((e) => [e, scss] as const),
  ...['proto', 'glsl', 'vert', 'frag', 'hlsl', 'wgsl', 'sol', 'zig', 'v', 'sv', 'svh', 'd', 'hx', 'jsonnet', 'libsonnet', 'thrift', 'fx', 'as', 'gd'].map((e) => [e, lang(e, e, c(C_LIKE))] as const),
  ...['s', 'S'].map((e) => [e, lang('asm', 'asm', c(ASM_GAS))] as const),
  ...['html', 'htm', 'xhtml', 'vue', 'svelte', 'astro', 'hbs', 'handlebars', 'ejs', 'njk', 'erb', 'jsp', 'cshtml', 'razor'].map((e) => [e, html] as const),
  ...['xml', 'xsd', 'xsl', 'xslt', 'svg', 'plist', 'csproj', 'fsproj', 'vbproj', 'props', 'targets', 'resx', 'xaml', 'wsdl', 'pom', 'storyboard', 'xib'].map((e) => [e, xml] as const),
  ...['md', 'markdown', 'mdx', 'mkd'].map((e) => [e, markdown] as const),
  ...['py', 'pyi', 'pyw', 'pyx', 'pxd', 'bzl', 'star', 'gyp', 'gypi'].map((e) => [e, python] as const),
  ...['sh', 'bash', 'zsh', 'ksh', 'fish', 'bats', 'command'].map((e) => [e, shell] as const),
  ...['rb', 'rake', 'gemspec', 'ru', 'podspec', 'rbi', 'cr'].map((e) => [e, ruby] as const),
  ...['pl', 'pm', 't', 'pod'].map((e) => [e, perl] as const),
  ...['yaml', 'yml'].map((e) => [e, lang('yaml', 'yaml', hash(YAML))] as const),
  ['toml', lang('toml', 'toml', hash(TOML))],
  ...['r', 'R', 'rmd'].map((e) => [e, lang('r', 'r', hash(HASH_PLAIN))] as const),
  ...['ex', 'exs'].map((e) => [e, lang('elixir', 'elixir', hash({ tripleQuotes: true }))] as const),
  ['jl', lang('julia', 'julia', hash({ tripleQuotes: true, blocks: [['#=', '=#', true]] }))],
  ...['nim', 'nims', 'nimble'].map((e) => [e, lang('nim', 'nim', hash({ tripleQuotes: true, blocks: [['#[', ']#', true]] }))] as const),
  ...['ps1', 'psm1', 'psd1'].map((e) => [e, lang('powershell', 'powershell', hash({ literalSingle: true, blocks: [['<#', '#>', false]] }))] as const),
  ['coffee', lang('coffeescript', 'coffeescript', hash({ tripleQuotes: true, blocks: [['###', '###', false]] }))],
  ...['graphql', 'gql'].map((e) => [e, lang('graphql', 'graphql', hash(PYTHON))] as const),
  ['cmake', lang('cmake', 'cmake', hash({ blocks: [['#[[', ']]', false]] }))],
  ...['tcl', 'awk', 'conf', 'cfg'].map((e) => [e, lang(e, e, hash(HASH_PLAIN))] as const),
  ...['tf', 'tfvars', 'hcl', 'nix'].map((e) => [e, lang(e, e, c(PHP))] as const),
  ...['mk', 'mak', 'make'].map((e) => [e, lang('makefile', 'makefile', hash(MAKEFILE))] as const),
  ...['dockerignore', 'gitignore', 'gitattributes', 'npmignore', 'env', 'properties'].map((e) => [e, lang(e, 'text', hash(LINE_START_HASH))] as const),
  ...['sql', 'psql', 'pgsql', 'mysql', 'ddl', 'dml'].map((e) => [e, lang('sql', 'sql', dash({ sql: true }))] as const),
  ['lua', lua],
  ...['hs', 'lhs', 'elm', 'purs', 'agda', 'idr'].map((e) => [e, lang('haskell', 'haskell', dash({ haskell: true }))] as const),
  ...['adb', 'ads', 'ada', 'vhd', 'vhdl'].map((e) => [e, lang('ada', 'ada', dash({}))] as const),
  ...['lisp', 'lsp', 'cl', 'el', 'scm', 'ss', 'rkt', 'clj', 'cljs', 'cljc', 'edn', 'fnl'].map((e) => [e, lang('lisp', 'lisp', simple(LISP))] as const),
  ...['asm', 'nasm', 'inc'].map((e) => [e, lang('asm', 'asm', simple(ASM))] as const),
  ...['ini', 'editorconfig', 'cfg.ini', 'reg', 'desktop'].map((e) => [e, lang('ini', 'ini', simple(INI))] as const),
  ...['tex', 'sty', 'cls', 'bib', 'ltx'].map((e) => [e, lang('latex', 'latex', simple(TEX))] as const),
  ...['erl', 'hrl'].map((e) => [e, lang('erlang', 'erlang', simple(ERLANG))] as const),
  ['matlab', lang('matlab', 'matlab', simple(MATLAB))],
  ['pro', lang('prolog', 'prolog', simple(PROLOG))],
  ...['f', 'f90', 'f95', 'f03', 'f08', 'for'].map((e) => [e, lang('fortran', 'fortran', simple(FORTRAN))] as const),
  ...['vb', 'vbs', 'bas', 'cls.vb'].map((e) => [e, lang('vb', 'vb', simple(VB))] as const),
  ...['bat', 'cmd'].map((e) => [e, lang('bat', 'bat', simple(BATCH))] as const),
  ...['ml', 'mli', 'sml'].map((e) => [e, lang('ocaml', 'ocaml', simple(ML))] as const),
  ...['fs', 'fsi', 'fsx'].map((e) => [e, lang('fsharp', 'fsharp', simple(FSHARP))] as const),
  ...['pas', 'pp', 'dpr', 'lpr'].map((e) => [e, lang('pascal', 'pascal', simple(PASCAL))] as const),
]);

const BY_NAME: ReadonlyMap<string, SourceLanguage> = new Map<string, SourceLanguage>([
  ['makefile', lang('makefile', 'makefile', hash(MAKEFILE))],
  ['gnumakefile', lang('makefile', 'makefile', hash(MAKEFILE))],
  ['dockerfile', lang('dockerfile', 'dockerfile', hash(LINE_START_HASH))],
  ['containerfile', lang('dockerfile', 'dockerfile', hash(LINE_START_HASH))],
  ['cmakelists.txt', lang('cmake', 'cmake', hash({ blocks: [['#[[', ']]', false]] }))],
  ...['gemfile', 'rakefile', 'vagrantfile', 'podfile', 'brewfile', 'guardfile', 'fastfile'].map((n) => [n, ruby] as const),
  ...['build', 'workspace', 'build.bazel', 'workspace.bazel', 'tiltfile', 'sconstruct', 'sconscript'].map((n) => [n, python] as const),
  ['jenkinsfile', lang('groovy', 'groovy', c(JAVA))],
  ...['.bashrc', '.zshrc', '.profile', '.bash_profile', '.zprofile', '.envrc'].map((n) => [n, shell] as const),
  ...['.gitignore', '.dockerignore', '.npmignore', '.prettierignore', '.eslintignore', '.gitattributes', 'codeowners', '.env', '.npmrc', '.yarnrc'].map((n) => [n, lang('ignore', 'text', hash(LINE_START_HASH))] as const),
  ['.editorconfig', lang('ini', 'ini', simple(INI))],
]);

const BY_INTERPRETER: ReadonlyMap<string, SourceLanguage> = new Map<string, SourceLanguage>([
  ...['node', 'nodejs', 'deno', 'bun', 'zx'].map((n) => [n, javascript] as const),
  ...['ts-node', 'tsx'].map((n) => [n, typescript] as const),
  ...['python', 'python2', 'python3', 'pypy', 'pypy3'].map((n) => [n, python] as const),
  ...['sh', 'bash', 'zsh', 'ksh', 'dash', 'ash', 'fish'].map((n) => [n, shell] as const),
  ['ruby', ruby],
  ['perl', perl],
  ['lua', lua],
  ['php', lang('php', 'php', c(PHP))],
  ['Rscript', lang('r', 'r', hash(HASH_PLAIN))],
  ...['make', 'gmake'].map((n) => [n, lang('makefile', 'makefile', hash(MAKEFILE))] as const),
]);

/**
 * The language of a file from its name, or from a `#!` line when the name says nothing.
 * `head` is the start of the file (the first line is enough).
 */
export function languageForPath(path: string, head?: string): SourceLanguage {
  const name = path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1);
  const lower = name.toLowerCase();
  const byName = BY_NAME.get(lower);
  if (byName) return byName;
  if (lower.startsWith('dockerfile') || lower.endsWith('.dockerfile')) return BY_NAME.get('dockerfile')!;
  const dot = name.lastIndexOf('.');
  if (dot > 0 || (dot === 0 && name.length > 1)) {
    const ext = name.slice(dot + 1);
    const byExt = BY_EXTENSION.get(ext) ?? BY_EXTENSION.get(ext.toLowerCase());
    if (byExt) return byExt;
  }
  if (head !== undefined && head.startsWith('#!')) return languageForShebang(head) ?? PLAINTEXT;
  return PLAINTEXT;
}

/** The language named by a `#!/usr/bin/env node` style first line. */
export function languageForShebang(head: string): SourceLanguage | undefined {
  const m = /^#!\s*(\S+)(?:[ \t]+(?:-\S+[ \t]+)*(\S+))?/.exec(head);
  if (!m) return undefined;
  let program = m[1].slice(m[1].lastIndexOf('/') + 1);
  if (program === 'env' && m[2]) program = m[2];
  return BY_INTERPRETER.get(program) ?? BY_INTERPRETER.get(program.replace(/[\d.]+$/, ''));
}

/** Extensions never worth reading: images, fonts, archives, compiled code, media. */
export const BINARY_EXTENSIONS: ReadonlySet<string> = new Set(
  ('png jpg jpeg gif bmp ico icns webp avif tif tiff psd heic woff woff2 ttf otf eot zip gz tgz bz2 xz 7z rar zst jar war ear ' +
    'class pyc pyo o obj a lib so dylib dll exe bin wasm node pdf mp3 mp4 m4a wav ogg oga flac webm mov avi mkv ' +
    'sqlite db pack idx keystore p12 pfx der').split(' '),
);
