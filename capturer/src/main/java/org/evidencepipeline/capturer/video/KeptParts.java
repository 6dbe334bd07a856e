package org.evidencepipeline.capturer.video;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.contracts.VideoPart;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of one capture kept so far, in order: each stored write-once under its content key (the same bytes seen
 * twice, by this or another capture, are one object) and indexed by hash to this capture's provenance. The local
 * files stay until the capture is muxed, so ffmpeg reads what was hashed, not a second download.
 */
public final class KeptParts {
    private final ArchiveStore store;
    private final String captureId;
    private final List<VideoPart> parts = new ArrayList<>();
    private final Map<Integer, Path> files = new HashMap<>();
    private final Map<String, Path> fileByUrl = new HashMap<>();

    public KeptParts(ArchiveStore store, String captureId) {
        this.store = store;
        this.captureId = captureId;
    }

    /** Stores a fetched part (its hash already computed while it streamed) and lists it next. */
    public VideoPart add(PartDraft draft, Path file) throws StorageException {
        String key = store(draft.sha256(), file, draft.contentType());
        VideoPart part = draft.at(parts.size(), key);
        files.put(part.index(), file);
        if (draft.url() != null) {
            fileByUrl.putIfAbsent(draft.url(), file);
        }
        parts.add(part);
        return part;
    }

    /**
     * Stores a file write-once under its content key (skipping the PUT when the bytes are already there) and indexes it
     * by hash to this capture; also for the muxed file, which is derived from the parts and never one of them.
     *
     * @return the object key
     */
    public String store(String sha256, Path file, String contentType) throws StorageException {
        String key = ArchiveStore.contentKey(sha256);
        if (!store.exists(key)) {
            store.putEvidenceFile(key, file, contentType);
        }
        store.putBytesIfAbsent(ArchiveStore.contentIndexKey(sha256, captureId),
                ArchiveStore.videoProvenanceKey(captureId).getBytes(StandardCharsets.UTF_8), "text/plain");
        return key;
    }

    public List<VideoPart> parts() {
        return List.copyOf(parts);
    }

    public long bytes() {
        return parts.stream().mapToLong(VideoPart::size).sum();
    }

    public Path file(VideoPart part) {
        return files.get(part.index());
    }

    /** The local file of the part fetched from {@code url} (an AES key), if kept. */
    public Optional<Path> fileOf(String url) {
        return Optional.ofNullable(fileByUrl.get(url));
    }
}
