package org.evidencepipeline.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-compatible server: S3Proxy with its filesystem backend, run as a child JVM so its own
 * libraries stay off the caller's classpath. Objects live under {@code dataDir/blobs}, so a
 * {@link #stop()} followed by {@link #start()} keeps them (an outage, not a wipe).
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "local-access-key";
    public static final String SECRET_KEY = "local-secret-key-0123456789";

    private final Path dataDir;
    private final Path jar;
    private final int port;
    private Process process;

    private S3ProxyServer(Path dataDir, Path jar, int port) {
        this.dataDir = dataDir;
        this.jar = jar;
        this.port = port;
    }

    /** Starts S3Proxy on a free loopback port, storing under {@code dataDir}. */
    public static S3ProxyServer start(Path dataDir) {
        S3ProxyServer server = new S3ProxyServer(dataDir, locateJar(), FreePorts.next());
        server.start();
        return server;
    }

    public static S3ProxyServer startInTempDir() {
        try {
            return start(Files.createTempDirectory("s3proxy"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The S3Proxy jar: {@code -Ds3proxy.jar=...} if given, else the copy the test-support build
     * placed in the local Maven repository.
     */
    public static Path locateJar() {
        String override = System.getProperty("s3proxy.jar");
        if (override != null && !override.isBlank()) {
            return existing(Path.of(override));
        }
        Properties p = new Properties();
        try (InputStream in = S3ProxyServer.class.getResourceAsStream("/evidence-pipeline-embedded-runtime.properties")) {
            if (in == null) {
                throw new IllegalStateException("test-support resources missing; rebuild with ./mvnw install -pl test-support");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return existing(Path.of(p.getProperty("s3proxy.jar")));
    }

    private static Path existing(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy jar not found at " + jar
                    + "; run ./mvnw -pl test-support package to fetch it from Maven Central");
        }
        return jar;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Where the filesystem backend keeps the objects: {@code blobs/<bucket>/<key>}. */
    public Path blobDir() {
        return dataDir.resolve("blobs");
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts (or restarts) the server process and waits until it answers HTTP. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            Files.createDirectories(blobDir());
            Path props = dataDir.resolve("s3proxy.properties");
            Properties p = new Properties();
            p.put("s3proxy.endpoint", endpoint());
            p.put("s3proxy.authorization", "aws-v2-or-v4");
            p.put("s3proxy.identity", ACCESS_KEY);
            p.put("s3proxy.credential", SECRET_KEY);
            p.put("jclouds.provider", "filesystem");
            p.put("jclouds.identity", ACCESS_KEY);
            p.put("jclouds.credential", SECRET_KEY);
            p.put("jclouds.filesystem.basedir", blobDir().toString());
            try (var out = Files.newBufferedWriter(props)) {
                p.store(out, "S3Proxy for the evidence pipeline");
            }
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Xmx256m");
            cmd.add("-jar");
            cmd.add(jar.toString());
            cmd.add("--properties");
            cmd.add(props.toString());
            Path log = dataDir.resolve("s3proxy.log");
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            awaitReady(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Proxy", e);
        }
    }

    /** Kills the server process, as an outage would; the stored objects stay on disk. */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitReady(Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + ": " + tail(log));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                int status = c.getResponseCode();
                c.disconnect();
                if (status > 0) {
                    return;
                }
            } catch (IOException notYet) {
                Pause.millis(100);
            }
        }
        stop();
        throw new IllegalStateException("S3Proxy did not answer within 60 s: " + tail(log));
    }

    private static String tail(Path log) throws IOException {
        String text = Files.exists(log) ? Files.readString(log) : "";
        return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    }
}
