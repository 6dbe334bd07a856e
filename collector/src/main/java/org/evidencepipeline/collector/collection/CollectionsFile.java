package org.evidencepipeline.collector.collection;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the YAML file where researchers declare collections:
 * <pre>
 * collections:
 *   - id: kharkiv-watch
 *     name: Kharkiv
 *     keywords: [Харків, Kharkiv]
 *     sources:
 *       - id: suspilne-kharkiv
 *         type: rss
 *         url: https://example.org/rss
 *         interval: PT5M
 *     capture:                     # optional: the pages and videos of the posts caught (capturer)
 *       pages: true                # default true
 *       host-pages-per-minute: 6   # default 6, at least 1
 *       videos: true               # default true: HLS/DASH streams and YouTube videos captured whole
 * </pre>
 * Unknown keys are errors (a misspelt {@code keyword:} must not silently widen a collection).
 */
public final class CollectionsFile {
    private final ObjectMapper yaml = JsonMapper.builder(new YAMLFactory())
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    record Document(List<Collection> collections) {
    }

    public List<Collection> read(Path file, CollectionValidator validator) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidCollectionException(file.toString(), List.of("file does not exist"));
        }
        Document doc;
        try {
            doc = yaml.readValue(file.toFile(), Document.class);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new InvalidCollectionException(file.toString(), List.of("not a valid collections file: " + msg));
        }
        List<Collection> collections = doc == null || doc.collections() == null ? List.of() : doc.collections();
        List<String> problems = validator.problems(collections);
        if (!problems.isEmpty()) {
            throw new InvalidCollectionException(file.toString(), problems);
        }
        return collections;
    }
}
