import type * as Y from 'yjs';
import { createSubscriber } from 'svelte/reactivity';
import {
  LESSON_RICH_TEXT,
  SCHEMA_VERSION,
  TEXT_MIN_WRITER_VERSION,
  addCoAuthor,
  editTextField,
  lessonText,
  readTextField,
  countSpokenChars,
  lessonBodyText,
  listVersions,
  openVersion,
  readLesson,
  readMeta,
  removeCoAuthor,
  saveVersion,
  stampMeta,
  updateLesson,
  type DocMeta,
  type LessonDraft,
  type LessonPatch,
  LESSON_TEXT_FIELDS,
  type LessonTextField,
  type LessonVersion,
  type Result,
  type SaveVersionError,
} from '@branchbook/model';
import { outline, type OutlineEntry } from '$lib/editor/outline.ts';
import { fragmentToJSON, type RichNode } from '$lib/editor/rich-text-json.ts';
import { lessonEditMode, type LessonEditMode } from '$lib/lessons/edit-mode.ts';
import { speakingTime, type SpeakingTime } from '$lib/lessons/speaking-time.ts';
import { newId } from '$lib/device/ids.ts';
import type { BoundText } from '$lib/editor/text-input-binding.ts';

/** Thrown by a write on a draft this client may not edit (see `LessonEditMode`). */
export class LessonReadOnly extends Error {
  constructor(readonly mode: LessonEditMode) {
    super(`this lesson draft is read-only here (${mode.mode === 'read' ? mode.reason : 'edit'})`);
    this.name = 'LessonReadOnly';
  }
}

/**
 * One lesson draft (`lesson:<id>`) for the UI: metadata, body outline, length, versions — all
 * read reactively from the doc; the methods are the only writes besides the editor's own, and
 * each refuses (throws `LessonReadOnly`) unless `editMode` allows editing, so a draft from a newer
 * app version is never written, not even its meta.
 */
export class LessonDraftState {
  readonly doc: Y.Doc;
  readonly viewerId: string;
  #subscribe: () => void;

  readonly draft: LessonDraft = $derived.by(() => {
    this.#subscribe();
    return readLesson(this.doc);
  });
  readonly meta: DocMeta = $derived.by(() => {
    this.#subscribe();
    return readMeta(this.doc);
  });
  readonly editMode: LessonEditMode = $derived.by(() =>
    editModeOf(this.meta, this.draft, this.viewerId),
  );
  /** The body as ProseMirror JSON, read without an editor (unknown nodes kept). */
  readonly body: RichNode = $derived.by(() => {
    this.#subscribe();
    return fragmentToJSON(this.fragment);
  });
  readonly outline: OutlineEntry[] = $derived(outline(this.body));
  readonly chars: number = $derived.by(() => {
    this.#subscribe();
    return countSpokenChars(lessonBodyText(this.doc));
  });
  readonly length: SpeakingTime = $derived(speakingTime(this.draft.type, this.chars));
  /** Newest first. */
  readonly versions: LessonVersion[] = $derived.by(() => {
    this.#subscribe();
    return listVersions(this.doc).reverse();
  });

  constructor(doc: Y.Doc, viewerId: string) {
    this.doc = doc;
    this.viewerId = viewerId;
    this.#subscribe = createSubscriber((update) => {
      doc.on('update', update);
      return () => doc.off('update', update);
    });
  }

  /** The fragment the editor binds to. */
  get fragment(): Y.XmlFragment {
    return this.doc.getXmlFragment(LESSON_RICH_TEXT.body);
  }

  get canEdit(): boolean {
    return this.editMode.mode === 'edit';
  }

  get isAuthor(): boolean {
    return this.draft.authorId !== '' && this.draft.authorId === this.viewerId;
  }

  /** Writes the given fields; throws `LessonInputRejected` for a bad date or type. */
  update(patch: LessonPatch): void {
    this.#write(() => updateLesson(this.doc, patch), {
      text: LESSON_TEXT_FIELDS.some((field) => patch[field] !== undefined),
    });
  }

  /** A one-line text (title, subtitle, speaker, audience) for `use:textInput`: merged character-wise. */
  textField(name: LessonTextField): BoundText {
    const field = lessonText(this.doc, name);
    return {
      text: field.text,
      read: () => readTextField(field),
      edit: (change, origin) =>
        this.#write(() => editTextField(field, change, origin), { text: true, origin }),
    };
  }

  /** Only the author changes co-authors (the server's registry follows the same rule). */
  addCoAuthor(userId: string): void {
    this.#assertAuthor();
    this.#write(() => addCoAuthor(this.doc, userId));
  }

  removeCoAuthor(userId: string): void {
    this.#assertAuthor();
    this.#write(() => removeCoAuthor(this.doc, userId));
  }

  /** Saves the body as it is now under `name` (e.g. "提交支委会 5月3日"). */
  saveVersion(name: string, now: number = Date.now()): Result<LessonVersion, SaveVersionError> {
    let result: Result<LessonVersion, SaveVersionError> | undefined;
    this.#write(() => {
      result = saveVersion(this.doc, { id: newId(), name, at: now, by: this.viewerId });
    });
    if (!result) throw new Error('version was not saved');
    return result;
  }

  /** A saved version's body, for viewing and restoring; undefined when it cannot be read. */
  versionBody(id: string): RichNode | undefined {
    const opened = openVersion(this.doc, id);
    if (!opened.ok) return undefined;
    try {
      return fragmentToJSON(opened.value.getXmlFragment(LESSON_RICH_TEXT.body));
    } finally {
      opened.value.destroy();
    }
  }

  #assertAuthor(): void {
    const { authorId } = readLesson(this.doc);
    if (authorId === '' || authorId !== this.viewerId) {
      throw new Error('only the author changes co-authors');
    }
  }

  /**
   * `text`: the write touches a one-line text, which schema-1 apps do not read (they would keep
   * writing the old strings), so the draft then takes schema-2 writers only (`minWriterVersion`).
   */
  #write(
    write: () => void,
    { text = false, origin }: { text?: boolean; origin?: object } = {},
  ): void {
    // Read from the doc itself, not the UI's derived values: a remote change may have just made
    // the draft read-only (a newer client raised minWriterVersion).
    const [meta, draft] = [readMeta(this.doc), readLesson(this.doc)];
    const mode = editModeOf(meta, draft, this.viewerId);
    if (mode.mode !== 'edit') throw new LessonReadOnly(mode);
    this.doc.transact(() => {
      stampMeta(this.doc, 'lesson', text ? TEXT_MIN_WRITER_VERSION : 1);
      write();
    }, origin);
  }
}

function editInputs(meta: DocMeta, draft: LessonDraft, viewerId: string) {
  return {
    meta,
    clientVersion: SCHEMA_VERSION.lesson,
    draftId: draft.id,
    authorId: draft.authorId,
    coAuthors: draft.coAuthors,
    viewerId,
  };
}

function editModeOf(meta: DocMeta, draft: LessonDraft, viewerId: string): LessonEditMode {
  return lessonEditMode(editInputs(meta, draft, viewerId));
}
