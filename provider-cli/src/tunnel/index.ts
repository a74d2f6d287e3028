export { TunnelSupervisor, type TunnelSpec } from "./supervisor.js";
export { cloudflaredBin, ensureCloudflared } from "./binary.js";
export { parseQuickTunnelUrl } from "./parse-output.js";
