import path from 'node:path';

/**
 * The app's folders (app/src/lib/<folder>), by layer. Routes may import any of them; below them:
 *
 * - `app`: the composition root — the few modules that know every feature (what the outbox
 *   registers, what the device holds for sign-out). Only routes (and tests) import it.
 * - features: each holds its components, state classes and exporters. A feature imports shared
 *   folders, `@branchbook/model` and `@branchbook/protocol`; another feature only through that
 *   feature's `public.ts`.
 * - shared: imported by features and by each other, never importing a feature or `app`.
 *
 * A new folder must be named here (the rule refuses an unknown one). Besides, no `.ts` module
 * (state classes included) imports a `.svelte` component: components → state → model.
 */
export const FEATURES = ['study', 'plans', 'lessons', 'branch', 'inbox', 'meetings'];
export const SHARED = [
  'account',
  'api',
  'device',
  'editor',
  'export',
  'i18n',
  'pwa',
  'shared',
  'sync',
  'ui',
];
const ROOT = 'app';
const PUBLIC_ENTRY = 'public.ts';

const LIB = path.join('app', 'src', 'lib');

/** The folder under app/src/lib a path is in ('' for a file directly in lib/), or null. */
function libFolder(file, libDir) {
  const rel = path.relative(libDir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const parts = rel.split(path.sep);
  return parts.length > 1 ? parts[0] : '';
}

function kindOf(folder) {
  if (folder === ROOT) return 'root';
  if (FEATURES.includes(folder)) return 'feature';
  if (SHARED.includes(folder)) return 'shared';
  return 'unknown';
}

/** @type {import('eslint').Rule.RuleModule} */
const boundaries = {
  meta: {
    type: 'problem',
    docs: { description: "The app's folders by feature: who may import whom (app/src/lib)." },
    schema: [],
    messages: {
      unknownFolder:
        "'{{folder}}' is not a known folder of app/src/lib: name it a feature or a shared folder in scripts/eslint/app-layers.js.",
      sharedImportsFeature:
        "Shared folder '{{from}}' may not import feature '{{to}}' ('{{source}}'): move the piece both need into a shared folder.",
      sharedImportsRoot:
        "Shared folder '{{from}}' may not import the composition root ('{{source}}'): take it as a parameter.",
      featureImportsFeature:
        "Feature '{{from}}' may not import '{{source}}' of feature '{{to}}': move the shared piece into a shared folder, or import it from '$lib/{{to}}/public.ts'.",
      featureImportsRoot:
        "Feature '{{from}}' may not import the composition root ('{{source}}'): only routes wire features together.",
      moduleImportsComponent:
        "A module may not import a component ('{{source}}'): components → state (*.svelte.ts) → model. Move what it needs into a .ts module.",
    },
  },
  create(context) {
    const file = context.physicalFilename ?? context.filename;
    const libDir = path.join(context.cwd, LIB);
    const fromFolder = libFolder(file, libDir);
    const isModule = file.endsWith('.ts');

    function check(node, source) {
      if (typeof source !== 'string') return;
      if (isModule && /\.svelte$/.test(source)) {
        context.report({ node, messageId: 'moduleImportsComponent', data: { source } });
      }
      if (fromFolder === null) return;
      let target;
      if (source.startsWith('$lib/')) target = path.join(libDir, source.slice('$lib/'.length));
      else if (source.startsWith('.')) target = path.resolve(path.dirname(file), source);
      else return;
      const to = libFolder(target, libDir);
      if (to === null || to === fromFolder) return;
      const from = fromFolder;
      const data = { from, to, source };
      const fromKind = kindOf(from);
      const toKind = kindOf(to);
      if (toKind === 'unknown') {
        context.report({ node, messageId: 'unknownFolder', data: { folder: to || source } });
      } else if (fromKind === 'shared') {
        if (toKind === 'feature') context.report({ node, messageId: 'sharedImportsFeature', data });
        if (toKind === 'root') context.report({ node, messageId: 'sharedImportsRoot', data });
      } else if (fromKind === 'feature') {
        const isPublic = path.relative(path.join(libDir, to), target) === PUBLIC_ENTRY;
        if (toKind === 'feature' && !isPublic) {
          context.report({ node, messageId: 'featureImportsFeature', data });
        }
        if (toKind === 'root') context.report({ node, messageId: 'featureImportsRoot', data });
      }
    }

    return {
      Program(node) {
        if (fromFolder !== null && kindOf(fromFolder) === 'unknown') {
          context.report({ node, messageId: 'unknownFolder', data: { folder: fromFolder || '.' } });
        }
      },
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) =>
        node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export default { meta: { name: 'app-layers' }, rules: { boundaries } };
