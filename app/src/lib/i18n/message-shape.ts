/** The shape a locale's messages must have: the Chinese messages' keys, every leaf a string. */
export type MessageShape<T> = {
  readonly [K in keyof T]: T[K] extends string ? string : MessageShape<T[K]>;
};
