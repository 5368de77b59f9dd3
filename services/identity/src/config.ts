import { commonEnv, databaseEnv, httpEnv, identityEnv, withCloudEnvRules } from "@prelabel/service-kit";
import { z } from "zod";

export const configSchema = withCloudEnvRules(
  z.object({
    ...commonEnv,
    ...identityEnv,
    ...httpEnv,
    ...databaseEnv,
    PORT: httpEnv.PORT.default(4005),
  }),
);

export type Config = z.infer<typeof configSchema>;
