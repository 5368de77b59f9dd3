#!/usr/bin/env node
import "reflect-metadata";
import { exitOnFailure, main } from "../main.js";

/** `prelabel-task-gc` (`npm run gc -w @prelabel/task`): sweep the frames bucket once, print the report as JSON, exit. */
main(["gc"]).then(() => process.exit(0), exitOnFailure);
