/**
 * Input a model function refused before writing anything, with every reason as a typed error
 * (the UI words each `code`). Each document kind has its own subclass, so callers can tell whose
 * input it was with `instanceof`.
 */
export class InputRejected<E extends { code: string }> extends Error {
  constructor(
    name: string,
    what: string,
    readonly errors: E[],
  ) {
    super(`invalid ${what}: ${errors.map((e) => e.code).join(', ')}`);
    this.name = name;
  }
}
