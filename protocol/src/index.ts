export * from "./tiers.js";
export * from "./services.js";
export * from "./catalog.js";
export * from "./signing.js";
export * from "./node.js";
export * from "./rewards.js";
