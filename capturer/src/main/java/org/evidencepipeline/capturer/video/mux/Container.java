package org.evidencepipeline.capturer.video.mux;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The containers the muxer hands to ffmpeg, told from a track's first bytes. ffmpeg is told the demuxer
 * ({@code -f}) so that a stranger's file cannot pick another one: a playlist or concat list passed as a "segment"
 * would otherwise make ffmpeg open further files or URLs.
 */
enum Container {
    MPEGTS("mpegts", "ts"),
    MP4("mov", "mp4"),
    ADTS("aac", "aac"),
    MATROSKA("matroska", "mkv");

    private static final Set<String> MP4_BOXES = Set.of("ftyp", "styp", "moov", "moof", "sidx", "free", "mdat");
    private static final byte[] EBML = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3};

    final String demuxer;
    final String extension;

    Container(String demuxer, String extension) {
        this.demuxer = demuxer;
        this.extension = extension;
    }

    static Optional<Container> sniff(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(16);
        }
        return sniff(head);
    }

    static Optional<Container> sniff(byte[] head) {
        if (head.length >= 8 && MP4_BOXES.contains(new String(head, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1))) {
            return Optional.of(MP4);
        }
        if (head.length >= 1 && head[0] == 0x47) {
            return Optional.of(MPEGTS);
        }
        if (head.length >= 4 && Arrays.equals(Arrays.copyOf(head, 4), EBML)) {
            return Optional.of(MATROSKA);
        }
        // Packed audio: ADTS sync word, possibly after an ID3 tag carrying the HLS timestamp.
        if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xF6) == 0xF0
                || head.length >= 3 && head[0] == 'I' && head[1] == 'D' && head[2] == '3') {
            return Optional.of(ADTS);
        }
        return Optional.empty();
    }
}
