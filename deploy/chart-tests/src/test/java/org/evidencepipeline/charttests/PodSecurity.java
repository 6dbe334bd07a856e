package org.evidencepipeline.charttests;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks of the "restricted" Pod Security Standard plus this project's rules (no service-account token,
 * read-only root filesystem with /tmp on an emptyDir), shared by the chart and the kustomize tests.
 * Returns every violation, so one failure lists them all.
 */
final class PodSecurity {
    private PodSecurity() {
    }

    static List<String> violations(String id, JsonNode pod, boolean needsTmp) {
        List<String> out = new ArrayList<>();
        JsonNode psc = pod.path("securityContext");
        if (!pod.path("automountServiceAccountToken").isBoolean() || pod.path("automountServiceAccountToken").asBoolean()) {
            out.add(id + ": automountServiceAccountToken must be false");
        }
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (pod.path(host).asBoolean(false)) {
                out.add(id + ": " + host + " must not be set");
            }
        }
        // The restricted standard allows RuntimeDefault and Localhost (a profile file on the node), nothing else.
        String podSeccomp = psc.path("seccompProfile").path("type").asText();
        if (!"RuntimeDefault".equals(podSeccomp)
                && !("Localhost".equals(podSeccomp) && !psc.path("seccompProfile").path("localhostProfile").asText().isBlank())) {
            out.add(id + ": pod seccompProfile must be RuntimeDefault or Localhost with a profile");
        }
        boolean podNonRoot = psc.path("runAsNonRoot").asBoolean(false);
        if (psc.has("runAsUser") && psc.path("runAsUser").asInt() == 0) {
            out.add(id + ": runAsUser 0");
        }
        for (JsonNode v : pod.path("volumes")) {
            if (v.has("hostPath")) {
                out.add(id + ": hostPath volume " + v.path("name").asText());
            }
        }
        List<JsonNode> containers = new ArrayList<>();
        pod.path("initContainers").forEach(containers::add);
        pod.path("containers").forEach(containers::add);
        if (containers.isEmpty()) {
            out.add(id + ": no containers");
        }
        for (JsonNode c : containers) {
            String cid = id + " container " + c.path("name").asText();
            JsonNode sc = c.path("securityContext");
            if (!podNonRoot && !sc.path("runAsNonRoot").asBoolean(false)) {
                out.add(cid + ": runAsNonRoot must be true");
            }
            if (sc.has("runAsUser") && sc.path("runAsUser").asInt() == 0) {
                out.add(cid + ": runAsUser 0");
            }
            if (!sc.path("allowPrivilegeEscalation").isBoolean() || sc.path("allowPrivilegeEscalation").asBoolean()) {
                out.add(cid + ": allowPrivilegeEscalation must be false");
            }
            if (sc.path("privileged").asBoolean(false)) {
                out.add(cid + ": privileged");
            }
            if (!sc.path("readOnlyRootFilesystem").asBoolean(false)) {
                out.add(cid + ": readOnlyRootFilesystem must be true");
            }
            if (!Manifests.texts(sc.path("capabilities").path("drop")).equals(List.of("ALL"))) {
                out.add(cid + ": capabilities.drop must be [ALL]");
            }
            if (sc.path("capabilities").has("add") && !sc.path("capabilities").path("add").isEmpty()) {
                out.add(cid + ": capabilities.add must be empty");
            }
            String seccomp = sc.path("seccompProfile").path("type").asText("RuntimeDefault");
            if (!List.of("RuntimeDefault", "Localhost").contains(seccomp)) {
                out.add(cid + ": seccompProfile " + seccomp);
            }
            if (needsTmp && !tmpIsEmptyDir(pod, c)) {
                out.add(cid + ": /tmp must be mounted from an emptyDir");
            }
        }
        return out;
    }

    private static boolean tmpIsEmptyDir(JsonNode pod, JsonNode container) {
        for (JsonNode m : container.path("volumeMounts")) {
            if ("/tmp".equals(m.path("mountPath").asText())) {
                for (JsonNode v : pod.path("volumes")) {
                    if (v.path("name").asText().equals(m.path("name").asText())) {
                        return v.has("emptyDir");
                    }
                }
            }
        }
        return false;
    }

    /** Violations of every pod in the manifests; Deployments and Jobs must have /tmp on an emptyDir. */
    static List<String> violations(Manifests m) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : m.podSpecs().entrySet()) {
            boolean needsTmp = !e.getKey().startsWith("Pod/");
            out.addAll(violations(e.getKey(), e.getValue(), needsTmp));
        }
        return out;
    }
}
