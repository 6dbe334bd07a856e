package org.evidencepipeline.collector.collection;

import java.util.List;

/** A collection (or file of collections) that cannot be used, with every problem found. */
public class InvalidCollectionException extends RuntimeException {
    private final List<String> problems;

    public InvalidCollectionException(String context, List<String> problems) {
        super(context + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
