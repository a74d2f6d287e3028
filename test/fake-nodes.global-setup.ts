import type { TestProject } from "vitest/node";
import { startFakeNodes } from "./fixtures/fake-node";

declare module "vitest" {
  export interface ProvidedContext {
    fakeNodeUrl: string;
  }
}

/** Loopback fake provider nodes for the workerd suite; their URL reaches the Worker as a binding. */
export default async function setup(project: TestProject) {
  const nodes = await startFakeNodes();
  project.provide("fakeNodeUrl", nodes.url);
  return () => nodes.close();
}
