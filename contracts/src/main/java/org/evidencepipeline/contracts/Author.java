package org.evidencepipeline.contracts;

/** Who posted, as the platform shows it. Any field may be null where the platform does not say. */
public record Author(String id, String name, String url) {
}
