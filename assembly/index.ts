// Entry point of the wasm module: re-exports only. One kernel family per file.
export * from "./reduce";
export * from "./gather";
export * from "./combine";
export * from "./roofline";
export * from "./matmul-f32";
export * from "./matmul-q4k";
