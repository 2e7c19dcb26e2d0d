// Errors as data: every refusal names the file, the field, what was wrong and how to fix it.
import { escapeForTerminal } from "./control-characters.ts";

/** One problem found in the content, ready to be shown to an editor. */
export interface ContentProblem {
  /** Path of the offending file, relative to the project root. */
  readonly file: string;
  /** Dotted path of the front matter or data field, or "(file)" for the file as a whole. */
  readonly field: string;
  /** What was wrong, in the editor's terms. */
  readonly message: string;
  /** How to fix it. */
  readonly hint?: string;
  /** 1-based line in the file, when known. */
  readonly line?: number;
}

/**
 * Renders one problem as `file:line → field: message` plus the fix on the next line. Invisible and bidirectional
 * characters (from a file name or a quoted value) are escaped, so none can hide or reverse the rest of the line.
 */
export function formatProblem(problem: ContentProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  const hint = problem.hint === undefined ? "" : `\n    Fix: ${problem.hint}`;
  return escapeForTerminal(`  ${where} → ${problem.field}: ${problem.message}${hint}`);
}

/** Thrown when the content has problems: carries all of them, so an editor fixes everything in one pass. */
export class ContentError extends Error {
  override readonly name = "ContentError";
  readonly problems: readonly ContentProblem[];

  constructor(problems: readonly ContentProblem[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(`The build was refused: ${count} in the content.\n${problems.map(formatProblem).join("\n")}`);
    this.problems = problems;
  }
}
