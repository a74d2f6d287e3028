import { Command } from "commander";
import { start } from "./commands/start.js";
import { status } from "./commands/status.js";
import { doctor } from "./commands/doctor.js";
import { hardware } from "./commands/hardware.js";
import { handleError } from "./utils/handle-error.js";
import { cliVersion } from "./utils/version.js";

process.on("unhandledRejection", handleError);

const program = new Command()
  .name("cxmpute-provider")
  .description("Run a Cxmpute provider node: serve AI models from your machine and earn points.\nWith no command on a terminal, runs the setup wizard.")
  .version(cliVersion(), "-v, --version", "print the version")
  .option("--hardware <file.json>", "use a recorded hardware profile in the wizard")
  // Root options only before the command name, so `start --hardware` reaches `start`.
  .enablePositionalOptions()
  .addCommand(start)
  .addCommand(status)
  .addCommand(doctor)
  .addCommand(hardware)
  .action(async (opts: { hardware?: string }) => {
    const { runWizard } = await import("./wizard/run-wizard.js");
    await runWizard(opts);
  });

program.parseAsync(process.argv).then(
  () => process.exit(process.exitCode ?? 0),
  handleError,
);
