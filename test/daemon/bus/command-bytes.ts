import ts from 'typescript';

/**
 * Controller command bytes a bus was once tempted to send or watch for, by
 * value (MIPI DCS 1.02 Table 6; ILI9341 §8.2 section numbers).
 */
export const COMMAND_BYTES: ReadonlyMap<number, string> = new Map([
  [0x01, 'SWRESET'], // §8.2.2
  [0x10, 'SLPIN'], // §8.2.11
  [0x11, 'SLPOUT'], // §8.2.12
  [0x28, 'DISPOFF'], // §8.2.18
  [0x29, 'DISPON'], // §8.2.19
  [0x2a, 'CASET'], // §8.2.20
  [0x2b, 'PASET/RASET'], // §8.2.21
  [0x2c, 'RAMWR'], // §8.2.22
  [0x35, 'TEON'], // §8.2.28
  [0x3c, 'RAMWRC'], // §8.2.34
]);

/**
 * Command names as identifiers: the DCS mnemonics, daemon/panel/dcs.ts's
 * keys, and the panel's command tables. Whole identifiers, or a mnemonic
 * followed by `_` (MADCTL_MV).
 */
const COMMAND_NAME = new RegExp(`^(${[
  'NOP', 'SWRESET', 'SLPIN', 'SLPOUT', 'DISPON', 'DISPOFF', 'CASET', 'RASET', 'PASET', 'RAMWR', 'RAMWRC',
  'TEON', 'TEOFF', 'MADCTL', 'COLMOD', 'INVON', 'INVOFF',
  'SOFT_RESET', 'ENTER_SLEEP', 'EXIT_SLEEP', 'DISPLAY_ON', 'DISPLAY_OFF', 'SET_COLUMN', 'SET_PAGE',
  'WRITE_MEMORY', 'WRITE_MEMORY_CONTINUE', 'TEARING_ON', 'SET_ADDRESS_MODE', 'SET_PIXEL_FORMAT',
  'DCS', 'DCS_COMMANDS', 'SSD1351_COMMANDS', 'CommandSet',
].join('|')})(_[A-Z0-9_]*)?$`);

/** Where a hex literal is a bit mask or shift, not a byte put on the wire (`0x100 | b`, `x & 0x01`). */
const BITWISE = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.AmpersandToken, ts.SyntaxKind.BarToken, ts.SyntaxKind.CaretToken,
  ts.SyntaxKind.LessThanLessThanToken, ts.SyntaxKind.GreaterThanGreaterThanToken,
  ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken,
  ts.SyntaxKind.AmpersandEqualsToken, ts.SyntaxKind.BarEqualsToken, ts.SyntaxKind.CaretEqualsToken,
  ts.SyntaxKind.LessThanLessThanEqualsToken, ts.SyntaxKind.GreaterThanGreaterThanEqualsToken,
  ts.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken,
]);

export interface Finding {
  /** 1-based line in the source. */
  line: number;
  what: string;
}

/**
 * Command bytes and command names used as code in one TypeScript source:
 * a hex literal whose value is in COMMAND_BYTES (unless it is an operand of
 * a bitwise operator), an identifier naming a command or a command table,
 * an import of the panel's command tables. Comments and strings are not
 * code and are not looked at: a doc comment may say what the bytes mean.
 */
export function commandBytesIn(source: string, fileName = 'source.ts'): Finding[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true);
  const found: Finding[] = [];
  const at = (node: ts.Node, what: string): void => {
    found.push({ line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1, what });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isNumericLiteral(node) && /^0x/i.test(node.getText(file))) {
      const value = Number(node.getText(file).replace(/_/g, ''));
      const parent = node.parent;
      const masked = ts.isBinaryExpression(parent) && BITWISE.has(parent.operatorToken.kind);
      const name = COMMAND_BYTES.get(value);
      if (name && !masked) at(node, `${node.getText(file)} (${name}) used as a value`);
    } else if (ts.isIdentifier(node) && COMMAND_NAME.test(node.text)) {
      at(node, `identifier ${node.text}`);
    } else if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier
      && ts.isStringLiteral(node.moduleSpecifier) && /\/panel\/(dcs|command-set)(\.js)?$/.test(node.moduleSpecifier.text)) {
      at(node, `import of the panel's command table ${node.moduleSpecifier.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}
