/**
 * Completion as typed, data-driven: a document with `|` for the cursor in, the item chosen, the whole text after
 * applying it out (a snippet is expanded as an editor does with no typing: each placeholder takes its default,
 * a choice its first option). `analysed` is the text the analysis read when it is an earlier version: the
 * server answers from the latest analysis it has, and the syntax around the cursor must come from the current
 * text.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { InsertTextFormat, type CompletionItem, type TextEdit } from 'vscode-languageserver-types';
import { analyze, getCompletion, parse } from '../../server/src/service/languageService';
import { DEFAULT_SETTINGS } from '../../server/src/service/settings';
import type { UsersCompletionOptions } from '../../server/src/service/users/completion';
import { COMMANDS, type SetPasswordArgs } from '../../server/src/shared/protocol';
import { markers } from './markers';

const USERS_URI = 'file:///opt/rudder/etc/rudder-users.xml';
const PROPERTIES_URI = 'file:///opt/rudder/etc/rudder-web.properties';
const ROLES = 'read_only,user,administrator,administration_only,configuration,compliance,inventory,rule_only,workflow,validator,deployer';

/** What an editor inserts for a snippet nobody types into: placeholders' defaults, a choice's first option. */
function expand(snippet: string): string {
  return snippet.replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1').replace(/\$\{\d+\}|\$\d+/g, '');
}

interface Completed {
  items: CompletionItem[];
  doc: TextDocument;
}

function complete(input: string, opts: { kind?: 'users' | 'properties'; analysed?: string; version?: string; options?: UsersCompletionOptions } = {}): Completed {
  const kind = opts.kind ?? 'users';
  const { text, cursor } = markers(input);
  assert.ok(cursor !== undefined, 'the case has a | cursor');
  const doc = TextDocument.create(kind === 'users' ? USERS_URI : PROPERTIES_URI, kind === 'users' ? 'rudder-users' : 'properties', 2, text);
  const a = analyze(parse(opts.analysed ?? text, kind), { ...DEFAULT_SETTINGS, rudderVersion: opts.version ?? '9.1' });
  return { items: getCompletion(doc, a, doc.positionAt(cursor), opts.options)?.items ?? [], doc };
}

function apply({ items, doc }: Completed, label: string): string {
  const item = items.find((i) => i.label === label);
  assert.ok(item, `no item '${label}' among ${JSON.stringify(items.map((i) => i.label))}`);
  const edit = item.textEdit as TextEdit;
  assert.ok(edit && 'range' in edit, `'${label}' has a text edit`);
  assert.equal(edit.range.start.line, edit.range.end.line, 'the edit is on one line');
  const newText = item.insertTextFormat === InsertTextFormat.Snippet ? expand(edit.newText) : edit.newText;
  return TextDocument.applyEdits(doc, [{ range: edit.range, newText }]);
}

describe('completion as typed: the whole text after the chosen item', () => {
  const cases: { name: string; doc: string; pick: string; out: string; analysed?: string; kind?: 'users' | 'properties'; version?: string }[] = [
    {
      name: 'a level after node_',
      doc: '<authentication>\n  <user name="a" role="node_|"/>\n</authentication>',
      pick: 'node_write',
      out: '<authentication>\n  <user name="a" role="node_write"/>\n</authentication>',
    },
    {
      name: 'a level after node_, the analysis still of the text before the _ was typed',
      analysed: '<authentication>\n  <user name="a" role="node"/>\n</authentication>',
      doc: '<authentication>\n  <user name="a" role="node_|"/>\n</authentication>',
      pick: 'node_all',
      out: '<authentication>\n  <user name="a" role="node_all"/>\n</authentication>',
    },
    {
      name: 'a second item after a comma, in a user typed after the analysis',
      analysed: '<authentication>\n</authentication>',
      doc: '<authentication>\n  <user name="b" permissions="inventory,|"/>\n</authentication>',
      pick: 'rule_only',
      out: '<authentication>\n  <user name="b" permissions="inventory,rule_only"/>\n</authentication>',
    },
    {
      name: 'a custom role the analysis knows, in a tag it has not seen',
      analysed: '<authentication>\n  <custom-roles><role name="ops" permissions="node_all"/></custom-roles>\n</authentication>',
      doc: '<authentication>\n  <custom-roles><role name="ops" permissions="node_all"/></custom-roles>\n  <user name="c" role="o|"/>\n</authentication>',
      pick: 'ops',
      out: '<authentication>\n  <custom-roles><role name="ops" permissions="node_all"/></custom-roles>\n  <user name="c" role="ops"/>\n</authentication>',
    },
    {
      name: 'a new user at < inside <authentication>',
      doc: '<authentication hash="bcrypt">\n  <user name="alice" password="" role="administrator"/>\n  <|\n</authentication>',
      pick: 'user',
      out: `<authentication hash="bcrypt">\n  <user name="alice" password="" role="administrator"/>\n  <user name="" password="" role="read_only"/>\n</authentication>`,
    },
    {
      name: 'a new user at < typed after the analysis (the position mapped onto the text it read)',
      analysed: '<authentication hash="bcrypt">\n  <user name="alice" password="" role="administrator"/>\n  \n</authentication>',
      doc: '<authentication hash="bcrypt">\n  <user name="alice" password="" role="administrator"/>\n  <u|\n</authentication>',
      pick: 'user',
      out: '<authentication hash="bcrypt">\n  <user name="alice" password="" role="administrator"/>\n  <user name="" password="" role="read_only"/>\n</authentication>',
    },
    {
      name: 'a new user typed as a word between users, < included',
      doc: '<authentication>\n  <user name="alice" role="administrator"/>\n  us|\n</authentication>',
      pick: 'user',
      out: '<authentication>\n  <user name="alice" role="administrator"/>\n  <user name="" password="" role="read_only"/>\n</authentication>',
    },
    {
      name: 'the custom-roles block',
      doc: '<authentication>\n<|\n</authentication>',
      pick: 'custom-roles',
      out: '<authentication>\n<custom-roles>\n  <role name="" permissions=""/>\n</custom-roles>\n</authentication>',
    },
    {
      name: 'a custom role at < inside <custom-roles>',
      doc: '<authentication>\n  <custom-roles>\n    <|\n  </custom-roles>\n</authentication>',
      pick: 'role',
      out: '<authentication>\n  <custom-roles>\n    <role name="" permissions=""/>\n  </custom-roles>\n</authentication>',
    },
    {
      name: 'the skeleton in an empty file',
      doc: '|',
      pick: 'authentication',
      out: '<authentication hash="bcrypt" case-sensitivity="true">\n  <user name="" password="" role="read_only"/>\n</authentication>',
    },
    {
      name: 'the skeleton at < after an XML declaration, CRLF kept',
      doc: '<?xml version="1.0" encoding="UTF-8"?>\r\n<|',
      pick: 'authentication',
      out: '<?xml version="1.0" encoding="UTF-8"?>\r\n<authentication hash="bcrypt" case-sensitivity="true">\r\n  <user name="" password="" role="read_only"/>\r\n</authentication>',
    },
    {
      name: 'the skeleton on 7.1: no case-sensitivity, which it does not read',
      doc: '|',
      pick: 'authentication',
      version: '7.1',
      out: '<authentication hash="bcrypt">\n  <user name="" password="" role="read_only"/>\n</authentication>',
    },
    {
      name: 'an element name being edited: the name only, the rest of the tag kept',
      doc: '<authentication>\n  <us|r name="a"/>\n</authentication>',
      pick: 'user',
      out: '<authentication>\n  <user name="a"/>\n</authentication>',
    },
    {
      name: 'an attribute name in a tag typed after the analysis',
      analysed: '<authentication>\n</authentication>',
      doc: '<authentication>\n  <user name="d" pe|\n</authentication>',
      pick: 'permissions',
      out: '<authentication>\n  <user name="d" permissions=""\n</authentication>',
    },
    {
      name: 'properties: a key as typed, with the separator',
      kind: 'properties',
      doc: 'rudder.auth.provider=file\nrudder.server.h|',
      pick: 'rudder.server.hsts',
      out: 'rudder.auth.provider=file\nrudder.server.hsts=',
    },
    {
      name: 'properties: a key typed after the analysis, which did not have that line',
      kind: 'properties',
      analysed: 'rudder.auth.provider=file\n',
      doc: 'rudder.auth.provider=file\nrudder.|',
      pick: 'rudder.auth.idle-timeout',
      out: 'rudder.auth.provider=file\nrudder.auth.idle-timeout=',
    },
    {
      name: 'properties: a boolean value',
      kind: 'properties',
      analysed: 'rudder.server.hsts\n',
      doc: 'rudder.server.hsts=|',
      pick: 'true',
      out: 'rudder.server.hsts=true',
    },
    {
      name: 'properties: a value on a continuation line',
      kind: 'properties',
      doc: 'rudder.auth.provider=file, \\\n  l|',
      pick: 'ldap',
      out: 'rudder.auth.provider=file, \\\n  ldap',
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(apply(complete(c.doc, { kind: c.kind, analysed: c.analysed, version: c.version }), c.pick), c.out));
  }
});

describe('completion as typed: where nothing is offered', () => {
  const none: { name: string; doc: string; trigger?: string }[] = [
    { name: 'inside a comment, even one that looks like a tag', doc: '<authentication>\n  <!-- <user name="a" role="node_| -->\n</authentication>' },
    { name: 'after name= without a quote', doc: '<authentication>\n  <user name=|\n</authentication>', trigger: '=' },
    { name: 'a space typed between users', doc: '<authentication>\n  <user name="a"/>\n   |\n</authentication>', trigger: ' ' },
    { name: 'a word in the middle of text', doc: '<authentication>\n  some text us|\n</authentication>' },
    { name: 'a password value', doc: '<authentication>\n  <user name="a" password="$2b$|"/>\n</authentication>' },
    { name: 'a second root', doc: '<authentication/>\n<|' },
  ];
  for (const c of none) test(c.name, () => assert.deepEqual(complete(c.doc, { options: { trigger: c.trigger } }).items.map((i) => i.label), []));
});

describe('the new user item runs "Set a new password…" for the user it inserts', () => {
  const cases = [
    { name: 'at <', doc: '<authentication>\n  <|\n</authentication>', label: 'user' },
    { name: 'as a word', doc: '<authentication>\n  <user name="a"/>\n  u|\n</authentication>', label: 'user' },
    { name: 'in the skeleton', doc: '\n|', label: 'authentication' },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const done = complete(c.doc, { options: { newUserPassword: true } });
      const item = done.items.find((i) => i.label === c.label)!;
      assert.equal(item.command?.command, COMMANDS.setPassword);
      const [args] = item.command!.arguments as [SetPasswordArgs];
      assert.equal(args.uri, USERS_URI);
      const after = apply(done, c.label);
      assert.ok(after.startsWith('<user name="" password=""', args.newUserAt), `newUserAt ${args.newUserAt} points at the new <user in ${JSON.stringify(after)}`);
    });
  }
  test('no command for clients that do not run it', () => {
    assert.equal(complete('<authentication>\n  <|\n</authentication>').items.find((i) => i.label === 'user')?.command, undefined);
  });
  test('the role choices: least rights first, the custom roles of the file last', () => {
    const item = complete('<authentication>\n  <custom-roles><role name="ops" permissions="node_all"/></custom-roles>\n  <|\n</authentication>').items.find((i) => i.label === 'user')!;
    assert.equal((item.textEdit as TextEdit).newText, `user name="\${1}" password="" role="\${2|${ROLES},ops|}"/>$0`);
  });
});

describe('a list of roles asks again as the item is typed', () => {
  const incomplete = (input: string) => {
    const { text, cursor } = markers(input);
    const doc = TextDocument.create(USERS_URI, 'rudder-users', 1, text);
    return getCompletion(doc, analyze(parse(text, 'users'), DEFAULT_SETTINGS), doc.positionAt(cursor!))?.isIncomplete;
  };
  test('incomplete while the item may still become a permission type (node → node_)', () => {
    assert.equal(incomplete('<authentication><user name="a" role="no|"/></authentication>'), true);
  });
  test('complete once it is one: the levels of node_', () => {
    assert.equal(incomplete('<authentication><user name="a" role="node_|"/></authentication>'), false);
  });
  test('complete for other values', () => {
    assert.equal(incomplete('<authentication hash="|"/>'), false);
  });
});

test('a client without snippets gets the text a snippet inserts untouched', () => {
  const done = complete('<authentication>\n  <|\n</authentication>', { options: { plainText: true } });
  const user = done.items.find((i) => i.label === 'user')!;
  assert.equal(user.insertTextFormat, InsertTextFormat.PlainText);
  assert.equal(apply(done, 'user'), '<authentication>\n  <user name="" password="" role="read_only"/>\n</authentication>');
  const attrs = complete('<authentication>\n  <user name="a" |/>\n</authentication>', { options: { plainText: true } });
  assert.equal((attrs.items.find((i) => i.label === 'role')!.textEdit as TextEdit | undefined)?.newText ?? attrs.items.find((i) => i.label === 'role')!.insertText, 'role=""');
});
