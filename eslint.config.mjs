// ESLint for the whole repository: `npm run lint` (and tools/lint-check's spec, part of `npm test`).
// Type-aware typescript-eslint rules through the project service (each file is checked with its project's tsconfig),
// the nx module boundaries over the tags in each package.json, and config read from process.env only at the edges.
import js from "@eslint/js";
import { createProjectGraphAsync } from "@nx/devkit";
import nx from "@nx/eslint-plugin";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

// @nx/enforce-module-boundaries reads nx's cached project graph and silently skips itself when there is none: compute
// it now, so tags, projects and imports are today's. In process, without a daemon outliving the lint.
process.env.NX_DAEMON ??= "false";
await createProjectGraphAsync({ exitOnError: true });

/**
 * Test code: specs beside the code, integration specs and their support in test/, `*.testing.ts` helpers a lib exports
 * for tests, and the end-to-end project.
 */
const TEST_FILES = [
  "**/*.spec.ts",
  "**/*.int-spec.ts",
  "**/*.e2e.ts",
  "**/test/**/*.ts",
  "**/*.testing.ts",
  "**/testing/**/*.ts",
  "e2e/**/*.ts",
];

/**
 * Who may import whom, from the tags in each package.json (`"nx": { "tags": [...] }`). Scopes: each deployable has its
 * own scope, so a service importing another service fails here; scope:shared is proto and libs/*. Types: the contract
 * (proto) imports nothing of ours; libs import libs and the contract; services and apps import libs and the contract;
 * type:testing (libs/testing, libs/hub-fakes) only from test code (TEST_FILES, below).
 */
const SCOPES = ["task", "model-registry", "annotation-job", "identity", "inference-worker", "gateway"];
const productionConstraints = [
  ...SCOPES.map((scope) => ({ sourceTag: `scope:${scope}`, onlyDependOnLibsWithTags: [`scope:${scope}`, "scope:shared"] })),
  { sourceTag: "scope:shared", onlyDependOnLibsWithTags: ["scope:shared"] },
  // Tools and e2e drive the deployables from outside (processes, HTTP, build output); bench measures the worker's engine.
  { sourceTag: "scope:tooling", onlyDependOnLibsWithTags: ["scope:shared"] },
  { sourceTag: "scope:e2e", onlyDependOnLibsWithTags: ["scope:shared"] },
  { sourceTag: "scope:bench", onlyDependOnLibsWithTags: ["scope:shared", "scope:inference-worker"] },
  { sourceTag: "type:contract", onlyDependOnLibsWithTags: [] },
  { sourceTag: "type:lib", onlyDependOnLibsWithTags: ["type:lib", "type:contract"] },
  { sourceTag: "type:testing", onlyDependOnLibsWithTags: ["type:testing", "type:lib", "type:contract"] },
  // services/* carry type:service, the gateway type:app (deployables both): the same rule for both.
  { sourceTag: "type:service", onlyDependOnLibsWithTags: ["type:lib", "type:contract"] },
  { sourceTag: "type:app", onlyDependOnLibsWithTags: ["type:lib", "type:contract"] },
];
/** Test code may also use the testing libs. */
const testConstraints = productionConstraints.map((c) =>
  c.sourceTag === "type:lib" || c.sourceTag === "type:service" || c.sourceTag === "type:app"
    ? { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, "type:testing"] }
    : c,
);
const boundaries = (depConstraints) => ["error", { allow: [], depConstraints, enforceBuildableLibDependency: false }];

/** process.env: read in a deployable's src/main.ts (parsed by its config schema) and in command-line entries only. */
const envMessage = "Read the environment in src/main.ts (or a src/cli/*.cli.ts entry) and pass config down.";
const noProcessEnv = {
  "no-restricted-properties": ["error", { object: "process", property: "env", message: envMessage }],
  "no-restricted-imports": [
    "error",
    { paths: ["process", "node:process"].map((name) => ({ name, importNames: ["env"], message: envMessage })) },
  ],
};

export default defineConfig(
  {
    ignores: [
      "**/node_modules/",
      "**/dist/",
      "**/*.d.ts",
      ".nx/",
      ".data/",
      "out/",
      "tmp/",
      "proto/src/gen/", // protoc-gen-es output, checked for drift by `npm run check:generated`
      "console/src/gql/", // GraphQL Code Generator output, checked for drift the same way
      "services/inference-worker/models/build/",
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    plugins: { "@nx": nx },
    rules: {
      "@nx/enforce-module-boundaries": boundaries(productionConstraints),
      // node:test's describe/it return promises the runner itself awaits.
      "@typescript-eslint/no-floating-promises": [
        "error",
        {
          allowForKnownSafeCalls: [
            {
              from: "package",
              package: "node:test",
              name: ["describe", "it", "test", "suite", "before", "after", "beforeEach", "afterEach"],
            },
          ],
        },
      ],
      // `async` without `await` is how a Promise-returning port is implemented (a throw becomes a rejection).
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    files: TEST_FILES,
    rules: {
      "@nx/enforce-module-boundaries": boundaries(testConstraints),
      // Tests read untyped GraphQL responses and fixtures and assert their shape at run time.
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  {
    files: ["proto/**/*.ts", "libs/**/*.ts", "services/**/*.ts", "gateway/**/*.ts"],
    ignores: [...TEST_FILES, "**/src/main.ts", "**/cli/**/*.ts", "**/*.cli.ts", "libs/testing/**", "libs/hub-fakes/**"],
    rules: noProcessEnv,
  },
  // The web console runs in the browser (its vite.config.ts and codegen.ts run in node); React's hooks plugin is not
  // installed, so the rules of hooks are the type checker's and the component tests' to catch.
  { files: ["console/src/**/*.{ts,tsx}"], languageOptions: { globals: { ...globals.browser } } },
  // Plain JavaScript (this file, fixture scripts): no type information.
  { files: ["**/*.mjs", "**/*.js", "**/*.cjs"], extends: [tseslint.configs.disableTypeChecked] },
);
