package org.evidencepipeline.capturer.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnprivilegedTest {

    @Test
    void theUserComesFromThePasswdFileAndWrapsTheCommandInSetpriv(@TempDir Path dir) throws IOException {
        Path passwd = Files.writeString(dir.resolve("passwd"),
                "root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");

        Unprivileged nobody = Unprivileged.lookup("nobody", passwd);

        assertThat(nobody.uid()).hasValue(65534);
        assertThat(nobody.gid()).isEqualTo(65534);
        assertThat(nobody.wrap(List.of("/usr/lib/chromium/chromium", "--headless"))).containsExactly("setpriv",
                "--reuid=65534", "--regid=65534", "--clear-groups", "--", "/usr/lib/chromium/chromium", "--headless");
    }

    @Test
    void rootOrAnUnknownUserIsRefused(@TempDir Path dir) throws IOException {
        Path passwd = Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");

        assertThatThrownBy(() -> Unprivileged.lookup("root", passwd)).hasMessageContaining("must not be root");
        assertThatThrownBy(() -> Unprivileged.lookup("ghost", passwd)).hasMessageContaining("ghost");
    }

    @Test
    void asRootTheBrowserUserIsTheConfiguredOneOtherwiseTheJvmsOwn() {
        Unprivileged resolved = Unprivileged.resolve(Optional.of("nobody"));

        if (Unprivileged.currentUid() == 0) {
            assertThat(resolved.uid()).hasValue(65534);
        } else {
            assertThat(resolved).isEqualTo(Unprivileged.SELF);
            assertThat(resolved.wrap(List.of("chromium"))).containsExactly("chromium");
        }
    }
}
