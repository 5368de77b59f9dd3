import { NuclioError, NuclioErrorCode, parseDashboardFunctions, type NuclioDashboard } from "@prelabel/nuclio";

/**
 * A plain client of a dashboard's `GET /api/functions` (project and namespace headers, as CVAT's lambda manager
 * sends them) through libs/nuclio's parser: what the registry's integration specs list the fake dashboard with
 * until they run libs/nuclio's own HTTP client.
 */
export function fetchNuclioDashboard(url: string, project = "cvat", namespace = "nuclio"): NuclioDashboard {
  return {
    listFunctions: async (signal) => {
      let response: Response;
      try {
        response = await fetch(`${url}/api/functions`, {
          headers: { "x-nuclio-project-name": project, "x-nuclio-function-namespace": namespace },
          signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(5_000)]) : AbortSignal.timeout(5_000),
        });
      } catch (err) {
        throw new NuclioError(NuclioErrorCode.DashboardUnavailable, `the Nuclio dashboard at ${url} did not answer`, {}, { cause: err });
      }
      if (!response.ok) {
        throw new NuclioError(NuclioErrorCode.DashboardUnavailable, `the Nuclio dashboard answered HTTP ${response.status}`, {
          status: response.status,
        });
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch (err) {
        throw new NuclioError(NuclioErrorCode.DashboardUnavailable, "the Nuclio dashboard's answer is not JSON", {}, { cause: err });
      }
      return parseDashboardFunctions(body);
    },
  };
}
