import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeSource, encodeSource, looksBinary } from '../../src/core/todos/decode';
import { languageForPath, languageForShebang } from '../../src/core/todos/languages';
import { TodoScanner, type TodoComment } from '../../src/core/todos/scanner';

const scanner = new TodoScanner();

/** Scans `text` as a file named `name`; returns "line:TAG:text" strings. */
function todos(name: string, text: string, s: TodoScanner = scanner): string[] {
  return s.scan(text, languageForPath(name, text.slice(0, 200))).map((t) => `${t.line}:${t.tag}:${t.text}`);
}

function only(name: string, text: string): TodoComment {
  const found = scanner.scan(text, languageForPath(name, text));
  assert.equal(found.length, 1, JSON.stringify(found));
  return found[0];
}

const fixture = (name: string) => readFileSync(join(process.cwd(), 'test/fixtures/todos', name), 'utf8');

describe('TODO scanner', () => {
  describe('markers', () => {
    it('reads TODO(ID): text, TODO(@user): text, TODO: text and TODO text', () => {
      const a = only('a.ts', '// TODO(BL-7K3QM): wire the thing');
      assert.equal(a.id, 'BL-7K3QM');
      assert.equal(a.text, 'wire the thing');
      const b = only('a.ts', '// FIXME(@ann): crash');
      assert.equal(b.id, undefined);
      assert.equal(b.owner, 'ann');
      assert.deepEqual(b.refs, ['@ann']);
      assert.equal(only('a.ts', '// TODO: colon').text, 'colon');
      assert.equal(only('a.ts', '// TODO no colon').text, 'no colon');
      assert.equal(only('a.ts', '// TODO - dash').text, 'dash');
      assert.equal(only('a.ts', '// TODO').text, '');
      const c = only('a.ts', '// TODO(ann, BL-22222, JIRA-9): mixed');
      assert.equal(c.id, 'BL-22222');
      assert.equal(c.owner, 'ann');
      assert.deepEqual(c.refs, ['ann', 'JIRA-9']);
    });

    it('takes ids only with the configured prefix', () => {
      assert.equal(only('a.ts', '// TODO(XY-7K3QM): other prefix').id, undefined);
      const custom = new TodoScanner({ idPrefix: 'XY' });
      assert.equal(custom.scan('// TODO(XY-7K3QM): mine', languageForPath('a.ts'))[0].id, 'XY-7K3QM');
    });

    it('needs the tag as a word at the start of the comment text', () => {
      assert.deepEqual(todos('a.ts', '// TODOS are nice\n// MYTODO x\n// see the TODO list\n// todo lower is not a tag\n'), []);
      assert.deepEqual(todos('a.ts', '/// TODO: triple\n//! FIXME: doc\n// - HACK: bullet\n/** @TODO jsdoc */'), ['1:TODO:triple', '2:FIXME:doc', '3:HACK:bullet', '4:TODO:jsdoc']);
    });

    it('honours configured tags and case-insensitive matching', () => {
      const s = new TodoScanner({ tags: ['NOTE', 'TODO'], caseSensitive: false });
      assert.deepEqual(todos('a.py', '# note: one\n# Todo two\n# FIXME not configured\n', s), ['1:NOTE:one', '2:TODO:two']);
      assert.throws(() => new TodoScanner({ tags: [] }), /At least one/);
    });

    it('reads @todo (JSDoc, PHPDoc) by default, and not when the @ form is off', () => {
      assert.deepEqual(todos('a.ts', '/**\n * @todo wire it\n * @fixme: too\n */\nconst s = "@todo no"; // todo no\n'), ['2:TODO:wire it', '3:FIXME:too']);
      assert.deepEqual(todos('a.ts', '/** @todo wire it */', new TodoScanner({ atTags: false })), []);
      assert.equal(new TodoScanner().mayContain('x @todo'), true);
      assert.equal(new TodoScanner({ atTags: false }).mayContain('x @todo'), false);
    });

    it('reads Markdown task lines only when asked, outside code and not done', () => {
      const md = '- [ ] write docs\n- [x] done\n* [ ] TODO(BL-22222): linked\n```\n- [ ] in a fence\n```\n1. [ ] numbered\n<!-- TODO: comment -->\n';
      assert.deepEqual(todos('a.md', md), ['8:TODO:comment']);
      const s = new TodoScanner({ markdownTasks: true });
      assert.deepEqual(todos('a.md', md, s), ['1:[ ]:write docs', '3:[ ]:TODO(BL-22222): linked', '7:[ ]:numbered', '8:TODO:comment']);
      assert.deepEqual(todos('a.ts', '// - [ ] not markdown', s), []);
      assert.equal(s.scan('- [ ](BL-22222): linked', languageForPath('a.md'))[0].id, 'BL-22222', 'a written-back id links the task');
    });

    it('caps the tags read per file and says so', () => {
      const s = new TodoScanner({ maxPerFile: 3 });
      const r = s.scanBounded('// TODO: 1\n// TODO: 2\n// FIXME: 3\n// TODO: 4\n', languageForPath('a.ts'));
      assert.deepEqual(r.todos.map((t) => t.text), ['1', '2', '3']);
      assert.equal(r.capped, true);
      assert.equal(s.scanBounded('// TODO: 1\n', languageForPath('a.ts')).capped, false);
    });

    it('reports 1-based line and column of the tag', () => {
      const t = only('a.ts', 'let a;\n  let b; // TODO: here');
      assert.equal(t.line, 2);
      assert.equal(t.column, 13);
    });
  });

  describe('C-family', () => {
    it('skips strings, template literals, regexes and URLs inside strings', () => {
      assert.deepEqual(todos('sample.ts', fixture('sample.ts')), [
        '3:TODO:handle the empty case',
        '4:FIXME:url is hard-coded',
        '5:HACK:inside an expression',
        '6:XXX:regex with quotes before me',
        '9:BUG:off by one on the last line',
        '12:TODO:divide safely',
      ]);
    });

    it('tells division from a regex literal', () => {
      assert.deepEqual(todos('a.js', 'const r = a / b / c; // TODO: after division\nif (/\\/\\/ TODO/.test(s)) {} // FIXME: after regex\nreturn /"/; // HACK: quote in regex'), [
        '1:TODO:after division',
        '2:FIXME:after regex',
        '3:HACK:quote in regex',
      ]);
    });

    it('handles nested template literals', () => {
      assert.deepEqual(todos('a.ts', 'const s = `a ${`b ${c} // TODO no`} // TODO no`; // TODO: yes'), ['1:TODO:yes']);
    });

    it('reads char literals in C, Java and C#, and C++ digit separators', () => {
      assert.deepEqual(todos('a.c', "char q = '\"'; // TODO: after a quote char\nchar s[] = \"// TODO no\";"), ['1:TODO:after a quote char']);
      assert.deepEqual(todos('a.cpp', "int n = 1'000'000; // TODO: separators\nauto r = R\"x(// TODO no)x\"; // FIXME: after raw"), ['1:TODO:separators', '2:FIXME:after raw']);
      assert.deepEqual(todos('A.java', 'String s = """\n  // TODO not in a text block\n  """; // TODO: after'), ['3:TODO:after']);
      assert.deepEqual(todos('a.cs', 'var p = @"C:\\dir\\"; // TODO: verbatim ends at the quote\nvar q = @"say ""// TODO no""";'), ['1:TODO:verbatim ends at the quote']);
    });

    it('reads Rust lifetimes, raw strings and nested block comments', () => {
      assert.deepEqual(
        todos('a.rs', "fn f<'a>(x: &'a str) -> char { 'x' } // TODO: lifetimes\nlet s = r#\"// TODO \"no\" \"#;\n/* outer /* inner */\n   FIXME: still inside the outer comment */ let t = 1; // HACK: after"),
        ['1:TODO:lifetimes', '4:FIXME:still inside the outer comment', '4:HACK:after'],
      );
      // Without nesting the comment would end at the first `*/` and `FIXME` would be code.
      assert.deepEqual(todos('a.c', '/* outer /* inner */\n FIXME: code now */'), []);
    });

    it('reads Go raw strings, Swift, Kotlin and PHP comments', () => {
      assert.deepEqual(todos('a.go', 'var s = `\n// TODO no\n` // TODO: go'), ['3:TODO:go']);
      assert.deepEqual(todos('a.swift', 'let s = #"// TODO no"# // TODO: swift'), ['1:TODO:swift']);
      assert.deepEqual(todos('a.kt', 'val s = "${a} // TODO no" // TODO: kotlin'), ['1:TODO:kotlin']);
      assert.deepEqual(todos('a.php', "<?php\n# TODO: hash\n#[Attr] // FIXME: slash\n$s = '# TODO no';"), ['2:TODO:hash', '3:FIXME:slash']);
    });

    it('finds CSS block comments but not `//` in url()', () => {
      assert.deepEqual(todos('a.css', 'a { background: url(http://x/y.png); } /* TODO: css */'), ['1:TODO:css']);
      assert.deepEqual(todos('a.scss', '$u: url(http://x/TODO); // FIXME: scss'), ['1:FIXME:scss']);
    });
  });

  describe('# languages', () => {
    it('reads Python comments and docstrings, not strings', () => {
      assert.deepEqual(todos('sample.py', fixture('sample.py')), ['4:TODO:split this module', '10:HACK:real comment after an f-string', '13:FIXME:raw docstring', '14:XXX:trailing']);
    });

    it('reads shell comments only at word starts, not in quotes or heredocs', () => {
      const sh = 'echo $# ${#arr} a#b # TODO: one\necho "# TODO no" \'# TODO no\'\ncat <<EOF\n# TODO heredoc body\nEOF\necho \\"x # FIXME: after escaped quote';
      assert.deepEqual(todos('a.sh', sh), ['1:TODO:one', '6:FIXME:after escaped quote']);
    });

    it('reads YAML comments, not # inside values or quotes', () => {
      assert.deepEqual(todos('a.yml', "a: 'x # TODO no'\nb: c#TODO no\nc: don't # TODO: yes\n# FIXME: top"), ['3:TODO:yes', '4:FIXME:top']);
    });

    it('reads Ruby =begin blocks, TOML, Perl POD and Dockerfiles', () => {
      assert.deepEqual(todos('a.rb', "s = '# TODO no'\n=begin\nTODO: in block\n=end\nx = 1 # FIXME: ruby"), ['3:TODO:in block', '5:FIXME:ruby']);
      assert.deepEqual(todos('a.toml', 'a = """\n# TODO no\n"""\nb = \'C:\\\' # TODO: toml'), ['4:TODO:toml']);
      assert.deepEqual(todos('a.pl', 'my $s = "# TODO no";\n=pod\n\nTODO: pod\n\n=cut\n# FIXME: perl'), ['4:TODO:pod', '7:FIXME:perl']);
      assert.deepEqual(todos('Dockerfile', 'RUN echo "a" # TODO not a comment here\n# TODO: docker'), ['2:TODO:docker']);
    });
  });

  describe('other comment styles', () => {
    it('reads SQL, Lua and Haskell', () => {
      assert.deepEqual(todos('a.sql', "select '-- TODO no', \"x--y\" -- TODO: sql\n/* FIXME: block */"), ['1:TODO:sql', '2:FIXME:block']);
      assert.deepEqual(todos('a.lua', 's = "-- TODO no" -- TODO: lua\n--[[\nFIXME: long comment\n]]\nt = [[ -- TODO no ]]'), ['1:TODO:lua', '3:FIXME:long comment']);
      assert.deepEqual(todos('a.hs', "x' = a --> b -- TODO: haskell\n{- outer {- inner -}\nFIXME: nested -}\nc = '\"' -- HACK: char"), ['1:TODO:haskell', '3:FIXME:nested', '4:HACK:char']);
    });

    it('reads Lisp, assembly, INI, TeX and Erlang', () => {
      assert.deepEqual(todos('a.el', '(setq s "; TODO no") ; TODO: lisp\n#| FIXME: block |#\n(char #\\;) ; HACK: after char'), ['1:TODO:lisp', '2:FIXME:block', '3:HACK:after char']);
      assert.deepEqual(todos('a.asm', 'mov eax, ";" ; TODO: asm'), ['1:TODO:asm']);
      assert.deepEqual(todos('a.ini', 'key = a ; TODO no\n; TODO: ini'), ['2:TODO:ini']);
      assert.deepEqual(todos('a.tex', '50\\% TODO no\n% TODO: tex'), ['2:TODO:tex']);
      assert.deepEqual(todos('a.erl', 'X = $%, % TODO: erlang'), ['1:TODO:erlang']);
    });

    it('reads HTML comments and the scripts and styles inside', () => {
      const html = '<p>TODO not a comment</p>\n<!-- TODO: html -->\n<script>\nconst s = "<!-- TODO no -->"; // FIXME: script\n</script>\n<style lang="scss">\n// HACK: style\n</style>';
      assert.deepEqual(todos('a.vue', html), ['2:TODO:html', '4:FIXME:script', '7:HACK:style']);
      assert.deepEqual(todos('README.md', '# TODO heading is not a comment\n<!-- TODO: markdown -->'), ['2:TODO:markdown']);
    });

    it('is conservative in text of unknown kind', () => {
      assert.deepEqual(todos('notes.txt', 'TODO: buy milk\nsome TODO in prose\n  - FIXME: list item\n# XXX: hash'), ['1:TODO:buy milk', '3:FIXME:list item', '4:XXX:hash']);
    });

    it('picks the language from the file name, then the shebang', () => {
      assert.equal(languageForPath('x/y/Makefile').id, 'makefile');
      assert.equal(languageForPath('src/App.TSX').id, 'typescript');
      assert.equal(languageForPath('bin/tool', '#!/usr/bin/env node\n').id, 'javascript');
      assert.equal(languageForShebang('#!/usr/bin/python3.11')?.id, 'python');
      assert.equal(languageForPath('bin/tool', 'just text').id, 'plaintext');
      // Shared extensions are decided by content.
      assert.equal(languageForPath('a.m', '#import <Foundation/Foundation.h>\n').id, 'objective-c');
      assert.equal(languageForPath('a.m', '% compute\nfunction r = f(x)\n').id, 'matlab');
      assert.equal(languageForPath('a.m', 'x = 1;\ny = x\';\n').id, 'matlab');
      assert.equal(languageForPath('A.cls', 'public class A {\n}').id, 'apex');
      assert.equal(languageForPath('t.cls', '\\NeedsTeXFormat{LaTeX2e}\n').id, 'latex');
      assert.equal(languageForPath('p.gd', 'extends Node\n').id, 'gdscript');
      assert.deepEqual(todos('bin/run', '#!/bin/sh\necho "# TODO no" # TODO: shebang'), ['2:TODO:shebang']);
    });
  });

  describe('per-language fixtures: every comment, no strings', () => {
    // Each fixture holds real comments whose text starts with "yes" and, side by side, strings,
    // heredocs, attribute values, code fences and text holding a tag followed by "no". The
    // expected list is read from the fixture itself: every line with a tag followed by `yes`.
    const dir = join(process.cwd(), 'test/fixtures/todos/languages');
    for (const name of readdirSync(dir)) {
      it(name, () => {
        const text = readFileSync(join(dir, name), 'utf8');
        const expected = text.split('\n').flatMap((l, i) => (/(?:TODO|FIXME|HACK|XXX|BUG|@todo):? yes\b/.test(l) ? [i + 1] : []));
        const found = scanner.scan(text, languageForPath(name, text.slice(0, 256)));
        assert.ok(expected.length > 0, 'a fixture needs at least one real comment');
        assert.deepEqual(found.map((t) => `${t.line}:${t.text.split(' ')[0]}`), expected.map((l) => `${l}:yes`));
      });
    }
  });

  describe('awkward files', () => {
    it('handles CRLF line endings', () => {
      const t = only('a.ts', 'let a;\r\n// TODO: crlf  \r\nlet b;\r\n');
      assert.equal(t.line, 2);
      assert.equal(t.text, 'crlf');
      assert.deepEqual(todos('a.py', '"""\r\nTODO: doc\r\n"""\r\n# FIXME: x\r\n'), ['2:TODO:doc', '4:FIXME:x']);
    });

    it('skips over-long (minified) lines and resumes lexing after them', () => {
      const minified = 'var a="\'";'.repeat(500) + '/* TODO: inside minified */';
      assert.deepEqual(todos('a.min.js', minified), []);
      assert.deepEqual(todos('a.js', `${minified}\n// TODO: after the long line`), ['2:TODO:after the long line']);
      assert.deepEqual(todos('a.js', 'x'.repeat(5000) + '\n// FIXME: ok', new TodoScanner({ maxLineLength: 10000 })), ['2:FIXME:ok']);
    });

    it('bounds the text of very long comments', () => {
      const t = only('a.ts', '// TODO: ' + 'word '.repeat(100));
      assert.ok(t.text.length <= 200);
      assert.ok(t.text.endsWith('…'));
      assert.equal(t.textEnd, '// TODO: '.length + 'word '.repeat(100).trimEnd().length, 'the edit range covers the whole text');
    });

    it('does not treat unterminated strings or comments as fatal', () => {
      assert.deepEqual(todos('a.ts', 'const s = "never closed\n// TODO: next line is code again'), ['2:TODO:next line is code again']);
      assert.deepEqual(todos('a.ts', '/* TODO: unterminated'), ['1:TODO:unterminated']);
      assert.deepEqual(todos('a.py', '"""\nTODO: unterminated docstring'), ['2:TODO:unterminated docstring']);
    });

    it('detects binary content and decodes non-UTF-8 leniently, round-tripping bytes', () => {
      assert.equal(looksBinary(Uint8Array.from([0x47, 0x49, 0x46, 0x00, 0x01])), true);
      assert.equal(decodeSource(Uint8Array.from([0x89, 0x50, 0x00])).kind, 'binary');
      const latin1 = Uint8Array.from([...Buffer.from('// TODO: caf'), 0xe9, 0x0a, 0xff, 0xfe, 0x80]);
      const d = decodeSource(latin1);
      assert.ok(d.kind === 'text');
      assert.equal(d.encoding, 'latin1');
      assert.deepEqual(todos('a.js', d.text), ['1:TODO:café']);
      assert.deepEqual(encodeSource(d.text, d.encoding), latin1);
      const utf16 = Uint8Array.from([0xff, 0xfe, ...Buffer.from('# TODO: wide\n', 'utf16le')]);
      const w = decodeSource(utf16);
      assert.ok(w.kind === 'text' && w.encoding === 'utf16le');
      assert.deepEqual(todos('a.py', w.text), ['1:TODO:wide']);
      assert.deepEqual(encodeSource(w.text, w.encoding), utf16);
      const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from('// TODO: bom ✓')]);
      const b = decodeSource(bom);
      assert.ok(b.kind === 'text' && b.encoding === 'utf8bom' && !b.text.startsWith('\ufeff'));
      assert.deepEqual(encodeSource(b.text, b.encoding), bom);
      assert.throws(() => encodeSource('✓', 'latin1'), /cannot be written/);
    });

    it('answers the quick pre-check consistently with the scan', () => {
      assert.equal(scanner.mayContain('nothing to see'), false);
      assert.equal(scanner.mayContain('x // FIXME'), true);
      assert.equal(new TodoScanner({ caseSensitive: false }).mayContain('a todo'), true);
    });
  });
});
