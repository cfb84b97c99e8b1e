// ESLint flat config: typescript-eslint's recommended rules, Prettier owns formatting.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "cdktf.out/**",
      "cdktf.out.*/**",
      ".validate/**",
      ".terraform-test/**",
      "terraform/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ["**/*.ts"],
    rules: {
      // Deep imports only: the provider's index loads ~2,200 modules (seconds, hundreds of MB).
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@cdktf/provider-aws",
              message: "Import from @cdktf/provider-aws/lib/<resource> instead.",
            },
          ],
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["modules/**/*.ts"],
    rules: {
      // Modules get everything through props; only main.ts and scripts read the process environment.
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Pass configuration through props." },
      ],
    },
  },
  {
    // Tests build deliberately invalid configurations that the types would reject.
    files: ["__tests__/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: {
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        __dirname: "readonly",
        console: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
