/** Exit codes of every ibsight command (SPEC §1). */
export const ExitCode = {
  Ok: 0,
  Internal: 1,
  Usage: 2,
  Partial: 3,
  NothingSucceeded: 4,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
