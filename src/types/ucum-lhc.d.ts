// ucum-lhc ships no type declarations; units.ts narrows what it uses.
declare module '@lhncbc/ucum-lhc' {
  const ucum: unknown;
  export default ucum;
}
