import { lexCFamily, type CDialect } from './lexers/cFamily';
import { lexDashFamily, type DashDialect } from './lexers/dashFamily';
import { lexHashFamily, type HashDialect } from './lexers/hashFamily';
import type { Lexer } from './lexers/lexer';
import { lexHaml } from './lexers/haml';
import { lexMarkup, markdownCode, type EmbeddedLexers, type MarkupDialect, type TemplateSyntax } from './lexers/markup';
import { lexPhp } from './lexers/php';
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
  /** Markdown: where code is (fenced blocks, code spans), so task lines there are not read as tasks. */
  readonly tasks?: (text: string) => readonly (readonly [number, number])[];
}

const c = (d: CDialect): Lexer => (job) => lexCFamily(job, d);
const hash = (d: HashDialect): Lexer => (job) => lexHashFamily(job, d);
const dash = (d: DashDialect): Lexer => (job) => lexDashFamily(job, d);
const simple = (d: SimpleDialect): Lexer => (job) => lexSimple(job, d);

const JS: CDialect = { lineComments: true, singleQuote: 'string', backtick: 'template', regexLiterals: true };
const C_LIKE: CDialect = { lineComments: true, singleQuote: 'char', rawStrings: true };
const JAVA: CDialect = { lineComments: true, singleQuote: 'char', tripleQuotes: true };
const GROOVY: CDialect = { lineComments: true, singleQuote: 'string', tripleQuotes: true, interpolation: 'dollar-brace', plainSingle: true };
const APEX: CDialect = { lineComments: true, singleQuote: 'string' };
const CSHARP: CDialect = { lineComments: true, singleQuote: 'char', tripleQuotes: true, rawStrings: true, interpolation: 'csharp' };
const GO: CDialect = { lineComments: true, singleQuote: 'char', backtick: 'raw' };
const RUST: CDialect = { lineComments: true, singleQuote: 'rust', nestedBlocks: true, rawStrings: true };
const SWIFT: CDialect = { lineComments: true, singleQuote: 'none', nestedBlocks: true, tripleQuotes: true, rawStrings: true, interpolation: 'backslash-paren' };
const KOTLIN: CDialect = { lineComments: true, singleQuote: 'char', nestedBlocks: true, tripleQuotes: true, backtick: 'raw', interpolation: 'dollar-brace' };
const DART: CDialect = { lineComments: true, singleQuote: 'string', nestedBlocks: true, tripleQuotes: true, interpolation: 'dollar-brace', rPrefixRaw: true };
const PHP: CDialect = { lineComments: true, hashComments: true, singleQuote: 'string', php: true, interpolation: 'php' };
const HCL: CDialect = { lineComments: true, hashComments: true, singleQuote: 'string' };
const CSS: CDialect = { lineComments: false, singleQuote: 'string', cssUrls: true };
const SCSS: CDialect = { lineComments: true, singleQuote: 'string', urlSafe: true, cssUrls: true };
const ASM_GAS: CDialect = { lineComments: true, hashComments: true, singleQuote: 'none' };

const PYTHON: HashDialect = { docstrings: true };
const SHELL: HashDialect = { shell: true, literalSingle: true, multilineStrings: true };
const YAML: HashDialect = { yaml: true, literalSingle: true, multilineStrings: true };
const TOML: HashDialect = { tripleQuotes: true, literalSingle: true };
const RUBY: HashDialect = { lineBlocks: [['=begin', '=end']], rubyHeredocs: true, ruby: true };
const PERL: HashDialect = { perl: true, lineBlocks: [['=pod', '=cut'], ['=head', '=cut'], ['=begin', '=cut'], ['=over', '=cut'], ['=item', '=cut'], ['=encoding', '=cut']] };
const HASH_PLAIN: HashDialect = {};
const LINE_START_HASH: HashDialect = { lineStartOnly: true, quotes: false };
const MAKEFILE: HashDialect = { quotes: false, makefile: true };

const LISP: SimpleDialect = { lineComments: [';'], blocks: [['#|', '|#', true]], quotes: '"', stringEscape: 92, multilineStrings: true, codeEscapes: '\\' };
const ASM: SimpleDialect = { lineComments: [';'], quotes: '"\'', stringEscape: 92 };
const INI: SimpleDialect = { lineStartComments: [';', '#'] };
// The `comment` package's environment is a comment; verbatim text (`\\verb|%|`, listings) is not code.
const TEX: SimpleDialect = {
  lineComments: ['%'],
  blocks: [['\\begin{comment}', '\\end{comment}', false]],
  codeEscapes: '\\',
  verbatim: /\\verb\*?([^A-Za-z\s*])[^\n]*?\1|\\begin\{(verbatim\*?|Verbatim|lstlisting|minted)\}[^]*?\\end\{\2\}/y,
};
const ERLANG: SimpleDialect = { lineComments: ['%'], quotes: '"\'', stringEscape: 92, codeEscapes: '$' };
// `'` is a string, or the transpose operator after a value (`a'`, `x(1)'`); Octave adds `#` comments.
const MATLAB: SimpleDialect = { lineComments: ['%', '#'], blocks: [['%{', '%}', true], ['#{', '#}', true]], quotes: '"\'', transposeQuote: true };
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
  script: (l) => (l === undefined || /^(js|javascript|ts|typescript|jsx|tsx|module|text\/(?:java|type)script|application\/(?:java|type)script|text\/babel|setup)$/.test(l) ? javascript.lex : undefined),
  style: (l) => (l === 'scss' || l === 'less' || l === 'sass' || l === 'stylus' || l === 'postcss' ? scss.lex : css.lex),
};

const markup = (id: string, fence: string, d: MarkupDialect): SourceLanguage => lang(id, fence, (job) => lexMarkup(job, d));
const JSX_COMMENT: TemplateSyntax = { open: '{/*', close: '*/}', body: 'comment' };
const rubyCode = hash(RUBY);

const html = markup('html', 'html', { embedded });
const xml = markup('xml', 'xml', {});
const markdown: SourceLanguage = { ...markup('markdown', 'markdown', { markdown: true }), tasks: markdownCode };
const mdx: SourceLanguage = { ...markup('mdx', 'mdx', { markdown: true, htmlComments: false, templates: [JSX_COMMENT], esm: c(JS) }), tasks: markdownCode };
const vue = markup('vue', 'vue', { embedded, templates: [{ open: '{{', close: '}}', body: 'skip' }] });
const svelte = markup('svelte', 'svelte', { embedded, templates: [JSX_COMMENT] });
const astro = markup('astro', 'astro', { embedded, frontMatter: c(JS), templates: [JSX_COMMENT] });
const handlebars = markup('handlebars', 'handlebars', {
  embedded,
  templates: [
    { open: '{{!--', close: '--}}', body: 'comment' },
    { open: '{{!', close: '}}', body: 'comment' },
    { open: '{{', close: '}}', body: 'skip' },
  ],
});
const ejs = markup('ejs', 'ejs', {
  embedded,
  templates: [
    { open: '<%#', close: '%>', body: 'comment' },
    { open: '<%%', close: '%>', body: 'skip' },
    { open: '<%', close: '%>', body: c(JS) },
  ],
});
const erb = markup('erb', 'erb', {
  embedded,
  templates: [
    { open: '<%#', close: '%>', body: 'comment' },
    { open: '<%%', close: '%>', body: 'skip' },
    { open: '<%', close: '%>', body: rubyCode },
  ],
});
const jinja = markup('jinja', 'jinja', {
  embedded,
  templates: [
    { open: '{#', close: '#}', body: 'comment' },
    { open: '{% comment %}', close: '{% endcomment %}', body: 'comment' },
    { open: '{%', close: '%}', body: 'skip' },
    { open: '{{', close: '}}', body: 'skip' },
  ],
});
// `@@` is an escaped `@` (so `@@*` opens no comment).
const razor = markup('razor', 'razor', { embedded, templates: [{ open: '@@', close: '', body: 'skip' }, { open: '@*', close: '*@', body: 'comment' }] });
const python = lang('python', 'python', hash(PYTHON));
const shell = lang('shellscript', 'sh', hash(SHELL));
const ruby = lang('ruby', 'ruby', hash(RUBY));
const perl = lang('perl', 'perl', hash(PERL));
const lua = lang('lua', 'lua', dash({ lua: true }));
const php = lang('php', 'php', (job) => lexPhp(job, c(PHP), html.lex!));
// Laravel Blade: `{{-- --}}` comments and `@php … @endphp` code around PHP and HTML.
const bladeMarkup = markup('blade', 'blade', {
  embedded,
  templates: [
    { open: '{{--', close: '--}}', body: 'comment' },
    { open: '{{', close: '}}', body: 'skip' },
    { open: '{!!', close: '!!}', body: 'skip' },
    { open: '@php', close: '@endphp', body: c({ ...PHP, php: false }) },
  ],
});
const blade = lang('blade', 'blade', (job) => lexPhp(job, c(PHP), bladeMarkup.lex!));
const objectiveC = lang('objective-c', 'objectivec', c(C_LIKE));
const matlab = lang('matlab', 'matlab', simple(MATLAB));
const latex = lang('latex', 'latex', simple(TEX));
const apex = lang('apex', 'apex', c(APEX));
export const PLAINTEXT: SourceLanguage = lang('plaintext', 'text');

const BY_EXTENSION: ReadonlyMap<string, SourceLanguage> = new Map<string, SourceLanguage>([
  ...['js', 'mjs', 'cjs', 'jsx', 'es6', 'snap'].map((e) => [e, javascript] as const),
  ...['ts', 'mts', 'cts', 'tsx'].map((e) => [e, typescript] as const),
  ...['json', 'jsonc', 'json5'].map((e) => [e, lang('json', 'json', c(JS))] as const),
  ...['c', 'h', 'i'].map((e) => [e, lang('c', 'c', c(C_LIKE))] as const),
  ...['cc', 'cpp', 'cxx', 'c++', 'hh', 'hpp', 'hxx', 'h++', 'ipp', 'tpp', 'ino', 'cu', 'cuh'].map((e) => [e, lang('cpp', 'cpp', c(C_LIKE))] as const),
  ['mm', objectiveC],
  ['cs', lang('csharp', 'csharp', c(CSHARP))],
  ['java', lang('java', 'java', c(JAVA))],
  ...['groovy', 'gradle', 'jenkinsfile'].map((e) => [e, lang('groovy', 'groovy', c(GROOVY))] as const),
  ...['trigger', 'apex'].map((e) => [e, apex] as const),
  ...['scala', 'sc', 'sbt'].map((e) => [e, lang('scala', 'scala', c(KOTLIN))] as const),
  ...['kt', 'kts'].map((e) => [e, lang('kotlin', 'kotlin', c(KOTLIN))] as const),
  ['go', lang('go', 'go', c(GO))],
  ['rs', lang('rust', 'rust', c(RUST))],
  ['swift', lang('swift', 'swift', c(SWIFT))],
  ['dart', lang('dart', 'dart', c(DART))],
  ...['php', 'phtml', 'php3', 'php4', 'php5', 'phpt', 'inc.php'].map((e) => [e, php] as const),
  ['css', css],
  ...['scss', 'less', 'sass', 'styl'].map((e) => [e, scss] as const),
  ...['proto', 'glsl', 'vert', 'frag', 'hlsl', 'wgsl', 'sol', 'zig', 'v', 'sv', 'svh', 'd', 'hx', 'jsonnet', 'libsonnet', 'thrift', 'fx', 'as'].map((e) => [e, lang(e, e, c(C_LIKE))] as const),
  ...['s', 'S'].map((e) => [e, lang('asm', 'asm', c(ASM_GAS))] as const),
  ...['html', 'htm', 'xhtml', 'jsp', 'shtml'].map((e) => [e, html] as const),
  ['vue', vue],
  ['svelte', svelte],
  ['astro', astro],
  ...['hbs', 'handlebars', 'mustache'].map((e) => [e, handlebars] as const),
  ['ejs', ejs],
  ...['erb', 'rhtml'].map((e) => [e, erb] as const),
  ...['twig', 'njk', 'nunjucks', 'j2', 'jinja', 'jinja2', 'liquid', 'djhtml'].map((e) => [e, jinja] as const),
  ...['cshtml', 'razor', 'vbhtml'].map((e) => [e, razor] as const),
  ['haml', lang('haml', 'haml', (job) => lexHaml(job, { ruby: rubyCode, javascript: javascript.lex!, css: css.lex! }))],
  ...['xml', 'xsd', 'xsl', 'xslt', 'svg', 'plist', 'csproj', 'fsproj', 'vbproj', 'props', 'targets', 'resx', 'xaml', 'wsdl', 'pom', 'storyboard', 'xib'].map((e) => [e, xml] as const),
  ...['md', 'markdown', 'mkd'].map((e) => [e, markdown] as const),
  ['mdx', mdx],
  ...['py', 'pyi', 'pyw', 'pyx', 'pxd', 'bzl', 'star', 'gyp', 'gypi'].map((e) => [e, python] as const),
  ['gd', lang('gdscript', 'gdscript', hash(PYTHON))],
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
  ...['tf', 'tfvars', 'hcl', 'nix'].map((e) => [e, lang(e, e, c(HCL))] as const),
  ...['mk', 'mak', 'make'].map((e) => [e, lang('makefile', 'makefile', hash(MAKEFILE))] as const),
  ...['dockerignore', 'gitignore', 'gitattributes', 'npmignore', 'env', 'properties'].map((e) => [e, lang(e, 'text', hash(LINE_START_HASH))] as const),
  ...['sql', 'psql', 'pgsql', 'mysql', 'ddl', 'dml'].map((e) => [e, lang('sql', 'sql', dash({ sql: true }))] as const),
  ['lua', lua],
  ...['hs', 'lhs', 'elm', 'purs', 'agda', 'idr'].map((e) => [e, lang('haskell', 'haskell', dash({ haskell: true }))] as const),
  ...['adb', 'ads', 'ada', 'vhd', 'vhdl'].map((e) => [e, lang('ada', 'ada', dash({}))] as const),
  ...['lisp', 'lsp', 'cl', 'el', 'scm', 'ss', 'rkt', 'clj', 'cljs', 'cljc', 'edn', 'fnl'].map((e) => [e, lang('lisp', 'lisp', simple(LISP))] as const),
  ...['asm', 'nasm', 'inc'].map((e) => [e, lang('asm', 'asm', simple(ASM))] as const),
  ...['ini', 'editorconfig', 'cfg.ini', 'reg', 'desktop'].map((e) => [e, lang('ini', 'ini', simple(INI))] as const),
  ...['tex', 'sty', 'bib', 'ltx', 'dtx'].map((e) => [e, latex] as const),
  ...['erl', 'hrl'].map((e) => [e, lang('erlang', 'erlang', simple(ERLANG))] as const),
  ['matlab', matlab],
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
  ['php', php],
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
  if (lower.endsWith('.blade.php')) return blade;
  const dot = name.lastIndexOf('.');
  if (dot > 0 || (dot === 0 && name.length > 1)) {
    const ext = name.slice(dot + 1);
    const shared = SHARED_EXTENSIONS.get(ext.toLowerCase());
    if (shared) return shared(head ?? '');
    const byExt = BY_EXTENSION.get(ext) ?? BY_EXTENSION.get(ext.toLowerCase());
    if (byExt) return byExt;
  }
  if (head !== undefined && head.startsWith('#!')) return languageForShebang(head) ?? PLAINTEXT;
  return PLAINTEXT;
}

/**
 * Extensions two languages share, told apart by the start of the file the way GitHub Linguist's
 * heuristics do: `.m` is Objective-C or MATLAB/Octave, `.cls` is an Apex class or a LaTeX class.
 */
const SHARED_EXTENSIONS: ReadonlyMap<string, (head: string) => SourceLanguage> = new Map([
  ['m', (head: string) => (/^[ \t]*(?:#(?:import|include|define|if|pragma)\b|@(?:interface|implementation|protocol|import|class)\b|\/\/|\/\*)/m.test(head) || !/^[ \t]*(?:%|#|function\b|classdef\b|[A-Za-z]\w*\s*=)/m.test(head) ? objectiveC : matlab)],
  ['cls', (head: string) => (/^[ \t]*(?:\\|%)/m.test(head) ? latex : /\b(?:class|interface|enum)\b|@isTest|^\s*\/[/*]/im.test(head) ? apex : latex)],
]);

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
