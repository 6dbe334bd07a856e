package org.evidencepipeline.storer.capture;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The frame header (SOFn) of a JPEG file, found by walking its marker segments without decoding anything. ImageIO
 * does not say whether a JPEG is progressive, and a progressive one costs memory in proportion to its full size.
 *
 * @param progressive SOF2/SOF6/SOF10/SOF14: decoded from several scans over a whole-image coefficient buffer
 */
record JpegFrame(boolean progressive, int width, int height, int components) {
    /** Segments walked before giving up; each is at least 2 bytes, so a file cannot loop us. */
    private static final int MAX_SEGMENTS = 4096;

    static Optional<JpegFrame> read(Path file) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            if (in.readUnsignedByte() != 0xFF || in.readUnsignedByte() != 0xD8) {
                return Optional.empty();
            }
            for (int i = 0; i < MAX_SEGMENTS; i++) {
                int b = in.readUnsignedByte();
                if (b != 0xFF) {
                    return Optional.empty();
                }
                int marker;
                do {
                    marker = in.readUnsignedByte(); // fill bytes: any number of 0xFF
                } while (marker == 0xFF);
                if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                    continue; // markers without a length
                }
                if (marker == 0xDA || marker == 0xD9) {
                    return Optional.empty(); // start of scan or end of image before any frame header
                }
                int length = in.readUnsignedShort();
                if (length < 2) {
                    return Optional.empty();
                }
                if (isFrameHeader(marker)) {
                    in.readUnsignedByte(); // sample precision
                    int height = in.readUnsignedShort();
                    int width = in.readUnsignedShort();
                    int components = in.readUnsignedByte();
                    boolean progressive = marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE;
                    return Optional.of(new JpegFrame(progressive, width, height, components));
                }
                in.seek(in.getFilePointer() + length - 2);
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // truncated before its frame header: ImageIO reports it when it reads the header
        }
    }

    private static boolean isFrameHeader(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }
}
