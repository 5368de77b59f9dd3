# syntax=docker/dockerfile:1
# The one image template: every deployable (gateway, services/*) is built from this file, at the repository root, with
# the build arguments its target in docker-bake.json gives:
#   docker buildx bake                  all six images; the builder stage is built once and shared
#   docker buildx bake task             one image (targets are named like the deployables)
# or by hand, with the same arguments:
#   docker build --build-arg PROJECT=services/task --build-arg NAME=task --build-arg PORT=4001 -t prelabel/task:<tag> .
# tools/k8s-check checks this file and docker-bake.json against the code and the manifests in k8s/.

# ---- builder: install everything, compile every project, build the model catalog, drop dev dependencies ----
# It takes no build argument, so its layers are the same for every image.
FROM node:20-bookworm-slim AS builder
WORKDIR /src
# onnxruntime-node's install script would download CUDA providers from the network; the CPU binaries ship in the
# tarball (see .npmrc and docs/operations.md). NX_DAEMON=false so no daemon outlives the build.
ENV ONNXRUNTIME_NODE_INSTALL=skip \
    NX_DAEMON=false \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false
COPY . .
RUN --mount=type=cache,target=/root/.npm npm ci
# tsc -b for every project, then `build:models` converts the catalog networks into
# services/inference-worker/models/build/ (deterministic; the registry's manifest pins each file's sha256).
RUN npm run build
RUN npm prune --omit=dev \
 && rm -rf node_modules/onnxruntime-node/bin/napi-v*/darwin node_modules/onnxruntime-node/bin/napi-v*/win32

# ---- bundle: exactly what PROJECT runs, in /out, laid out like the repository ----
# Workspace links in node_modules resolve the same way: root package.json, production node_modules, compiled proto and
# libs, the project's package.json and dist (tests dropped), the topology, and the project's ASSETS (paths relative to
# PROJECT: the gateway's supergraph, the worker's built models) and ROOT_ASSETS (paths relative to the repository root,
# kept at the same place under /app: the gateway's built web console, console/dist, which its CONSOLE_DIR names in
# k8s/). /out/deployable links to PROJECT: `node deployable` starts the file its package.json "main" names, so no dist
# layout is spelled here or in the manifests.
FROM builder AS bundle
ARG PROJECT
ARG ASSETS=""
ARG ROOT_ASSETS=""
RUN set -eu; \
    if [ -z "${PROJECT}" ] || [ ! -f "${PROJECT}/package.json" ]; then \
      echo "--build-arg PROJECT=<gateway|services/<name>> is required (see docker-bake.json)" >&2; exit 1; \
    fi; \
    mkdir -p /out; \
    cp package.json /out/; \
    for p in proto libs/* "${PROJECT}"; do \
      mkdir -p "/out/$p"; \
      cp "$p/package.json" "/out/$p/"; \
      cp -R "$p/dist" "/out/$p/dist"; \
    done; \
    rm -rf "/out/${PROJECT}/dist/test"; \
    find /out -type f \( -name '*.spec.js' -o -name '*.int-spec.js' -o -name '*.e2e.js' \
      -o -name '*.spec.js.map' -o -name '*.int-spec.js.map' -o -name '*.d.ts' -o -name '*.tsbuildinfo' \) -delete; \
    mkdir -p /out/infra/nats && cp infra/nats/topology.json /out/infra/nats/; \
    for asset in ${ASSETS}; do \
      mkdir -p "$(dirname "/out/${PROJECT}/${asset}")"; \
      cp -R "${PROJECT}/${asset}" "/out/${PROJECT}/${asset}"; \
    done; \
    for asset in ${ROOT_ASSETS}; do \
      test -e "${asset}" || { echo "ROOT_ASSETS: ${asset} was not built" >&2; exit 1; }; \
      mkdir -p "$(dirname "/out/${asset}")"; \
      cp -R "${asset}" "/out/${asset}"; \
    done; \
    main="$(node -p "require('./${PROJECT}/package.json').main")"; \
    test -f "/out/${PROJECT}/${main}" || { echo "${PROJECT}/package.json main (${main}) was not built" >&2; exit 1; }; \
    ln -s "${PROJECT}" /out/deployable; \
    cp -a node_modules /out/node_modules; \
    find /out/node_modules -xtype l -delete

# ---- runtime ----
FROM node:20-bookworm-slim AS runtime
ARG NAME
ARG PORT
LABEL org.opencontainers.image.title="prelabel/${NAME}"
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and read-only to the process: the pod runs with readOnlyRootFilesystem; its writable paths (/tmp, and
# MODEL_CACHE_DIR / MODEL_UPLOAD_DIR where set) are emptyDir volumes declared in k8s/.
COPY --from=bundle /out/ /app/
# The image's `node` user (uid/gid 1000), numeric so runAsNonRoot can verify it.
USER 1000:1000
EXPOSE ${PORT}
CMD ["node", "deployable"]
