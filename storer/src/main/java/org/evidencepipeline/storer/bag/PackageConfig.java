package org.evidencepipeline.storer.bag;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** Court package settings; defaults and meaning documented in application.properties. */
@ConfigMapping(prefix = "storer.package")
public interface PackageConfig {
    /** bag-info.txt's Source-Organization (who holds the archive); unset: left out. */
    Optional<String> sourceOrganization();

    /** The most object bytes one package may hold; a larger export is refused before anything is sent. */
    @WithDefault("10737418240")
    long maxBytes();
}
