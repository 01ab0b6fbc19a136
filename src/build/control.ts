// Control characters (but tab, line feed and carriage return): illegal in XML 1.0, parse errors in HTML text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this pattern's job.
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
