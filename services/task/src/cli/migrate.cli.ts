import "reflect-metadata";
import { exitOnFailure, main } from "../main.js";

/** `npm run migrate -w @prelabel/task`: create the schema and apply pending migrations, then exit. */
main(["migrate"]).then(() => process.exit(0), exitOnFailure);
