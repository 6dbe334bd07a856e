package org.evidencepipeline.capturer.video.ytdlp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One run's directory: the recording's WARC at its top, yt-dlp's output in {@code media/} (so nothing yt-dlp names
 * can land on the WARC), and HOME for yt-dlp at its top (with {@code --no-cache-dir} nothing is written there).
 */
final class RunDirectory {
    static final String MEDIA = "media";
    static final String INFO_JSON = ".info.json";
    /** More files than any one page's videos need; a listing never grows without bound. */
    static final int MAX_FILES = 200;

    private RunDirectory() {
    }

    static boolean isInfoJson(Path file) {
        return file.getFileName().toString().endsWith(INFO_JSON);
    }

    /**
     * What yt-dlp left in {@code media/}: regular files, in name order, without its scratch files (partial downloads,
     * fragments, resume state, merge temporaries) or hidden files.
     */
    static List<Path> outputs(Path runDir) {
        Path media = runDir.resolve(MEDIA);
        if (!Files.isDirectory(media)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(media)) {
            return files.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .filter(f -> !scratch(f.getFileName().toString()))
                    .sorted(Comparator.comparing(f -> f.getFileName().toString()))
                    .limit(MAX_FILES)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + media, e);
        }
    }

    private static boolean scratch(String name) {
        return name.startsWith(".") || name.endsWith(".part") || name.endsWith(".ytdl") || name.contains(".part-Frag")
                || name.contains(".temp.") || name.endsWith(".tmp");
    }

    static void delete(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: the work dir is the capturer's scratch space
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort, as above
        }
    }
}
