// ESLint for the help center's own front-end code (overrides/assets/helpcenter/), one style:
// plain browser scripts (no modules, no build step), each wrapped in a strict-mode function,
// double quotes and semicolons. Vendored releases are not ours to restyle.
import js from "@eslint/js";

const browser = {
  window: "readonly", document: "readonly", navigator: "readonly", location: "readonly",
  localStorage: "readonly", sessionStorage: "readonly", console: "readonly", fetch: "readonly",
  setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly",
  requestAnimationFrame: "readonly", Worker: "readonly", URL: "readonly", URLSearchParams: "readonly",
  Intl: "readonly", Blob: "readonly", crypto: "readonly", performance: "readonly", CSS: "readonly",
  Event: "readonly", CustomEvent: "readonly", HTMLElement: "readonly", matchMedia: "readonly",
  self: "readonly", btoa: "readonly", atob: "readonly",
};

export default [
  { ignores: ["overrides/assets/helpcenter/vendor/**"] },
  js.configs.recommended,
  {
    files: ["overrides/assets/helpcenter/**/*.js"],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: { ...browser, module: "readonly", require: "readonly" },  // node runs the search
      // modules in the tests
    },
    rules: {
      strict: ["error", "function"],
      eqeqeq: ["error", "smart"],
      quotes: ["error", "double", { avoidEscape: true }],
      semi: ["error", "always"],
      "no-implicit-globals": "error",
      "no-unused-vars": ["error", { args: "none", caughtErrors: "none" }],
    },
  },
  {
    // A worker is its own global scope: strict mode for the whole file, top-level names are its own.
    files: ["overrides/assets/helpcenter/search/worker.js"],
    rules: { strict: ["error", "global"], "no-implicit-globals": "off" },
  },
];
