package org.evidencepipeline.capturer.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who the browser runs as. Chromium refuses to start its sandbox as root, and the sandbox is never switched off, so
 * when the JVM is root the browser is started through {@code setpriv} as an unprivileged user, and its profile
 * directory is handed to that user.
 *
 * @param uid numeric user to become, or empty to run as the JVM's own (non-root) user
 * @param gid that user's primary group
 */
record Unprivileged(Optional<Integer> uid, int gid) {

    static final Unprivileged SELF = new Unprivileged(Optional.empty(), -1);

    /** When root, the configured user (default {@code nobody}) from {@code /etc/passwd}; otherwise the JVM's user. */
    static Unprivileged resolve(Optional<String> runAsUser) {
        if (currentUid() != 0) {
            return SELF;
        }
        String user = runAsUser.filter(u -> !u.isBlank()).orElse("nobody");
        return lookup(user, Path.of("/etc/passwd"));
    }

    static Unprivileged lookup(String user, Path passwd) {
        try {
            for (String line : Files.readAllLines(passwd)) {
                String[] f = line.split(":", -1);
                if (f.length >= 4 && (f[0].equals(user) || f[2].equals(user))) {
                    int uid = Integer.parseInt(f[2]);
                    if (uid == 0) {
                        throw new IllegalStateException("capturer.browser.run-as-user must not be root: " + user);
                    }
                    return new Unprivileged(Optional.of(uid), Integer.parseInt(f[3]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("capturer.browser.run-as-user " + user + " is not in " + passwd);
    }

    /** The real uid of this process, from {@code /proc/self/status}. */
    static int currentUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the browser then runs as the JVM's user
        }
        return -1;
    }

    /** The command that runs {@code command} as this user. */
    List<String> wrap(List<String> command) {
        if (uid.isEmpty()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + uid.get(), "--regid=" + gid,
                "--clear-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Makes {@code path} this user's own and private to it (a directory or a file). */
    void own(Path path) throws IOException {
        if (uid.isPresent()) {
            Files.setAttribute(path, "unix:uid", uid.get());
            Files.setAttribute(path, "unix:gid", gid);
        }
        Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString(
                Files.isDirectory(path) ? "rwx------" : "rw-------"));
    }
}
