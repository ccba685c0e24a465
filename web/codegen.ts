import type { CodegenConfig } from '@graphql-codegen/cli'

// Typed documents from the committed SDL (../schema.graphql): a field the API drops or renames fails
// `npm run typecheck`, not a user's page.
const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/**/*.vue', 'src/**/*.ts', '!src/gql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { Decimal: 'string', Date: 'string', DateTime: 'string', Upload: 'File' },
      },
    },
    // Every enum of the schema (the client preset emits only those some document uses), so each label
    // map in lib/*Labels.ts is typed by its enum before any page queries it.
    './src/gql/enums.ts': {
      plugins: ['typescript'],
      config: { enumsAsTypes: true, onlyEnums: true },
    },
  },
}

export default config
