import type * as Y from 'yjs';
import { createSubscriber } from 'svelte/reactivity';
import {
  LESSON_RICH_TEXT,
  SCHEMA_VERSION,
  addCoAuthor,
  countSpokenChars,
  lessonBodyText,
  listVersions,
  openVersion,
  readLesson,
  readMeta,
  removeCoAuthor,
  saveVersion,
  setReviewStatus,
  stampMeta,
  updateLesson,
  type DocMeta,
  type LessonDraft,
  type LessonPatch,
  type LessonVersion,
  type Result,
  type ReviewStatus,
  type ReviewTransitionError,
  type SaveVersionError,
} from '@branchbook/model';
import { outline, type OutlineEntry } from '$lib/editor/outline.ts';
import { fragmentToJSON, type RichNode } from '$lib/editor/rich-text-json.ts';
import { lessonEditMode, lessonReviewMode, type LessonEditMode } from '$lib/lessons/edit-mode.ts';
import { speakingTime, type SpeakingTime } from '$lib/lessons/speaking-time.ts';
import { newId } from '$lib/ids.ts';

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
  /** Whether the viewer sits on the committee of the draft's branch (it reviews the draft). */
  readonly #reviewer: () => boolean;
  /** The viewer's name, recorded with each review step. */
  readonly #viewerName: string;
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

  constructor(
    doc: Y.Doc,
    viewerId: string,
    options: { reviewer?: () => boolean; viewerName?: string } = {},
  ) {
    this.doc = doc;
    this.viewerId = viewerId;
    this.#reviewer = options.reviewer ?? (() => false);
    this.#viewerName = options.viewerName ?? '';
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

  /** Writers, and the committee of the draft's branch, record review steps. */
  get canReview(): boolean {
    return reviewModeOf(this.meta, this.draft, this.viewerId, this.#reviewer()).mode === 'edit';
  }

  get isAuthor(): boolean {
    return this.draft.authorId !== '' && this.draft.authorId === this.viewerId;
  }

  /** Writes the given fields; throws `LessonInputRejected` for a bad date or type. */
  update(patch: LessonPatch): void {
    this.#write(() => updateLesson(this.doc, patch));
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

  setReview(
    to: ReviewStatus,
    note = '',
    now: number = Date.now(),
  ): Result<ReviewStatus, ReviewTransitionError> {
    let result: Result<ReviewStatus, ReviewTransitionError> | undefined;
    this.#write(
      () => {
        result = setReviewStatus(this.doc, to, {
          by: this.viewerId,
          byName: this.#viewerName,
          at: now,
          note: note.trim(),
        });
      },
      { review: true },
    );
    if (!result) throw new Error('review status was not set');
    return result;
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

  #write(write: () => void, { review = false } = {}): void {
    // Read from the doc itself, not the UI's derived values: a remote change may have just made
    // the draft read-only (a newer client raised minWriterVersion).
    const [meta, draft] = [readMeta(this.doc), readLesson(this.doc)];
    const mode = review
      ? reviewModeOf(meta, draft, this.viewerId, this.#reviewer())
      : editModeOf(meta, draft, this.viewerId);
    if (mode.mode !== 'edit') throw new LessonReadOnly(mode);
    this.doc.transact(() => {
      stampMeta(this.doc, 'lesson');
      write();
    });
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

function reviewModeOf(
  meta: DocMeta,
  draft: LessonDraft,
  viewerId: string,
  reviewer: boolean,
): LessonEditMode {
  return lessonReviewMode({ ...editInputs(meta, draft, viewerId), reviewer });
}
