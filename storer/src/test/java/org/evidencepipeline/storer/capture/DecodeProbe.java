package org.evidencepipeline.storer.capture;

import javax.imageio.ImageIO;
import java.nio.file.Path;

/**
 * Runs in a child JVM with a small heap (see {@link DecodeBombsAreBoundedInASmallHeapTest}): hashes each file with
 * the default limits, or ({@code naive}) decodes it whole as ImageIO would without bounds, and prints one line per
 * file. An OutOfMemoryError anywhere in {@code hash} mode ends the JVM with a non-zero status.
 */
public final class DecodeProbe {
    /** The defaults of application.properties (storer.image.*), repeated so the child needs no Quarkus. */
    static final PerceptualHash.Limits DEFAULTS = new PerceptualHash.Limits(32_768, 32_768, 100_000_000L, 128L * 1024 * 1024);

    private DecodeProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("max-heap\t" + Runtime.getRuntime().maxMemory());
        String mode = args[0];
        PerceptualHash hasher = new PerceptualHash(DEFAULTS);
        for (int i = 1; i < args.length; i += 2) {
            Path file = Path.of(args[i]);
            String type = args[i + 1];
            long started = System.nanoTime();
            String line;
            if (mode.equals("naive")) {
                try {
                    line = "decoded " + ImageIO.read(file.toFile());
                } catch (Throwable e) {
                    // ImageIO wraps an OutOfMemoryError of its reader in an IIOException
                    Throwable t = e;
                    while (t.getCause() != null && !(t instanceof OutOfMemoryError)) {
                        t = t.getCause();
                    }
                    line = t.getClass().getSimpleName();
                }
            } else {
                PerceptualHash.Result r = hasher.of(file, type);
                line = r instanceof PerceptualHash.Result.Hashed h ? "hashed " + h.hash()
                        : "unavailable " + ((PerceptualHash.Result.Unavailable) r).reason();
            }
            System.out.println(file.getFileName() + "\t" + (System.nanoTime() - started) / 1_000_000 + "\t" + line);
        }
    }
}
