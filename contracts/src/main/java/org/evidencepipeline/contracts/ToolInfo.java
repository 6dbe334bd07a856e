package org.evidencepipeline.contracts;

/** The software that produced an event or a capture: name, version and a hash of its effective configuration. */
public record ToolInfo(String name, String version, String configHash) {
}
