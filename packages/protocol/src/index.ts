export {
  CLIENT_SCHEMA_PARAM,
  CLOSE,
  MESSAGE_AWARENESS,
  MESSAGE_AUTH,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SAVED,
  MESSAGE_SYNC,
  SAVED_ACKS_PARAM,
  decodeSavedMessage,
  encodeSavedMessage,
  isCoveredBy,
} from './messages.ts';
export type { CloseCode } from './messages.ts';
export * from './api/index.ts';
