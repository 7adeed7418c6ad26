// custom-elements.json (https://github.com/webcomponents/custom-elements-manifest) from the
// elements' class JSDoc (@summary, @attr, @slot, @event, @cssproperty) and Lit's
// `static properties`: `npm run build` writes dist/custom-elements.json, which package.json's
// "customElements" points to (editors, Storybook, docs generators read it).

// The tag map (src/wrappers.ts), as built by `tsc` just before `cem analyze` in `npm run build`:
// tag names come from it, not from a @tagname in each class.
const { toucanWrappers } = await import('./dist/lib/wrappers.js');
/** Class name → tag, e.g. `ToucanDashboardElement` → `toucan-dashboard`. */
const tagOfClass = new Map(Object.entries(toucanWrappers).map(([tag, element]) => [element.name, tag]));

/** Module paths of the manifest: the published JavaScript (dist/lib), not the TypeScript source. */
const publishedPath = (path) => path.replace(/^\/?src\/(.*)\.[jt]s$/, 'dist/lib/$1.js');

/**
 * Fixes what the analyzer gets wrong or leaves out for these classes:
 * - a `@returns` without a type empties the return type of a method: take it from TypeScript;
 * - `#private` members are implementation, not API;
 * - module paths point at the source: point them at dist/lib;
 * - tag names come from the tag map, and registration happens in a loop over it in index.ts,
 *   which the analyzer cannot follow: declare both.
 */
function toucanManifestPlugin() {
  return {
    name: 'toucan-embed-loader',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isClassDeclaration(node)) return;
      const classDoc = moduleDoc.declarations?.find((declaration) => declaration.name === node.name?.getText());
      for (const member of node.members) {
        if (!ts.isMethodDeclaration(member) || !member.type) continue;
        const memberDoc = classDoc?.members?.find((doc) => doc.kind === 'method' && doc.name === member.name.getText());
        if (!memberDoc?.return || memberDoc.return.type?.text) continue;
        memberDoc.return.type = { text: member.type.getText() };
        const returnsTag = ts.getJSDocReturnTag(member);
        const description = ts.getTextOfJSDocComment(returnsTag?.comment);
        if (description) memberDoc.return.description = description;
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      const definitions = [];
      for (const module of customElementsManifest.modules) {
        module.path = publishedPath(module.path);
        for (const declaration of module.declarations ?? []) {
          if (declaration.members) declaration.members = declaration.members.filter((member) => !member.name.startsWith('#'));
          for (const reference of [
            declaration.superclass,
            ...(declaration.members ?? []).map((member) => member.inheritedFrom),
            ...['attributes', 'events', 'slots', 'cssProperties'].flatMap((key) =>
              (declaration[key] ?? []).map((item) => item.inheritedFrom),
            ),
          ]) {
            if (reference?.module) reference.module = publishedPath(reference.module);
          }
          const tag = tagOfClass.get(declaration.name);
          if (tag) {
            declaration.tagName = tag;
            declaration.customElement = true;
            definitions.push({
              kind: 'custom-element-definition',
              name: tag,
              declaration: { name: declaration.name, module: module.path },
            });
          }
        }
        for (const entry of module.exports ?? []) entry.declaration.module = publishedPath(entry.declaration.module);
      }
      // `toucan-embed-loader` (dist/lib/index.js) registers every wrapper of the tag map on import.
      customElementsManifest.modules.push({
        kind: 'javascript-module',
        path: 'dist/lib/index.js',
        declarations: [],
        exports: definitions,
      });
    },
  };
}

export default {
  globs: ['src/toucan-*.ts'],
  outdir: 'dist',
  litelement: true,
  // The analyzer would otherwise write "customElements" into package.json on every build.
  packagejson: false,
  plugins: [toucanManifestPlugin()],
};
