import { describe, expect, it } from "vitest";
import { homeDir, logDir } from "./paths.js";

describe("per-OS directories from the provider guide", () => {
  it("macOS", () => {
    expect(homeDir({}, "darwin", "/Users/a")).toBe("/Users/a/Library/Application Support/cxmpute-provider");
    expect(logDir({}, "darwin", "/Users/a")).toBe("/Users/a/Library/Logs/cxmpute-provider");
  });
  it("Linux", () => {
    expect(homeDir({}, "linux", "/home/a")).toBe("/home/a/.local/share/cxmpute-provider");
    expect(logDir({}, "linux", "/home/a")).toBe("/home/a/.local/share/cxmpute-provider/logs");
  });
  it("Windows uses %APPDATA%", () => {
    expect(homeDir({ APPDATA: "C:/Users/a/AppData/Roaming" }, "win32", "C:/Users/a")).toBe("C:/Users/a/AppData/Roaming/cxmpute-provider");
    expect(logDir({ APPDATA: "C:/Users/a/AppData/Roaming" }, "win32", "C:/Users/a")).toBe("C:/Users/a/AppData/Roaming/cxmpute-provider/logs");
  });
  it("CXMPUTE_HOME overrides both", () => {
    expect(homeDir({ CXMPUTE_HOME: "/x" }, "darwin", "/Users/a")).toBe("/x");
    expect(logDir({ CXMPUTE_HOME: "/x" }, "darwin", "/Users/a")).toBe("/x/logs");
  });
});
