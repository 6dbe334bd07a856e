package org.evidencepipeline.charttests;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Parsed Kubernetes documents (a multi-document YAML stream) with look-ups the tests share. */
final class Manifests {
    static final YAMLMapper YAML = new YAMLMapper();

    final String text;
    final List<JsonNode> docs;

    private Manifests(String text, List<JsonNode> docs) {
        this.text = text;
        this.docs = List.copyOf(docs);
    }

    /** Every non-empty document; throws if any is not valid YAML. */
    static Manifests parse(String text) {
        List<JsonNode> docs = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(text);
             MappingIterator<JsonNode> it = YAML.readValues(parser, JsonNode.class)) {
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && !(doc.isObject() && doc.isEmpty())) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("not valid YAML: " + e.getMessage(), e);
        }
        return new Manifests(text, docs);
    }

    List<JsonNode> ofKind(String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).collect(Collectors.toList());
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(d -> name.equals(d.path("metadata").path("name").asText())).findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in " + ids()));
    }

    List<String> ids() {
        return docs.stream().map(Manifests::id).collect(Collectors.toList());
    }

    static String id(JsonNode doc) {
        return doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText();
    }

    /** Pod specs of every workload: Deployments, StatefulSets, Jobs and bare Pods, keyed by kind/name. */
    Map<String, JsonNode> podSpecs() {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        for (JsonNode d : docs) {
            switch (d.path("kind").asText()) {
                case "Deployment", "StatefulSet", "DaemonSet", "Job" -> out.put(id(d), d.path("spec").path("template").path("spec"));
                case "Pod" -> out.put(id(d), d.path("spec"));
                default -> { }
            }
        }
        return out;
    }

    /** The one container of a Deployment. */
    JsonNode container(String deployment) {
        JsonNode containers = get("Deployment", deployment).path("spec").path("template").path("spec").path("containers");
        if (containers.size() != 1) {
            throw new AssertionError(deployment + " has " + containers.size() + " containers");
        }
        return containers.get(0);
    }

    /** The env var named {@code name} of a container, or a missing node. */
    static JsonNode env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (name.equals(e.path("name").asText())) {
                return e;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    static List<String> envNames(JsonNode container) {
        List<String> names = new ArrayList<>();
        container.path("env").forEach(e -> names.add(e.path("name").asText()));
        return names;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** matchLabels of a selector as a map. */
    static Map<String, String> labels(JsonNode node) {
        Map<String, String> out = new java.util.TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    static ObjectNode object(JsonNode node) {
        return (ObjectNode) node;
    }
}
