export {
  DOC_KINDS,
  MAX_DOC_NAME_LENGTH,
  describeDocNameError,
  formatDocName,
  isValidId,
  parseDocName,
} from './doc-name.ts';
export type { DocKind, DocName, DocNameError, Result } from './doc-name.ts';
export { SCHEMA_VERSION, canWrite, metaMap, readMeta, stampMeta } from './meta.ts';
export type { DocMeta } from './meta.ts';
export {
  STUDY_FORMS,
  StudyInputRejected,
  addEntry,
  countsByDefault,
  creditFromMinutes,
  deleteEntry,
  listEntries,
  readEntry,
  restoreEntry,
  studyLog,
  updateEntry,
  validateStudyPatch,
  yearTotals,
} from './study-log.ts';
export type {
  StudyEntry,
  StudyEntryInput,
  StudyEntryPatch,
  StudyForm,
  StudyInputError,
  StudyLog,
  YearTotals,
} from './study-log.ts';
