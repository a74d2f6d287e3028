export { detectHardware } from "./detect.js";
export { loadHardwareFile } from "./load-profile.js";
export { usableVramGb, APPLE_UNIFIED_SHARE } from "./usable-vram.js";
export { parseNvidiaSmi } from "./parse-nvidia.js";
export { parseRocmSmi } from "./parse-rocm.js";
export { parseSystemProfiler } from "./parse-apple.js";
export { parseWindowsVideo, ADAPTER_RAM_CAP } from "./parse-windows.js";
