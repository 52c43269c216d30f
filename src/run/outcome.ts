// How a run ended, and the exit code the CLI gives for it. The runner never exits the
// process itself: it returns one of these once the log has its last event.

/** Signals that end a run as a stop request does: the step's group is ended, then the run. */
export const STOP_SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;
/** The stop signals, and SIGPIPE: Node ignores the signal itself, so the runner raises it
 * when a write to its output fails (the reader of a pipe went away, the terminal is gone). */
export type StopSignal = (typeof STOP_SIGNALS)[number] | 'SIGPIPE';

export type Outcome =
  | 'succeeded'
  | 'failed'
  /** The operator answered abort, or there was no terminal to answer. */
  | 'aborted'
  /** Ctrl-C twice, or Ctrl-C at a question. */
  | 'aborted-by-interrupt'
  /** A stop signal to the runner (`kill`, a closed terminal, a service manager). */
  | `aborted-by-${StopSignal}`
  /** The run log could not be written (a full disk, an I/O error): the run stopped. */
  | 'log-failed';

const SIGNAL_NUMBERS: Record<StopSignal | 'SIGINT', number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGPIPE: 13, SIGTERM: 15 };

/** 0 succeeded; 1 failed, aborted or log not written; 128 + the signal's number when a signal ended it. */
export function exitCodeFor(outcome: Outcome): number {
  switch (outcome) {
    case 'succeeded':
      return 0;
    case 'failed':
    case 'aborted':
    case 'log-failed':
      return 1;
    case 'aborted-by-interrupt':
      return 128 + SIGNAL_NUMBERS.SIGINT;
    default:
      return 128 + SIGNAL_NUMBERS[outcome.slice('aborted-by-'.length) as StopSignal];
  }
}
