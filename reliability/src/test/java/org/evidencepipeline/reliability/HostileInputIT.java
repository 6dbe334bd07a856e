package org.evidencepipeline.reliability;

import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.CollectorDeadLetter;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.ProvenanceRecord;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.local.ServiceProcess;
import org.evidencepipeline.testsupport.S3ProxyServer;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input that reaches the pipeline from the outside, end to end through the real services: media that is
 * not what it says (an HTML page and a zip bomb served as image/jpeg, a PNG claiming 100,000 x 100,000 pixels),
 * a feed with invalid UTF-8, and feeds with absurd dates. Each ends in a clear outcome (a capture whose sniffed
 * type differs from the declared one, a dead letter with the reason, a post with the date as given), the
 * services keep running, and a valid post behind the hostile one still flows. Then the deployment's own
 * security: the REST APIs want the token, health stays open, secrets stay out of logs and command lines.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {
    static ReliabilityPipeline rp;
    static final EventCodec CODEC = new EventCodec();

    @BeforeAll
    static void start() {
        rp = new ReliabilityPipeline("hostile-input");
        rp.server().serve("/hostile/media.xml", emptyFeed("media"), "application/rss+xml");
        rp.server().serve("/hostile/utf8.xml", emptyFeed("utf8"), "application/rss+xml");
        rp.server().serve("/hostile/dates.xml", emptyFeed("dates"), "application/rss+xml");
        rp.source("hostile-media", "/hostile/media.xml");
        rp.source("hostile-utf8", "/hostile/utf8.xml");
        rp.source("hostile-dates", "/hostile/dates.xml");
        rp.start(Mode.with(Map.of()));
    }

    @AfterAll
    static void stop() {
        if (rp != null) {
            rp.close();
        }
    }

    @Test
    @Order(1)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void mediaThatLiesAboutItsTypeIsCapturedAsWhatItIs() throws Exception {
        byte[] html = "<!DOCTYPE html><html><head><title>Login</title></head><body>Please sign in</body></html>".getBytes(StandardCharsets.UTF_8);
        byte[] zipBomb = zipBomb(64 * 1024 * 1024);
        byte[] pixelBomb = pngClaiming(100_000, 100_000);
        byte[] photo = GeneratedFeed.image(new Random(99), "jpg");
        rp.server().serve("/hostile/html.jpg", html, "image/jpeg");
        rp.server().serve("/hostile/bomb.jpg", zipBomb, "image/jpeg");
        rp.server().serve("/hostile/pixels.png", pixelBomb, "image/png");
        rp.server().serve("/hostile/photo.jpg", photo, "image/jpeg");
        rp.server().serve("/hostile/media.xml", feed("media", List.of(
                item("hostile-html", "Сторінка замість фото", "2026-11-20T05:00:00Z", "/hostile/html.jpg"),
                item("hostile-zip", "Архів замість фото", "2026-11-20T05:01:00Z", "/hostile/bomb.jpg"),
                item("hostile-pixels", "Зображення-бомба", "2026-11-20T05:02:00Z", "/hostile/pixels.png"),
                item("hostile-after-media", "Звичайне фото після всього", "2026-11-20T05:03:00Z", "/hostile/photo.jpg"))), "application/rss+xml");
        Set<String> ids = Set.of("rss:hostile-html", "rss:hostile-zip", "rss:hostile-pixels", "rss:hostile-after-media");
        assertThat(ReliabilityPipeline.await(() -> rp.archivedIds("hostile-media").containsAll(ids), Duration.ofSeconds(120)))
                .as("all four archived").isTrue();
        Map<String, CaptureOutcome> capture = new HashMap<>();
        Map<String, PostArchived> records = new HashMap<>();
        for (PostArchived a : rp.archiveRecords("hostile-media")) {
            capture.put(a.postId(), a.captures().get(0));
            records.put(a.postId(), a);
        }
        assertThat(fetched(capture.get("rss:hostile-html"))).isEqualTo("text/html");
        assertThat(fetched(capture.get("rss:hostile-zip"))).isEqualTo("application/zip");
        assertThat(fetched(capture.get("rss:hostile-pixels"))).isEqualTo("image/png");
        assertThat(fetched(capture.get("rss:hostile-after-media"))).isEqualTo("image/jpeg");
        ProvenanceRecord htmlProvenance = records.get("rss:hostile-html").provenance().get(0);
        assertThat(htmlProvenance.declaredContentType()).isEqualTo("image/jpeg");
        assertThat(htmlProvenance.sniffedContentType()).isEqualTo("text/html");
        assertThat(records.get("rss:hostile-zip").provenance().get(0).size()).as("stored as served, never unpacked").isEqualTo(zipBomb.length);
        assertThat(records.get("rss:hostile-pixels").provenance().get(0).perceptualHash()).as("never decoded").isNull();
        assertThat(records.get("rss:hostile-after-media").provenance().get(0).perceptualHash()).matches("[0-9a-f]{16}");
        check("hostile-media", ids, "HTML page, zip bomb (" + zipBomb.length + " bytes, 64 MiB inflated) and 10^10-pixel PNG served as images");
    }

    @Test
    @Order(2)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aFeedWithInvalidUtf8IsAClearErrorAndTheSourceRecovers() throws Exception {
        byte[] good = feed("utf8", List.of(item("utf8-before", "Звичайний допис", "2026-11-20T05:00:00Z", null)));
        rp.server().serve("/hostile/utf8.xml", good, "application/rss+xml; charset=utf-8");
        assertThat(ReliabilityPipeline.await(() -> rp.archivedIds("hostile-utf8").contains("rss:utf8-before"), Duration.ofSeconds(90))).isTrue();

        // The next version of the feed carries bytes that are not UTF-8 in one item (a CMS writing Windows-1251).
        String xml = new String(feed("utf8", List.of(item("utf8-broken", "Зламане кодування MARK", "2026-11-20T05:01:00Z", null),
                item("utf8-before", "Звичайний допис", "2026-11-20T05:00:00Z", null))), StandardCharsets.UTF_8);
        byte[] broken = splice(xml.getBytes(StandardCharsets.UTF_8), "MARK".getBytes(StandardCharsets.US_ASCII),
                "Харків".getBytes(java.nio.charset.Charset.forName("windows-1251")));
        long brokenAt = System.currentTimeMillis();
        rp.server().serve("/hostile/utf8.xml", broken, "application/rss+xml; charset=utf-8");
        TopicProbe probe = rp.probe();
        boolean deadLettered = probe.readUntil(Topics.DEAD_LETTER_COLLECTOR,
                r -> r.stream().anyMatch(x -> "hostile-utf8-feed".equals(x.key())), Duration.ofSeconds(60)).complete();
        boolean collectedAnyway = rp.follower().arrivals(Topics.POSTS_COLLECTED, r -> "rss:utf8-broken".equals(r.key())).size() > 0;
        String outcome;
        if (deadLettered) {
            CollectorDeadLetter letter = CODEC.read(probe.readAll(Topics.DEAD_LETTER_COLLECTOR).stream()
                    .filter(x -> "hostile-utf8-feed".equals(x.key())).findFirst().orElseThrow().value(), CollectorDeadLetter.class);
            outcome = "collector dead letter: " + letter.reason();
        } else {
            outcome = collectedAnyway ? "collected" : "nothing";
        }
        rp.say("invalid UTF-8 feed: " + outcome);
        assertThat(deadLettered || collectedAnyway).as("a clear outcome for the broken feed: " + outcome).isTrue();

        // The publisher fixes the feed: the source recovers and the next post flows.
        rp.server().serve("/hostile/utf8.xml", feed("utf8", List.of(item("utf8-after", "Виправлений допис", "2026-11-20T05:02:00Z", null),
                item("utf8-before", "Звичайний допис", "2026-11-20T05:00:00Z", null))), "application/rss+xml; charset=utf-8");
        assertThat(ReliabilityPipeline.await(() -> rp.archivedIds("hostile-utf8").contains("rss:utf8-after"), Duration.ofSeconds(90))).isTrue();
        Set<String> ids = collectedAnyway ? Set.of("rss:utf8-before", "rss:utf8-broken", "rss:utf8-after") : Set.of("rss:utf8-before", "rss:utf8-after");
        check("hostile-utf8", ids, "feed with a Windows-1251 byte run in a UTF-8 feed: " + outcome);
    }

    @Test
    @Order(3)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void absurdDatesAreKeptAsGivenOrLeftOutAndNothingBreaks() throws Exception {
        rp.server().serve("/hostile/dates.xml", feed("dates", List.of(
                rfc822Item("date-9999", "Fri, 31 Dec 9999 23:59:59 +0000"),
                rfc822Item("date-epoch", "Thu, 01 Jan 1970 00:00:00 +0000"),
                rfc822Item("date-negative", "Sun, 01 Jan 1900 00:00:00 +0000"),
                rfc822Item("date-year-1", "Mon, 01 Jan 0001 00:00:00 +0000"),
                rfc822Item("date-garbage", "yesterday at noon, probably"),
                rfc822Item("date-after", "Fri, 20 Nov 2026 06:00:00 +0000"))), "application/rss+xml; charset=utf-8");
        Set<String> ids = Set.of("rss:date-9999", "rss:date-epoch", "rss:date-negative", "rss:date-year-1", "rss:date-garbage", "rss:date-after");
        assertThat(ReliabilityPipeline.await(() -> rp.archivedIds("hostile-dates").containsAll(ids), Duration.ofSeconds(120)))
                .as("every post archived, whatever its date").isTrue();
        Map<String, Optional<Instant>> published = new HashMap<>();
        for (TopicProbe.Read r : rp.probe().readAll(Topics.POSTS_COLLECTED)) {
            if (ids.contains(r.key())) {
                published.put(r.key(), Optional.ofNullable(CODEC.read(r.value(), PostCollected.class).publishedAt()));
            }
        }
        assertThat(published.get("rss:date-9999")).contains(Instant.parse("9999-12-31T23:59:59Z"));
        assertThat(published.get("rss:date-epoch")).contains(Instant.EPOCH);
        assertThat(published.get("rss:date-negative")).contains(Instant.parse("1900-01-01T00:00:00Z"));
        assertThat(published.get("rss:date-garbage")).as("an unreadable date is left out, the post kept").isEmpty();
        rp.say("year-1 date read as " + published.get("rss:date-year-1"));
        check("hostile-dates", ids, "pubDate in year 9999, 1970, 1900, year 1 and unreadable");
    }

    @Test
    @Order(4)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aPostLargerThanTheBrokerTakesIsDeadLetteredAndTheNewerPostsFlow() throws Exception {
        String huge = "Харків ".repeat(200_000);
        rp.server().serve("/hostile/huge.xml", feed("huge", List.of(
                item("huge-after", "Звичайний допис після великого", "2026-11-20T05:10:00Z", null),
                rfc822("huge-post", "Дуже довгий допис", "Fri, 20 Nov 2026 05:05:00 +0000", "").replace(
                        "Вночі над Харковом працювала ППО. Ночью над Харьковом работала ПВО.", huge),
                item("huge-before", "Звичайний допис перед великим", "2026-11-20T05:00:00Z", null))), "application/rss+xml; charset=utf-8");
        rp.server().serve("/hostile/utf8.xml", feed("utf8", List.of()), "application/rss+xml"); // quiet the other source
        // A collection added over the API (the collector polls it at once); the token opens the API.
        String body = "{\"id\":\"hostile-huge\",\"sources\":[{\"id\":\"hostile-huge-feed\",\"type\":\"rss\",\"url\":\""
                + rp.server().url("/hostile/huge.xml") + "\",\"interval\":\"PT1S\"}]}";
        HttpResponse<String> created = rp.post("collector", "/collections", body, rp.pipeline().adminToken());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Set<String> ids = Set.of("rss:huge-before", "rss:huge-after");
        assertThat(ReliabilityPipeline.await(() -> rp.archivedIds("hostile-huge").containsAll(ids), Duration.ofSeconds(120)))
                .as("the posts around it are archived").isTrue();
        List<TopicProbe.Read> dead = rp.probe().readUntil(Topics.DEAD_LETTER_COLLECTOR,
                r -> r.stream().anyMatch(x -> "hostile-huge-feed".equals(x.key())), Duration.ofSeconds(30)).records().stream()
                .filter(x -> "hostile-huge-feed".equals(x.key())).toList();
        assertThat(dead).hasSize(1);
        assertThat(CODEC.read(dead.get(0).value(), CollectorDeadLetter.class).reason()).contains("rss:huge-post").contains("cannot be published");
        check("hostile-huge", ids, "a 2.6 MB post in a feed (the broker takes 1 MiB), between two ordinary posts: dead-lettered by the collector");
    }

    @Test
    @Order(5)
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theRestApisWantTheTokenAndSecretsStayOutOfLogsAndCommandLines() throws Exception {
        String token = rp.pipeline().adminToken();
        String reader = rp.pipeline().readerToken();
        Map<String, String> guarded = Map.of("collector", "/collections", "enricher", "/feeds/Bad%20Id/stream",
                "storer", "/verify/collections/hostile-media");
        for (Map.Entry<String, String> e : guarded.entrySet()) {
            HttpResponse<String> open = rp.get(e.getKey(), e.getValue(), null);
            assertThat(open.statusCode()).as(e.getKey() + " without a token").isEqualTo(401);
            assertThat(open.body()).contains("\"error\"");
            assertThat(rp.get(e.getKey(), e.getValue(), "not-the-token").statusCode()).isEqualTo(401);
            assertThat(rp.get(e.getKey(), e.getValue(), token).statusCode()).as(e.getKey() + " with the token").isIn(200, 400);
            // The reader token reads feeds, archive and verify, and gets 403 from the collector (admin only).
            assertThat(rp.get(e.getKey(), e.getValue(), reader).statusCode()).as(e.getKey() + " with the reader token")
                    .isIn(e.getKey().equals("collector") ? List.of(403) : List.of(200, 400));
            assertThat(rp.get(e.getKey(), "/q/health/ready", null).statusCode()).isEqualTo(200);
            assertThat(rp.get(e.getKey(), "/q/metrics", null).statusCode()).isEqualTo(200);
        }
        assertThat(rp.get("storer", "/archive/collections/hostile-media", token).body()).contains("rss:hostile-html");
        assertThat(Files.readString(rp.pipeline().adminTokenFile()).strip()).isEqualTo(token);
        assertThat(Files.readString(rp.pipeline().readerTokenFile()).strip()).isEqualTo(reader);

        for (ServiceProcess s : rp.pipeline().services()) {
            String log = rp.serviceLog(s.name());
            assertThat(log).as(s.name() + " log").isNotEmpty().doesNotContain(token).doesNotContain(reader).doesNotContain(S3ProxyServer.SECRET_KEY)
                    .doesNotContain(S3ProxyServer.ACCESS_KEY);
            Path cmdline = Path.of("/proc", Long.toString(s.pid()), "cmdline");
            if (Files.isReadable(cmdline)) {
                String cmd = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
                assertThat(cmd).as(s.name() + " command line").contains("quarkus-run.jar").doesNotContain(token).doesNotContain(reader)
                        .doesNotContain(S3ProxyServer.SECRET_KEY);
            }
        }
    }

    private static void check(String collection, Set<String> ids, String what) throws Exception {
        InvariantChecker.Report report = rp.checker().check(ids, List.of(collection));
        Figures.record(collection, what, report, Map.of("services", rp.serviceHealth().toString()));
        assertThat(report.problems()).as(report.summary()).isEmpty();
        assertThat(rp.serviceHealth()).as("every service is running").allSatisfy((name, state) -> assertThat(state).isEqualTo("UP"));
    }

    private static String fetched(CaptureOutcome c) {
        if (c instanceof CaptureOutcome.Stored s) {
            return s.contentType();
        }
        if (c instanceof CaptureOutcome.Duplicate d) {
            return d.contentType();
        }
        return c.toString();
    }

    private static String item(String guid, String title, String published, String mediaPath) {
        String media = mediaPath == null ? "" : "      <media:content url=\"" + rp.server().url(mediaPath) + "\" type=\"image/jpeg\" medium=\"image\"/>\n";
        return rfc822(guid, title, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.parse(published).atOffset(java.time.ZoneOffset.UTC)), media);
    }

    private static String rfc822Item(String guid, String pubDate) {
        return rfc822(guid, "Дата: " + pubDate, pubDate, "");
    }

    private static String rfc822(String guid, String title, String pubDate, String media) {
        return "    <item>\n      <title>" + title + "</title>\n      <link>https://kharkiv.example.org/news/" + guid + "</link>\n"
                + "      <guid isPermaLink=\"false\">" + guid + "</guid>\n      <pubDate>" + pubDate + "</pubDate>\n"
                + "      <description>Вночі над Харковом працювала ППО. Ночью над Харьковом работала ПВО.</description>\n" + media + "    </item>\n";
    }

    private static byte[] emptyFeed(String name) {
        return feed(name, List.of());
    }

    private static byte[] feed(String name, List<String> items) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:media=\"http://search.yahoo.com/mrss/\">\n"
                + "  <channel>\n    <title>Hostile " + name + "</title>\n    <link>https://kharkiv.example.org/</link>\n"
                + "    <description>hostile input</description>\n" + String.join("", items) + "  </channel>\n</rss>\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] splice(byte[] bytes, byte[] mark, byte[] replacement) {
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        String m = new String(mark, StandardCharsets.ISO_8859_1);
        int at = s.indexOf(m);
        assertThat(at).isPositive();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, at);
        out.write(replacement, 0, replacement.length);
        out.write(bytes, at + mark.length, bytes.length - at - mark.length);
        return out.toByteArray();
    }

    /** A zip holding one file of {@code inflated} zero bytes: a few KiB on the wire. */
    static byte[] zipBomb(int inflated) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                zip.setLevel(Deflater.BEST_COMPRESSION);
                zip.putNextEntry(new ZipEntry("photo.jpg"));
                byte[] zeros = new byte[1024 * 1024];
                for (int i = 0; i < inflated / zeros.length; i++) {
                    zip.write(zeros);
                }
                zip.closeEntry();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid PNG header declaring {@code width} x {@code height} pixels, with a tiny (truncated) image body. */
    static byte[] pngClaiming(int width, int height) {
        try {
            BufferedImage tiny = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(tiny, "png", out);
            byte[] png = out.toByteArray();
            // IHDR starts at byte 8: length(4) "IHDR"(4) width(4) height(4) ...; rewrite the size and the chunk's CRC.
            ByteBuffer b = ByteBuffer.wrap(png);
            b.putInt(16, width);
            b.putInt(20, height);
            CRC32 crc = new CRC32();
            crc.update(png, 12, 17);
            b.putInt(29, (int) crc.getValue());
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
