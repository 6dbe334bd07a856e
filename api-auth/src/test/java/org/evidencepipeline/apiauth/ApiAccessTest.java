package org.evidencepipeline.apiauth;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The eager start-up bean: its constructor is where a service without credentials stops starting (the
 * services' own tests and ServiceWithoutApiCredentialsRefusesToStartIT show it on a real start).
 */
class ApiAccessTest {
    @Test
    void withoutCredentialsTheStartUpBeanCannotBeBuilt() {
        assertThatThrownBy(() -> new ApiAccess(ApiCredentialsTest.tokens(null, null)))
                .isInstanceOf(ApiCredentials.MissingCredentials.class).hasMessageContaining("no admin API token");
    }

    @Test
    void theConfiguredValuesAreReadAsTheServiceGivesThem() {
        ApiAccess fromConfig = new ApiAccess(" TOKEN ", Optional.of(ApiCredentialsTest.ADMIN), Optional.of(""),
                Optional.of(ApiCredentialsTest.READER), Optional.empty(), Optional.empty());
        assertThat(fromConfig.check(Role.READER, "Bearer " + ApiCredentialsTest.READER)).isInstanceOf(Access.Granted.class);
        assertThatThrownBy(() -> new ApiAccess("open", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty())).hasMessageContaining("must be 'token' (default) or 'none'");
    }

    @Test
    void authNoneBuildsAnOpenAccess() {
        ApiAccess open = new ApiAccess(new ApiAuthConfig(ApiAuthConfig.Mode.NONE, Optional.empty(),
                Optional.<Path>empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(open.check(Role.ADMIN, null)).isInstanceOf(Access.Granted.class);
    }
}
