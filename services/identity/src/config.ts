import { commonEnv, databaseEnv, httpEnv, identityEnv, withCloudEnvRules } from "@prelabel/service-kit";
import { z } from "zod";

export const configSchema = withCloudEnvRules(
  z.object({
    ...commonEnv,
    ...identityEnv,
    ...httpEnv,
    ...databaseEnv,
    PORT: httpEnv.PORT.default(4005),
    /** Run pending migrations at start-up; false where a separate `migrate` step owns them (Kubernetes: an init container). */
    DB_MIGRATE_ON_START: z.stringbool().default(true),
  }),
);

export type Config = z.infer<typeof configSchema>;
