import { commonEnv, databaseEnv, httpEnv } from "@prelabel/service-kit";
import { z } from "zod";

export const configSchema = z.object({
  ...commonEnv,
  ...httpEnv,
  ...databaseEnv,
  PORT: httpEnv.PORT.default(4002),
});

export type Config = z.infer<typeof configSchema>;
