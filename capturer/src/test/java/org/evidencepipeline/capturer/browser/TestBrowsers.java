package org.evidencepipeline.capturer.browser;

import org.junit.jupiter.api.Assumptions;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import javax.imageio.ImageIO;

/** What the browser tests share: the installed Chromium, settings for a proxy, small pages. */
final class TestBrowsers {
    private TestBrowsers() {
    }

    static ChromiumInstall install() {
        Optional<ChromiumInstall> install = ChromiumInstall.locate(Optional.empty(), Optional.empty());
        Assumptions.assumeTrue(install.isPresent(), ChromiumInstall.MISSING);
        return install.get();
    }

    static BrowserSettings settings(PlainForwardProxy proxy, Path workDir, int maxScreenshotHeight, int restartAfterPages,
                                    long memoryCapBytes) {
        return new BrowserSettings(1280, 800, maxScreenshotHeight, Duration.ofMillis(200), restartAfterPages,
                memoryCapBytes, Optional.of("nobody"), proxy.hostPort(), List.of(), workDir);
    }

    static Path workDir() {
        try {
            return Files.createTempDirectory("browser-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] html(String body) {
        return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>t</title>"
                + "<style>body{margin:0;background:#fff}</style></head><body>" + body + "</body></html>")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] solidPng(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp dir
        }
    }
}
