/**
 * Wasm SIMD feature detection, done the way wasm-feature-detect does it:
 * validate the smallest module that uses a SIMD opcode.
 *
 * The module is one function `() -> v128` whose body is
 * `i32.const 0; i8x16.splat; end` (opcodes 0x41 0x00, 0xfd 0x0f, 0x0b).
 */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0x0b, // code: i32.const 0; i8x16.splat; end
]);

let cached: boolean | undefined;

/** Whether this runtime can compile wasm SIMD (v128) code. */
export function hasWasmSimd(): boolean {
  cached ??= WebAssembly.validate(SIMD_PROBE);
  return cached;
}
