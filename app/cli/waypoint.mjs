#!/usr/bin/env node
// The `waypoint` command: a thin launcher that runs the TypeScript CLI with tsx.
import { register } from "tsx/esm/api";
register({ tsconfig: new URL("../../tsconfig.json", import.meta.url).pathname });
const { main } = await import("./main.ts");
process.exitCode = await main(process.argv.slice(2));
