#!/usr/bin/env node
// Launcher of the `folio` CLI (npm bin): registers tsx so Node runs the TypeScript sources as
// they are, then loads cli.ts. `npx folio --help` from the repository lists the commands.
import { register } from "tsx/esm/api";

register();
await import("./cli.ts");
