import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { posix } from "node:path";
import { describe, it } from "node:test";
import {
  consoleAssetPaths,
  consolePublicFiles,
  consoleRoutePaths,
  CONSOLE_DIST,
  GATEWAY_INTERNAL_PATHS,
  PRECOMPRESSED_SUFFIXES,
  headerTouchingAnnotations,
  ingressRoutes,
  routeOf,
  type IngressRoute,
} from "./console-serving.js";
import { readDockerfile } from "./dockerfile.js";
import { cnpgAppSecrets, prodExternalSecrets, resolveEnv } from "./env.js";
import { bakeTargetOf, TEMPLATE } from "./image-builds.js";
import { get, ofKind, renderOverlay } from "./render.js";
import { DEPLOYABLES, loadEnvSchema, OVERLAYS, repoPath } from "./repo.js";
import { mainContainer, podSpecOf } from "./workloads.js";

const gateway = DEPLOYABLES.find((d) => d.name === "gateway")!;

/** The paths (relative to the repository root) the template copies into an image at the same place under WORKDIR. */
const rootAssetsOf = (args: Readonly<Record<string, string>>): string[] => (args.ROOT_ASSETS ?? "").split(/\s+/).filter(Boolean);

/** The runtime stage's WORKDIR: where the bundle (laid out like the repository) lands. */
function runtimeWorkdir(): string {
  const workdir = readDockerfile(gateway)
    .runtime.filter((i) => i.keyword === "WORKDIR")
    .pop();
  assert.ok(workdir, "the runtime stage sets a WORKDIR");
  return workdir.args.trim();
}

/** The gateway's own policy function, as built (the k8s checks read what the gateway sends, not a copy of it). */
function gatewayPolicy(): string {
  const file = repoPath("gateway", "dist", "src", "http", "console-files.plugin.js");
  assert.ok(existsSync(file), `${file} is missing: build first (npm run build)`);
  const mod = createRequire(__filename)(file) as { consoleContentSecurityPolicy: (host: string | undefined) => string };
  return mod.consoleContentSecurityPolicy("prelabel.example.com");
}

describe("the web console in production: in the gateway image, served by the gateway with its Content-Security-Policy", () => {
  const target = bakeTargetOf(gateway);

  it(`the gateway image carries the built console: ROOT_ASSETS ${CONSOLE_DIST}, with its index.html after npm run build`, () => {
    assert.ok(rootAssetsOf(target.args).includes(CONSOLE_DIST), `docker-bake.json gateway args.ROOT_ASSETS lists ${CONSOLE_DIST}`);
    assert.ok(existsSync(repoPath(CONSOLE_DIST, "index.html")), `${CONSOLE_DIST}/index.html (npm run build -w @prelabel/console)`);
    // The build's .br/.gz siblings are in the same directory, so the image carries them with it: the gateway sends
    // the scripts compressed in production too.
    const scripts = consoleAssetPaths().filter((p) => p.endsWith(".js"));
    assert.ok(scripts.length > 0, "the built bundle is read");
    for (const script of ["/index.html", ...scripts])
      for (const suffix of PRECOMPRESSED_SUFFIXES)
        assert.ok(
          existsSync(repoPath(CONSOLE_DIST, `${script}${suffix}`)),
          `${CONSOLE_DIST}${script}${suffix} (console/build/precompress.plugin.ts)`,
        );
    for (const d of DEPLOYABLES.filter((x) => x !== gateway)) {
      assert.ok(
        !rootAssetsOf(bakeTargetOf(d).args).includes(CONSOLE_DIST),
        `${d.name} does not serve the console: its image need not carry it`,
      );
    }
  });

  it(`${TEMPLATE} builds the console in the builder and copies each ROOT_ASSETS path to the same path in the bundle`, () => {
    const text = readFileSync(repoPath(TEMPLATE), "utf8");
    const [builder, rest] = text.split(/^FROM .* AS bundle$/m);
    // `npm run build` is tsc -b + models + the console (root package.json); the console is not a separate step.
    assert.match(builder, /RUN npm run build/);
    const rootBuild = (JSON.parse(readFileSync(repoPath("package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.build;
    assert.match(rootBuild, /npm run[^&]*build -w @prelabel\/console/, "the root build script builds the console");
    const bundle = rest.split(/^FROM /m)[0];
    assert.match(bundle, /^ARG ROOT_ASSETS=""$/m);
    assert.match(bundle, /for asset in \$\{ROOT_ASSETS\}; do[^]*?cp -R "\$\{asset\}" "\/out\/\$\{asset\}"/);
    assert.match(bundle, /test -e "\$\{asset\}" \|\| \{[^\n]*exit 1; \}/, "a ROOT_ASSETS path that was not built fails the build");
    assert.ok(
      readDockerfile(gateway).runtime.some((i) => i.keyword === "COPY" && /--from=bundle \/out\/ /.test(i.raw)),
      "the runtime copies the bundle to its WORKDIR",
    );
  });

  it("the console's policy (set by the gateway on every console file) is strict: own origin only, nothing inline, no framing", () => {
    const directives = new Map(
      gatewayPolicy()
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    assert.deepEqual(directives.get("default-src"), ["'self'"]);
    assert.deepEqual(directives.get("script-src"), ["'self'"]);
    assert.deepEqual(directives.get("object-src"), ["'none'"]);
    assert.deepEqual(directives.get("frame-ancestors"), ["'none'"]);
    assert.deepEqual(directives.get("base-uri"), ["'self'"]);
    for (const [name, values] of directives) {
      for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"])
        assert.ok(!values.includes(bad), `${name} allows ${bad}`);
    }
  });

  for (const overlay of OVERLAYS) {
    describe(`k8s/overlays/${overlay}`, () => {
      const objects = renderOverlay(overlay);
      const external = [...cnpgAppSecrets(objects), ...(overlay === "prod" ? prodExternalSecrets() : [])];
      const routes = (): IngressRoute[] => ingressRoutes(ofKind(objects, "Ingress"));

      it("the gateway's CONSOLE_DIR is the console directory its image holds (WORKDIR + ROOT_ASSETS), and no volume hides it", () => {
        const container = mainContainer(objects, gateway);
        const { env } = resolveEnv(container, objects, external);
        const parsed = loadEnvSchema(gateway).safeParse(env) as { success: boolean; data?: { CONSOLE_DIR?: string } };
        assert.ok(parsed.success, "the gateway's schema accepts the environment");
        const dir = parsed.data?.CONSOLE_DIR;
        assert.ok(dir, "CONSOLE_DIR is set (the default, next to the repository's dist, is a development path)");
        const inImage = rootAssetsOf(target.args).map((asset) => posix.join(runtimeWorkdir(), asset));
        assert.ok(inImage.includes(dir), `CONSOLE_DIR ${dir} is one of the image's ${inImage.join(", ")}`);
        for (const mount of container.volumeMounts ?? []) {
          const at = String(mount.mountPath);
          assert.ok(!(dir === at || dir.startsWith(`${at}/`)), `volume ${mount.name} at ${at} would hide ${dir}`);
        }
        assert.equal(container.securityContext.readOnlyRootFilesystem, true, "the console is served from the read-only image");
      });

      it("the Ingress sends the console's page, every client route of app.tsx, its bundle and public files to the gateway", () => {
        const svc = get(objects, "Service", "gateway");
        const wanted = ["/", ...consoleRoutePaths(), ...consolePublicFiles(), ...consoleAssetPaths(), "/graphql"];
        assert.ok(consoleRoutePaths().length >= 2, "app.tsx's routes are read");
        assert.ok(
          consoleAssetPaths().some((p) => p.endsWith(".js")),
          "the built bundle is read",
        );
        for (const path of wanted) {
          const route = routeOf(routes(), path);
          assert.ok(route, `${path} is not routed by the Ingress (add it to k8s/base/gateway/ingress.yaml)`);
          assert.equal(route.service, "gateway", path);
          assert.ok(
            route.port.name === svc.spec.ports[0].name || route.port.number === svc.spec.ports[0].port,
            `${path}: the gateway Service's port`,
          );
        }
      });

      it(`the Ingress does not route the gateway's own ${GATEWAY_INTERNAL_PATHS.join(", ")} (nor arbitrary paths) to the outside`, () => {
        for (const path of [...GATEWAY_INTERNAL_PATHS, "/metrics/x", "/package.json", "/assets/../metrics"]) {
          const route = routeOf(routes(), path);
          assert.ok(!route || !(route.pathType === "Prefix" && route.path === "/"), `${path}: no catch-all /`);
          if (GATEWAY_INTERNAL_PATHS.some((p) => posix.normalize(path) === p || posix.normalize(path).startsWith(`${p}/`))) {
            assert.equal(route, undefined, `${path} is routed by ${route?.ingress}`);
          }
        }
      });

      it("no Ingress annotation adds, hides or rewrites response headers: the browser gets the gateway's CSP", () => {
        for (const ingress of ofKind(objects, "Ingress")) assert.deepEqual(headerTouchingAnnotations(ingress), [], ingress.metadata.name);
      });

      it("the gateway's NetworkPolicy admits ingress-nginx on the port that serves the console, and the pod mounts nothing writable but /tmp", () => {
        const policy = get(objects, "NetworkPolicy", "gateway");
        const port = mainContainer(objects, gateway).ports.find((p: { name: string }) => p.name === "http").containerPort;
        const fromNginx = policy.spec.ingress.filter((r: { from?: { namespaceSelector?: { matchLabels?: Record<string, string> } }[] }) =>
          (r.from ?? []).some((f) => f.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === "ingress-nginx"),
        );
        assert.ok(fromNginx.some((r: { ports: { port: number }[] }) => r.ports.some((p) => p.port === port)));
        assert.deepEqual(
          (podSpecOf(objects, gateway).volumes ?? []).map((v: { name: string; emptyDir?: unknown }) => [v.name, Boolean(v.emptyDir)]),
          [["tmp", true]],
        );
      });
    });
  }

  it("reads routes and matches paths as the Ingress API does", () => {
    assert.deepEqual(
      consoleRoutePaths(`<Route path="/" element={<A />} /><Route path="/tasks/:id" element={<B />} /><Route path="*" element={<C />} />`),
      ["/", "/tasks/1"],
    );
    const r = (path: string, pathType: string): IngressRoute => ({ ingress: "i", path, pathType, service: path, port: { name: "http" } });
    const table = [r("/", "Exact"), r("/tasks", "Prefix"), r("/graphql", "Prefix"), r("/graphql/x", "Exact")];
    assert.equal(routeOf(table, "/")?.service, "/");
    assert.equal(routeOf(table, "/tasks/1")?.service, "/tasks");
    assert.equal(routeOf(table, "/tasks")?.service, "/tasks");
    assert.equal(routeOf(table, "/tasksx"), undefined);
    assert.equal(routeOf(table, "/metrics"), undefined);
    assert.equal(routeOf(table, "/graphql/x")?.service, "/graphql/x");
    assert.equal(routeOf(table, "/tasks/../metrics"), undefined);
    assert.equal(routeOf([r("/", "Prefix")], "/metrics")?.service, "/");
    assert.throws(() => routeOf([r("/x", "ImplementationSpecific")], "/x"));
  });
});
