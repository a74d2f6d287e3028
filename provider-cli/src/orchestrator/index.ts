export { OrchestratorClient, OrchestratorError, Registration, AnnounceResult, ReferralStats } from "./client.js";
