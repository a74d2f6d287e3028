import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tierFromVram } from "@cxmpute/protocol";
import { parseNvidiaSmi } from "./parse-nvidia.js";
import { parseRocmSmi } from "./parse-rocm.js";
import { parseSystemProfiler } from "./parse-apple.js";
import { parseWindowsVideo } from "./parse-windows.js";
import { usableVramGb } from "./usable-vram.js";
import { detectHardware } from "./detect.js";

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, "fixtures", name), "utf8");

describe("nvidia-smi", () => {
  it("parses every GPU and converts MiB to GB", () => {
    const gpus = parseNvidiaSmi(fixture("nvidia-smi-2gpu.txt"));
    expect(gpus).toEqual([
      { vendor: "nvidia", name: "NVIDIA GeForce RTX 4090", vramGb: 23.99 },
      { vendor: "nvidia", name: "NVIDIA GeForce RTX 3060", vramGb: 12 },
    ]);
    expect(usableVramGb(gpus)).toBe(35.99);
    expect(tierFromVram(usableVramGb(gpus))).toBe("mariana-depth");
  });
  it("a 4 GB laptop GPU is Blue Surge", () => {
    const gpus = parseNvidiaSmi(fixture("nvidia-smi-laptop.txt"));
    expect(gpus).toEqual([{ vendor: "nvidia", name: "NVIDIA GeForce RTX 3050 Laptop GPU", vramGb: 4 }]);
    expect(tierFromVram(usableVramGb(gpus))).toBe("blue-surge");
  });
  it("a driver failure message yields no GPU", () => {
    expect(parseNvidiaSmi(fixture("nvidia-smi-error.txt"))).toEqual([]);
  });
});

describe("rocm-smi", () => {
  it("parses a Radeon card with its VRAM in bytes", () => {
    expect(parseRocmSmi(fixture("rocm-smi.json"))).toEqual([{ vendor: "amd", name: "Navi 31 [Radeon RX 7900 XTX]", vramGb: 23.98 }]);
  });
  it("parses multi-card output, skipping the system entry, with lowercase keys", () => {
    const gpus = parseRocmSmi(fixture("rocm-smi-mi.json"));
    expect(gpus).toHaveLength(2);
    expect(gpus[0]).toEqual({ vendor: "amd", name: "AMD INSTINCT MI250X / MI250", vramGb: 63.98 });
    expect(tierFromVram(usableVramGb(gpus))).toBe("mariana-depth");
  });
  it("garbage yields no GPU", () => {
    expect(parseRocmSmi("ERROR: No AMD GPUs found")).toEqual([]);
  });
});

describe("Apple", () => {
  it("Apple Silicon counts 75% of unified memory", () => {
    const gpus = parseSystemProfiler(fixture("system-profiler-m2pro.json"), fixture("sysctl-hw-memsize-32g.txt"));
    expect(gpus).toEqual([{ vendor: "apple", name: "Apple M2 Pro", vramGb: 32 }]);
    expect(usableVramGb(gpus)).toBe(24);
    expect(tierFromVram(usableVramGb(gpus))).toBe("mariana-depth");
  });
  it("an Intel Mac counts its AMD GPU's VRAM and not the integrated GPU", () => {
    const gpus = parseSystemProfiler(fixture("system-profiler-intel-mac-amd.json"), "17179869184");
    expect(gpus.map((g) => g.vendor)).toEqual(["intel", "amd"]);
    expect(usableVramGb(gpus)).toBe(8);
    expect(tierFromVram(8)).toBe("open-ocean");
  });
});

describe("Windows", () => {
  it("replaces the 4 GB AdapterRAM cap with the registry's 64-bit size", () => {
    const gpus = parseWindowsVideo(fixture("windows-video.json"));
    expect(gpus).toEqual([
      { vendor: "amd", name: "AMD Radeon RX 6800 XT", vramGb: 15.98 },
      { vendor: "intel", name: "Intel(R) UHD Graphics 770", vramGb: 0 },
    ]);
    expect(tierFromVram(usableVramGb(gpus))).toBe("open-ocean");
  });
  it("a single controller (object, not array) without registry keeps the capped ~4 GB", () => {
    const gpus = parseWindowsVideo(fixture("windows-video-single.json"));
    expect(gpus).toEqual([{ vendor: "nvidia", name: "NVIDIA GeForce RTX 3080", vramGb: 4 }]);
  });
  it("the basic display adapter is CPU-only", () => {
    const gpus = parseWindowsVideo(fixture("windows-video-basic.json"));
    expect(usableVramGb(gpus)).toBe(0);
    expect(tierFromVram(usableVramGb(gpus))).toBe("basic");
  });
});

describe("CPU-only", () => {
  it("no GPU at all is Basic with VRAM 0", () => {
    expect(usableVramGb([])).toBe(0);
    expect(usableVramGb([{ vendor: "intel", name: "Intel Iris Xe", vramGb: 0 }])).toBe(0);
    expect(tierFromVram(0)).toBe("basic");
  });
  it("probing this machine (no GPU tools here) falls back cleanly", async () => {
    const hw = await detectHardware("linux");
    expect(hw.os).toBe("linux");
    expect(hw.cpuCores).toBeGreaterThan(0);
    expect(hw.ramGb).toBeGreaterThan(0);
    expect(hw.vramGb).toBe(usableVramGb(hw.gpus));
  });
});

describe("tier boundaries", () => {
  it.each([
    [0, "basic"],
    [0.99, "basic"],
    [1, "tide-pool"],
    [3.99, "tide-pool"],
    [4, "blue-surge"],
    [7.99, "blue-surge"],
    [8, "open-ocean"],
    [21.99, "open-ocean"],
    [22, "mariana-depth"],
    [80, "mariana-depth"],
  ] as const)("%s GB of NVIDIA VRAM → %s", (gb, tier) => {
    expect(tierFromVram(usableVramGb([{ vendor: "nvidia", name: "x", vramGb: gb }]))).toBe(tier);
  });
  it.each([
    [1.32, "basic"],
    [1.34, "tide-pool"],
    [29.33, "mariana-depth"],
    [29.32, "open-ocean"],
  ] as const)("%s GB of Apple unified memory → %s", (gb, tier) => {
    expect(tierFromVram(usableVramGb([{ vendor: "apple", name: "Apple M1", vramGb: gb }]))).toBe(tier);
  });
});
