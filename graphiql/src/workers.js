// Where Monaco finds its workers: the scripts build.mjs bundles beside this one.
// Imported before GraphiQL, which starts the editor.
globalThis.MonacoEnvironment = {
  getWorker(_id, label) {
    const name = label === "json" || label === "graphql" ? label : "editor";
    return new Worker(`/graphiql/${name}.worker.js`);
  },
};
