// Stands in for react, preact and vue in tsconfig.plain.json: a module that exports nothing, so
// any type the main entries took from those packages would fail to compile.
export {};
