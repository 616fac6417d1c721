import t from 'tap';
import { join } from 'node:path';
import ts from 'typescript';
import { ROOT } from '../helpers/daemon-process.js';

// Every export of spifb/client carries TSDoc: on its declaration when it
// lives in client/, and on the re-export statement in client/index.ts.
t.test('every export of client/index.ts is documented', async (t) => {
  const index = join(ROOT, 'client/index.ts');
  const program = ts.createProgram([index], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(index)!;
  const hasDoc = (node: ts.Node): boolean => ts.getJSDocCommentsAndTags(node).length > 0
    || (ts.getLeadingCommentRanges(node.getSourceFile().text, node.getFullStart()) ?? [])
      .some((r) => node.getSourceFile().text.startsWith('/**', r.pos));
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);
  t.ok(exports.length >= 20, `${exports.length} exports`);
  for (const sym of exports) {
    const statement = sym.declarations?.[0]?.parent?.parent;
    t.ok(statement && hasDoc(statement), `${sym.name}: the export statement has a doc comment`);
    const target = checker.getAliasedSymbol(sym);
    for (const decl of target.declarations ?? []) {
      if (!decl.getSourceFile().fileName.includes('/client/')) continue;
      const node = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
      t.ok(hasDoc(node), `${sym.name}: its declaration in ${decl.getSourceFile().fileName.replace(ROOT, '')} has TSDoc`);
    }
  }
});
