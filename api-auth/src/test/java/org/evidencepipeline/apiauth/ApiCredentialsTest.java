package org.evidencepipeline.apiauth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiCredentialsTest {
    static final String ADMIN = "admin-token-for-the-unit-test-0001";
    static final String READER = "reader-token-for-the-unit-test-0002";

    static ApiAuthConfig tokens(String admin, String reader) {
        return new ApiAuthConfig(ApiAuthConfig.Mode.TOKEN, Optional.ofNullable(admin), Optional.empty(),
                Optional.ofNullable(reader), Optional.empty(), Optional.empty());
    }

    private static ApiCredentials both() {
        return ApiCredentials.resolve(tokens(ADMIN, READER));
    }

    @Test
    void withoutTokensTheServiceRefusesToStartAndSaysWhatToSet() {
        assertThatThrownBy(() -> ApiCredentials.resolve(tokens(null, null)))
                .isInstanceOf(ApiCredentials.MissingCredentials.class)
                .hasMessageContaining("no admin API token")
                .hasMessageContaining("PIPELINE_API_ADMIN_TOKEN").hasMessageContaining("pipeline.api.auth=none");
        assertThatThrownBy(() -> ApiCredentials.resolve(tokens(ADMIN, "  ")))
                .isInstanceOf(ApiCredentials.MissingCredentials.class)
                .hasMessageContaining("no reader API token").hasMessageNotContaining(ADMIN);
    }

    @Test
    void oneTokenForBothRolesIsRefused() {
        assertThatThrownBy(() -> ApiCredentials.resolve(tokens(ADMIN, ADMIN + "\n")))
                .isInstanceOf(ApiCredentials.MissingCredentials.class).hasMessageContaining("same token")
                .hasMessageNotContaining(ADMIN);
    }

    @Test
    void theRemovedSingleTokenIsRefusedWithItsReplacementsNamed() {
        ApiAuthConfig legacy = new ApiAuthConfig(ApiAuthConfig.Mode.NONE, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of("old-single-token-0123456789abcdef"));
        assertThatThrownBy(() -> ApiCredentials.resolve(legacy)).isInstanceOf(ApiCredentials.MissingCredentials.class)
                .hasMessageContaining("pipeline.api.admin-token").hasMessageContaining("pipeline.api.reader-token")
                .hasMessageNotContaining("old-single-token");
    }

    @Test
    void authNoneNeedsNoTokens() {
        ApiAuthConfig none = new ApiAuthConfig(ApiAuthConfig.Mode.NONE, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        ApiCredentials open = ApiCredentials.resolve(none);
        assertThat(open).isInstanceOf(ApiCredentials.Open.class);
        assertThat(open.check(Role.ADMIN, null)).isInstanceOf(Access.Granted.class);
        assertThat(open.check(null, null)).as("an endpoint without a role stays closed").isInstanceOf(Access.Undeclared.class);
    }

    @Test
    void tokensComeFromFilesWithTheirNewline(@TempDir Path dir) throws Exception {
        Path admin = Files.writeString(dir.resolve("admin"), ADMIN + "\n");
        Path reader = Files.writeString(dir.resolve("reader"), READER + "\n");
        ApiCredentials fromFiles = ApiCredentials.resolve(new ApiAuthConfig(ApiAuthConfig.Mode.TOKEN, Optional.empty(),
                Optional.of(admin), Optional.empty(), Optional.of(reader), Optional.empty()));
        assertThat(fromFiles.check(Role.ADMIN, "Bearer " + ADMIN)).isInstanceOf(Access.Granted.class);
        assertThat(fromFiles.check(Role.READER, "Bearer " + READER)).isInstanceOf(Access.Granted.class);
    }

    @Test
    void aMissingOrEmptyFileOrBothAValueAndAFileAreRefused(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        Path absent = dir.resolve("absent");
        assertThatThrownBy(() -> ApiCredentials.resolve(new ApiAuthConfig(ApiAuthConfig.Mode.TOKEN, Optional.empty(),
                Optional.of(absent), Optional.of(READER), Optional.empty(), Optional.empty())))
                .isInstanceOf(ApiCredentials.MissingCredentials.class).hasMessageContaining("cannot read the admin token file " + absent);
        assertThatThrownBy(() -> ApiCredentials.resolve(new ApiAuthConfig(ApiAuthConfig.Mode.TOKEN, Optional.of(ADMIN),
                Optional.empty(), Optional.empty(), Optional.of(empty), Optional.empty())))
                .isInstanceOf(ApiCredentials.MissingCredentials.class).hasMessageContaining("reader token file " + empty + " (pipeline.api.reader-token-file) is empty");
        Path file = Files.writeString(dir.resolve("admin"), ADMIN);
        assertThatThrownBy(() -> ApiCredentials.resolve(new ApiAuthConfig(ApiAuthConfig.Mode.TOKEN, Optional.of(ADMIN),
                Optional.of(file), Optional.of(READER), Optional.empty(), Optional.empty())))
                .isInstanceOf(ApiCredentials.MissingCredentials.class).hasMessageContaining("set only one");
    }

    @Test
    void adminImpliesReaderButNotTheOtherWayRound() {
        ApiCredentials c = both();
        assertThat(c.check(Role.ADMIN, "Bearer " + ADMIN)).isInstanceOf(Access.Granted.class);
        assertThat(c.check(Role.READER, "Bearer " + ADMIN)).isInstanceOf(Access.Granted.class);
        assertThat(c.check(Role.READER, "Bearer " + READER)).isInstanceOf(Access.Granted.class);
        assertThat(c.check(Role.ADMIN, "Bearer " + READER)).isEqualTo(new Access.Forbidden(Role.READER, Role.ADMIN));
    }

    @Test
    void aMissingOrWrongTokenIsUnauthenticatedAndAnUndeclaredEndpointIsClosedToAll() {
        ApiCredentials c = both();
        for (Role role : Role.values()) {
            assertThat(c.check(role, null)).isInstanceOf(Access.Unauthenticated.class);
            assertThat(c.check(role, "Bearer " + ADMIN + "x")).isInstanceOf(Access.Unauthenticated.class);
            assertThat(c.check(role, "Basic " + ADMIN)).isInstanceOf(Access.Unauthenticated.class);
            assertThat(c.check(role, ADMIN)).isInstanceOf(Access.Unauthenticated.class);
        }
        assertThat(c.check(null, "Bearer " + ADMIN)).isInstanceOf(Access.Undeclared.class);
    }
}
