/**
 * Every error seqlab raises on purpose is a SeqlabError (or a subclass), with a message that says
 * what was expected, what was found and where, and what to do about it.
 */
export class SeqlabError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A tensor or layer got an input of the wrong shape. */
export class ShapeError extends SeqlabError {}

/** A tensor of the wrong dtype was given. */
export class DTypeError extends SeqlabError {}
