/** A bench script's command line: its first argument (the input) and `--name value` flags. */
export function benchArgs(): { file: string | undefined; flag: (name: string) => string | undefined } {
  const args = process.argv.slice(2);
  return {
    file: args[0],
    flag: (name) => {
      const at = args.indexOf(name);
      return at >= 0 ? args[at + 1] : undefined;
    },
  };
}
