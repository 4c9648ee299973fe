/** The i18n formatter (`$_` from svelte-i18n), passed in so this stays free of stores. */
export type Translate = (
  key: string,
  options?: { values?: Record<string, string | number> },
) => string;
