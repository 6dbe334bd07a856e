package org.evidencepipeline.messaging.crashguard;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/** {@code pipeline.crash-guard.*}: each service documents its values in its application.properties. */
@ConfigMapping(prefix = "pipeline.crash-guard")
public interface CrashGuardConfig {
    /** Off: records are processed without markers (a record that kills the process kills it on every start). */
    @WithDefault("true")
    boolean enabled();

    /**
     * Where the markers live: a local directory that survives a restart of the process (in Kubernetes an
     * {@code emptyDir} volume, which survives container restarts within the pod: the crash loop). One per instance.
     */
    @WithDefault("${java.io.tmpdir}/evidence-pipeline/crash-guard")
    Path dir();

    /** A record that crashed the consumer this many times is dead-lettered when it comes again. */
    @WithDefault("2")
    int maxCrashes();
}
