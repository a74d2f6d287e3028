export { runNode, type RunNodeOptions } from "./run-node.js";
