// A run that cannot go ahead as asked (an unknown step, a run that cannot be resumed): a
// message and how to fix it. The command line prints it as one line and exits 2.
export class Refusal extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'Refusal';
  }
}
