import { describe, expect, it } from "vitest";
import type { HardwareProfile } from "@cxmpute/protocol";
import { defaultModels, defaultServices } from "./defaults.js";

const hw = (vramGb: number, cpuCores = 2, diskFreeGb = 100): HardwareProfile => ({
  os: "linux", arch: "x64", cpuModel: "cpu", cpuCores, ramGb: 16, diskFreeGb, gpus: [], vramGb,
});

describe("service defaults per the guide", () => {
  it.each([
    [0, 2, ["scrape"]],
    [0, 8, ["tts", "scrape"]],
    [1, 2, ["tts", "scrape"]],
    [2, 2, ["embeddings", "tts", "scrape"]],
    [4, 2, ["chat", "embeddings", "tts", "scrape"]],
  ] as const)("%s GB VRAM, %s cores → %j", (vram, cores, services) => {
    expect(defaultServices(hw(vram, cores))).toEqual(services);
  });
  it("picks the largest model that fits VRAM and disk", () => {
    expect(defaultModels(["chat", "embeddings"], hw(6))).toEqual(["llama3:8b", "mxbai-embed-large"]);
    expect(defaultModels(["chat"], hw(6, 2, 4.5))).toEqual(["mistral:7b"]);
    expect(defaultModels(["chat"], hw(24))).toEqual(["mixtral:8x7b"]);
  });
});
