// The module vite.config.ts `sliceCoverage` makes: each sliced family's characters, as
// fonts/rangeCoding.ts writes them.
declare module "virtual:slice-coverage" {
  const coverage: Readonly<Record<string, string>>;
  export default coverage;
}
