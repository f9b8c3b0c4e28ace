// Free text as people type it, made safe to store. PostgreSQL refuses U+0000 in text (a 500
// if it reached the database), and other control characters are never typed on purpose.

/** C0 control characters other than tab, newline and carriage return, and DEL. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Text from a textarea: line endings made `\n`, control characters (bar newline and tab) removed, trimmed. */
export function cleanMultiline(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(CONTROL, '').trim();
}

/** Text from a one-line input: any line break or tab becomes a space, control characters removed, trimmed. */
export function cleanLine(value: string): string {
  return value
    .replace(/[\r\n\t]+/g, ' ')
    .replace(CONTROL, '')
    .trim();
}
