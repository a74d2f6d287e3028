export { createNodeServer, type NodeServer, type NodeServerOptions, type NodeCounters } from "./node-server.js";
export { synthesize, ttsAvailable, TTS_ENGINE, fixWavSizes } from "./tts.js";
