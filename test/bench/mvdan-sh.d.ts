declare module 'mvdan-sh' {
  interface Parser {
    Parse(src: string, name: string): unknown;
  }
  const sh: { syntax: { NewParser(...options: unknown[]): Parser } };
  export default sh;
}
