/** What a subgraph app under test hands its server: the schema it built and its readiness. */
export interface SubgraphApp<Schema> {
  readonly schema: Schema;
  ready(): Promise<boolean>;
}

/**
 * service-kit's startSubgraphServer options for an app under test (this lib does not import service-kit, whose own
 * tests use it): the app's schema and readiness on a free loopback port, no context of the service's own. Spread
 * them and add what the test needs (auth, uploads).
 */
export function loopbackSubgraphOptions<Schema, Logger>(name: string, app: SubgraphApp<Schema>, logger: Logger) {
  return {
    name,
    schema: app.schema,
    ready: () => app.ready(),
    host: "127.0.0.1",
    port: 0,
    logger,
    context: () => ({}),
  };
}
