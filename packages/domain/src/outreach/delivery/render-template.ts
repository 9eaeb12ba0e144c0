import { ValidationError } from "../../errors";

const VAR = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/** Replaces {{name}}; a variable without a value is an error, never an empty gap in a legal text. A
 *  preview passes `missing` to show the gap instead (the editor's lint already names it). */
export function renderTemplate(text: string, variables: Record<string, string | number | undefined>, missing?: (name: string) => string): string {
  return text.replace(VAR, (_m, name: string) => {
    const value = variables[name];
    if ((value === undefined || value === "") && missing) return missing(name);
    if (value === undefined || value === "") throw new ValidationError(`template.${name}`, "template_variable_missing");
    return String(value);
  });
}

export function templateVariables(text: string): string[] {
  return [...text.matchAll(VAR)].map((m) => m[1]!);
}
