// Validates Kubernetes and Knative documents against their OpenAPI schemas, as kubernetes-models
// generates them from the API servers' and Knative's CRDs. Usage: node validate.mjs DOCUMENTS.json
// where the file holds a JSON array of documents. Prints one JSON line per document:
// {"index", "kind", "name", "errors": [...]}; an apiVersion and kind it has no schema for is an error.
import { readFileSync } from "node:fs";

const GROUPS = {
  "v1": "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "batch/v1": "kubernetes-models/batch/v1",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
  "rbac.authorization.k8s.io/v1": "kubernetes-models/rbac.authorization.k8s.io/v1",
  "apiextensions.k8s.io/v1": "kubernetes-models/apiextensions.k8s.io/v1",
  "serving.knative.dev/v1": "@kubernetes-models/knative/serving.knative.dev/v1",
  "eventing.knative.dev/v1": "@kubernetes-models/knative/eventing.knative.dev/v1",
  "sources.knative.dev/v1": "@kubernetes-models/knative/sources.knative.dev/v1",
};

const documents = JSON.parse(readFileSync(process.argv[2], "utf8"));
for (const [index, document] of documents.entries()) {
  const name = document?.metadata?.name ?? null;
  const kind = document?.kind ?? null;
  const errors = [];
  const module = GROUPS[document?.apiVersion];
  if (!module || !/^[A-Za-z]+$/.test(kind ?? "")) {
    errors.push(`no schema for apiVersion ${document?.apiVersion} kind ${kind}`);
  } else {
    try {
      const model = (await import(`${module}/${kind}`))[kind];
      new model(document).validate();
    } catch (error) {
      errors.push(error.code === "ERR_PACKAGE_PATH_NOT_EXPORTED" || error.code === "ERR_MODULE_NOT_FOUND"
        ? `no schema for apiVersion ${document.apiVersion} kind ${kind}` : String(error.message));
    }
  }
  console.log(JSON.stringify({ index, kind, name, errors }));
}
