/**
 * A change refused for a reason the user can fix: the field it concerns and a GOV.UK-style
 * message. Thrown by a feature's write function (nothing is saved); the route's action
 * catches it and shows the message in the error summary and beside the field.
 */
export class Refusal extends Error {
  constructor(
    public field: string,
    message: string,
    /** The record the change would have duplicated, when there is one to link to. */
    public existingId?: number,
  ) {
    super(message);
  }
}
