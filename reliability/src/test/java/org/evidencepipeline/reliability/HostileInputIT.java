package org.evidencepipeline.reliability;

import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.CollectorDeadLetter;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostIds;
import org.evidencepipeline.contracts.ProvenanceRecord;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.local.ServiceProcess;
import org.evidencepipeline.embedded.S3ProxyServer;
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
 * a feed with invalid UTF-8, feeds with absurd dates, and decode bombs among good posts (a 1,000,000 x 1 PNG, a
 * progressive JPEG declaring 10,000 x 9,000, a GIF of 2,000 frames). Each ends in a clear outcome (a capture whose sniffed
 * type differs from the declared one, a dead letter with the reason, a post with the date as given), the
 * services keep running, and a valid post behind the hostile one still flows. Then the deployment's own
 * security: the REST APIs want the token, health stays open, secrets stay out of logs and command lines.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {
    static final String MEDIA_FEED = "/hostile/media.xml";
    static final String UTF8_FEED = "/hostile/utf8.xml";
    static final String DATES_FEED = "/hostile/dates.xml";
    static final String HUGE_FEED = "/hostile/huge.xml";
    static final String BOMB_FEED = "hostile-bombs";
    static final int BOMB_POSTS = 60;
    static ReliabilityPipeline rp;
    static final EventCodec CODEC = new EventCodec();

    @BeforeAll
    static void start() {
        rp = new ReliabilityPipeline("hostile-input");
        rp.server().serve(MEDIA_FEED, emptyFeed("media"), "application/rss+xml");
        rp.server().serve(UTF8_FEED, emptyFeed("utf8"), "application/rss+xml");
        rp.server().serve(DATES_FEED, emptyFeed("dates"), "application/rss+xml");
        rp.source("hostile-media", MEDIA_FEED);
        rp.source("hostile-utf8", UTF8_FEED);
        rp.source("hostile-dates", DATES_FEED);
        rp.feed(BOMB_FEED, BOMB_POSTS);
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
        rp.server().serve(MEDIA_FEED, feed("media", List.of(
                item("hostile-html", "Сторінка замість фото", "2026-11-20T05:00:00Z", "/hostile/html.jpg"),
                item("hostile-zip", "Архів замість фото", "2026-11-20T05:01:00Z", "/hostile/bomb.jpg"),
                item("hostile-pixels", "Зображення-бомба", "2026-11-20T05:02:00Z", "/hostile/pixels.png"),
                item("hostile-after-media", "Звичайне фото після всього", "2026-11-20T05:03:00Z", "/hostile/photo.jpg"))), "application/rss+xml");
        Set<String> ids = Set.of(id(MEDIA_FEED, "hostile-html"), id(MEDIA_FEED, "hostile-zip"), id(MEDIA_FEED, "hostile-pixels"), id(MEDIA_FEED, "hostile-after-media"));
        assertThat(ReliabilityPipeline.await(() -> rp.archivedIds("hostile-media").containsAll(ids), Duration.ofSeconds(120)))
                .as("all four archived").isTrue();
        Map<String, CaptureOutcome> capture = new HashMap<>();
        Map<String, PostArchived> records = new HashMap<>();
        for (PostArchived a : rp.archiveRecords("hostile-media")) {
            capture.put(a.postId(), a.captures().get(0));
            records.put(a.postId(), a);
        }
        assertThat(fetched(capture.get(id(MEDIA_FEED, "hostile-html")))).isEqualTo("text/html");
        assertThat(fetched(capture.get(id(MEDIA_FEED, "hostile-zip")))).isEqualTo("application/zip");
        assertThat(fetched(capture.get(id(MEDIA_FEED, "hostile-pixels")))).isEqualTo("image/png");
        assertThat(fetched(capture.get(id(MEDIA_FEED, "hostile-after-media")))).isEqualTo("image/jpeg");
        ProvenanceRecord htmlProvenance = records.get(id(MEDIA_FEED, "hostile-html")).provenance().get(0);
        assertThat(htmlProvenance.declaredContentType()).isEqualTo("image/jpeg");
        assertThat(htmlProvenance.sniffedContentType()).isEqualTo("text/html");
        assertThat(records.get(id(MEDIA_FEED, "hostile-zip")).provenance().get(0).size()).as("stored as served, never unpacked").isEqualTo(zipBomb.length);
        assertThat(records.get(id(MEDIA_FEED, "hostile-pixels")).provenance().get(0).perceptualHash()).as("never decoded").isNull();
        assertThat(records.get(id(MEDIA_FEED, "hostile-pixels")).provenance().get(0).perceptualHashUnavailable())
                .as("the reason instead of a hash").contains("100000x100000").contains("decode limit");
        assertThat(records.get(id(MEDIA_FEED, "hostile-after-media")).provenance().get(0).perceptualHash()).matches("[0-9a-f]{16}");
        check("hostile-media", ids, "HTML page, zip bomb (" + zipBomb.length + " bytes, 64 MiB inflated) and 10^10-pixel PNG served as images");
    }

    @Test
    @Order(2)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aFeedWithInvalidUtf8IsAClearErrorAndTheSourceRecovers() throws Exception {
        byte[] good = feed("utf8", List.of(item("utf8-before", "Звичайний допис", "2026-11-20T05:00:00Z", null)));
        rp.server().serve(UTF8_FEED, good, "application/rss+xml; charset=utf-8");
        assertThat(ReliabilityPipeline.await(() -> rp.archivedIds("hostile-utf8").contains(id(UTF8_FEED, "utf8-before")), Duration.ofSeconds(90))).isTrue();

        // The next version of the feed carries bytes that are not UTF-8 in one item (a CMS writing Windows-1251).
        String xml = new String(feed("utf8", List.of(item("utf8-broken", "Зламане кодування MARK", "2026-11-20T05:01:00Z", null),
                item("utf8-before", "Звичайний допис", "2026-11-20T05:00:00Z", null))), StandardCharsets.UTF_8);
        byte[] broken = splice(xml.getBytes(StandardCharsets.UTF_8), "MARK".getBytes(StandardCharsets.US_ASCII),
                "Харків".getBytes(java.nio.charset.Charset.forName("windows-1251")));
        long brokenAt = System.currentTimeMillis();
        rp.server().serve(UTF8_FEED, broken, "application/rss+xml; charset=utf-8");
        TopicProbe probe = rp.probe();
        boolean deadLettered = probe.readUntil(Topics.DEAD_LETTER_COLLECTOR,
                r -> r.stream().anyMatch(x -> "hostile-utf8-feed".equals(x.key())), Duration.ofSeconds(60)).complete();
        boolean collectedAnyway = rp.follower().arrivals(Topics.POSTS_COLLECTED, r -> id(UTF8_FEED, "utf8-broken").equals(r.key())).size() > 0;
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
        rp.server().serve(UTF8_FEED, feed("utf8", List.of(item("utf8-after", "Виправлений допис", "2026-11-20T05:02:00Z", null),
                item("utf8-before", "Звичайний допис", "2026-11-20T05:00:00Z", null))), "application/rss+xml; charset=utf-8");
        assertThat(ReliabilityPipeline.await(() -> rp.archivedIds("hostile-utf8").contains(id(UTF8_FEED, "utf8-after")), Duration.ofSeconds(90))).isTrue();
        Set<String> ids = collectedAnyway ? Set.of(id(UTF8_FEED, "utf8-before"), id(UTF8_FEED, "utf8-broken"), id(UTF8_FEED, "utf8-after")) : Set.of(id(UTF8_FEED, "utf8-before"), id(UTF8_FEED, "utf8-after"));
        check("hostile-utf8", ids, "feed with a Windows-1251 byte run in a UTF-8 feed: " + outcome);
    }

    @Test
    @Order(3)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void absurdDatesAreKeptAsGivenOrLeftOutAndNothingBreaks() throws Exception {
        rp.server().serve(DATES_FEED, feed("dates", List.of(
                rfc822Item("date-9999", "Fri, 31 Dec 9999 23:59:59 +0000"),
                rfc822Item("date-epoch", "Thu, 01 Jan 1970 00:00:00 +0000"),
                rfc822Item("date-negative", "Sun, 01 Jan 1900 00:00:00 +0000"),
                rfc822Item("date-year-1", "Mon, 01 Jan 0001 00:00:00 +0000"),
                rfc822Item("date-garbage", "yesterday at noon, probably"),
                rfc822Item("date-after", "Fri, 20 Nov 2026 06:00:00 +0000"))), "application/rss+xml; charset=utf-8");
        Set<String> ids = Set.of(id(DATES_FEED, "date-9999"), id(DATES_FEED, "date-epoch"), id(DATES_FEED, "date-negative"), id(DATES_FEED, "date-year-1"), id(DATES_FEED, "date-garbage"), id(DATES_FEED, "date-after"));
        assertThat(ReliabilityPipeline.await(() -> rp.archivedIds("hostile-dates").containsAll(ids), Duration.ofSeconds(120)))
                .as("every post archived, whatever its date").isTrue();
        Map<String, Optional<Instant>> published = new HashMap<>();
        for (TopicProbe.Read r : rp.probe().readAll(Topics.POSTS_COLLECTED)) {
            if (ids.contains(r.key())) {
                published.put(r.key(), Optional.ofNullable(CODEC.read(r.value(), PostCollected.class).publishedAt()));
            }
        }
        assertThat(published.get(id(DATES_FEED, "date-9999"))).contains(Instant.parse("9999-12-31T23:59:59Z"));
        assertThat(published.get(id(DATES_FEED, "date-epoch"))).contains(Instant.EPOCH);
        assertThat(published.get(id(DATES_FEED, "date-negative"))).contains(Instant.parse("1900-01-01T00:00:00Z"));
        assertThat(published.get(id(DATES_FEED, "date-garbage"))).as("an unreadable date is left out, the post kept").isEmpty();
        rp.say("year-1 date read as " + published.get(id(DATES_FEED, "date-year-1")));
        check("hostile-dates", ids, "pubDate in year 9999, 1970, 1900, year 1 and unreadable");
    }

    @Test
    @Order(4)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aPostLargerThanTheBrokerTakesIsDeadLetteredAndTheNewerPostsFlow() throws Exception {
        String huge = "Харків ".repeat(200_000);
        rp.server().serve(HUGE_FEED, feed("huge", List.of(
                item("huge-after", "Звичайний допис після великого", "2026-11-20T05:10:00Z", null),
                rfc822("huge-post", "Дуже довгий допис", "Fri, 20 Nov 2026 05:05:00 +0000", "").replace(
                        "Вночі над Харковом працювала ППО. Ночью над Харьковом работала ПВО.", huge),
                item("huge-before", "Звичайний допис перед великим", "2026-11-20T05:00:00Z", null))), "application/rss+xml; charset=utf-8");
        rp.server().serve(UTF8_FEED, feed("utf8", List.of()), "application/rss+xml"); // quiet the other source
        // A collection added over the API (the collector polls it at once); the token opens the API.
        String body = "{\"id\":\"hostile-huge\",\"sources\":[{\"id\":\"hostile-huge-feed\",\"type\":\"rss\",\"url\":\""
                + rp.server().url(HUGE_FEED) + "\",\"interval\":\"PT1S\"}]}";
        HttpResponse<String> created = rp.post("collector", "/collections", body, rp.pipeline().adminToken());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Set<String> ids = Set.of(id(HUGE_FEED, "huge-before"), id(HUGE_FEED, "huge-after"));
        assertThat(ReliabilityPipeline.await(() -> rp.archivedIds("hostile-huge").containsAll(ids), Duration.ofSeconds(120)))
                .as("the posts around it are archived").isTrue();
        List<TopicProbe.Read> dead = rp.probe().readUntil(Topics.DEAD_LETTER_COLLECTOR,
                r -> r.stream().anyMatch(x -> "hostile-huge-feed".equals(x.key())), Duration.ofSeconds(30)).records().stream()
                .filter(x -> "hostile-huge-feed".equals(x.key())).toList();
        assertThat(dead).hasSize(1);
        assertThat(CODEC.read(dead.get(0).value(), CollectorDeadLetter.class).reason()).contains(id(HUGE_FEED, "huge-post")).contains("cannot be published");
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
        assertThat(rp.get("storer", "/archive/collections/hostile-media", reader).body()).contains(id(MEDIA_FEED, "hostile-html"));
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

    /**
     * Decode bombs among ordinary posts: images that are small on the wire and valid up to their header, but whose
     * decode used to take the storer's whole heap (OutOfMemoryError, the process gone and every post behind them
     * stuck). Now the storer reads each header, bounds the decode and stores the bytes with the reason instead of a
     * hash; the one process handles every post.
     */
    @Test
    @Order(6)
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void decodeBombsInAStreamOfGoodPostsAreStoredWithoutAHashAndTheStorerSurvives() throws Exception {
        GeneratedFeed feed = rp.feedOf(BOMB_FEED);
        ServiceProcess storer = rp.pipeline().running("storer");
        long storerPid = storer.pid();
        byte[] wide = wideGrayPng(1_000_000);
        byte[] progressive = progressiveJpegClaiming(10_000, 9_000);
        byte[] frame = GeneratedFeed.image(new Random(7), "png");
        byte[] animated = gif(frame, 2_000);
        byte[] still = gif(frame, 1);
        // Each bomb replaces one post's picture; the still GIF (the animation's first frame alone) is a good post.
        Map<Integer, String> bombs = new LinkedHashMap<>();
        bombs.put(10, "wide.png");
        bombs.put(25, "progressive.jpg");
        bombs.put(40, "animated.gif");
        feed.replaceMedia(10, "wide.png", wide);
        feed.replaceMedia(25, "progressive.jpg", progressive);
        feed.replaceMedia(40, "animated.gif", animated);
        feed.replaceMedia(41, "still.gif", still);
        Map<String, String> bombIds = new LinkedHashMap<>();
        bombs.forEach((i, name) -> bombIds.put(feed.items().get(i).postId(), name));
        String stillId = feed.items().get(41).postId();

        long started = System.currentTimeMillis();
        feed.grow(10, 500);
        Set<String> ids = Set.copyOf(feed.postIds());
        boolean alive = true;
        long deadline = System.currentTimeMillis() + Duration.ofSeconds(150).toMillis();
        while (!rp.archivedIds(BOMB_FEED).containsAll(ids) && System.currentTimeMillis() < deadline) {
            ServiceProcess now = rp.pipeline().running("storer");
            alive &= now.isAlive() && now.pid() == storerPid;
            TopicFollower.sleep(200);
        }
        long allArchived = rp.allArchivedAt(ids);
        assertThat(alive).as("the storer process stayed up, pid " + storerPid + ", the whole time").isTrue();
        assertThat(rp.archivedIds(BOMB_FEED)).as("every post archived").containsAll(ids);
        assertThat(rp.pipeline().running("storer").pid()).as("never restarted").isEqualTo(storerPid);
        assertThat(rp.serviceLog("storer")).as("storer log").doesNotContain("OutOfMemoryError");

        Map<String, ProvenanceRecord> firstProvenance = new HashMap<>();
        Map<String, List<ProvenanceRecord>> provenance = new HashMap<>();
        for (PostArchived a : rp.archiveRecords(BOMB_FEED)) {
            assertThat(a.captures()).as(a.postId() + " captures").allSatisfy(c -> assertThat(fetched(c)).startsWith("image/"));
            provenance.put(a.postId(), a.provenance());
            firstProvenance.put(a.postId(), a.provenance().get(0));
        }
        ProvenanceRecord widePng = firstProvenance.get(feed.items().get(10).postId());
        ProvenanceRecord progressiveJpeg = firstProvenance.get(feed.items().get(25).postId());
        ProvenanceRecord animatedGif = firstProvenance.get(feed.items().get(40).postId());
        ProvenanceRecord stillGif = firstProvenance.get(stillId);
        assertThat(widePng.size()).as("stored as served").isEqualTo(wide.length);
        assertThat(widePng.perceptualHash()).isNull();
        assertThat(widePng.perceptualHashUnavailable()).contains("1000000x1").contains("decode limit");
        assertThat(progressiveJpeg.size()).isEqualTo(progressive.length);
        assertThat(progressiveJpeg.perceptualHash()).isNull();
        assertThat(progressiveJpeg.perceptualHashUnavailable()).contains("10000x9000").contains("progressive JPEG").contains("decode limit");
        // 2,000 frames, only the first read: the animation hashes like its first frame alone.
        assertThat(animatedGif.size()).isEqualTo(animated.length);
        assertThat(stillGif.perceptualHash()).matches("[0-9a-f]{16}");
        assertThat(animatedGif.perceptualHash()).as("the first frame's hash").isEqualTo(stillGif.perceptualHash());
        assertThat(animatedGif.perceptualHashUnavailable()).isNull();
        Set<String> nullHashBombs = Set.of(feed.items().get(10).postId(), feed.items().get(25).postId());
        provenance.forEach((postId, records) -> {
            if (!nullHashBombs.contains(postId)) {
                assertThat(records).as(postId + ": a good post's pictures are hashed")
                        .allSatisfy(p -> assertThat(p.perceptualHash()).matches("[0-9a-f]{16}"));
            }
        });

        InvariantChecker.Report report = rp.checker().check(ids, List.of(BOMB_FEED));
        String took = Figures.seconds(allArchived < 0 ? -1 : allArchived - started);
        rp.say("decode bombs: " + ids.size() + " posts archived " + took + " after the feed began to grow (10 posts every 0.5 s), storer pid "
                + storerPid + " throughout; reasons: "
                + widePng.perceptualHashUnavailable() + " | " + progressiveJpeg.perceptualHashUnavailable());
        Figures.record(BOMB_FEED, "decode bombs among " + (ids.size() - bombs.size()) + " good posts: PNG 1,000,000 x 1 px ("
                        + wide.length + " bytes), progressive JPEG declaring 10,000 x 9,000 (" + progressive.length + " bytes), GIF of 2,000 frames ("
                        + animated.length + " bytes)", report,
                Map.of("all archived after", took, "storer", "pid " + storerPid + " throughout, no restart"));
        assertThat(report.problems()).as(report.summary()).isEmpty();
        assertThat(rp.serviceHealth()).as("every service is running").allSatisfy((name, state) -> assertThat(state).isEqualTo("UP"));
    }

    private static void check(String collection, Set<String> ids, String what) throws Exception {
        InvariantChecker.Report report = rp.checker().check(ids, List.of(collection));
        Figures.record(collection, what, report, Map.of("services", rp.serviceHealth().toString()));
        assertThat(report.problems()).as(report.summary()).isEmpty();
        assertThat(rp.serviceHealth()).as("every service is running").allSatisfy((name, state) -> assertThat(state).isEqualTo("UP"));
    }

    /** The post id the collector gives entry {@code guid} of the feed served at {@code feedPath}. */
    private static String id(String feedPath, String guid) {
        return PostIds.rss(rp.server().url(feedPath), guid).toString();
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

    /** A valid, compressed, single-row grayscale PNG {@code width} pixels wide: a few KiB, a legal pixel count. */
    static byte[] wideGrayPng(int width) {
        BufferedImage row = new BufferedImage(width, 1, BufferedImage.TYPE_BYTE_GRAY);
        return write(row, "png");
    }

    /** A small progressive JPEG whose SOF2 header is rewritten to declare {@code width} x {@code height} pixels. */
    static byte[] progressiveJpegClaiming(int width, int height) {
        try {
            BufferedImage tiny = ImageIO.read(new java.io.ByteArrayInputStream(GeneratedFeed.image(new Random(3), "jpg")));
            javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (javax.imageio.stream.ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(ios);
                writer.write(null, new javax.imageio.IIOImage(tiny, null, null), param);
            } finally {
                writer.dispose();
            }
            byte[] jpeg = out.toByteArray();
            for (int i = 2; i + 8 < jpeg.length; i++) {
                if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC2) {
                    // FF C2, length (2), precision (1), height (2), width (2)
                    ByteBuffer.wrap(jpeg).putShort(i + 5, (short) height).putShort(i + 7, (short) width);
                    return jpeg;
                }
            }
            throw new IllegalStateException("the JPEG writer wrote no SOF2 (progressive) frame");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A GIF of {@code frames} copies of {@code png}'s picture (converted once to the default 256-colour palette). */
    static byte[] gif(byte[] png, int frames) {
        try {
            BufferedImage rgb = ImageIO.read(new java.io.ByteArrayInputStream(png));
            BufferedImage picture = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_BYTE_INDEXED);
            java.awt.Graphics2D g = picture.createGraphics();
            g.drawImage(rgb, 0, 0, null);
            g.dispose();
            javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (javax.imageio.stream.ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(ios);
                writer.prepareWriteSequence(null);
                for (int f = 0; f < frames; f++) {
                    writer.writeToSequence(new javax.imageio.IIOImage(picture, null, null), null);
                }
                writer.endWriteSequence();
            } finally {
                writer.dispose();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
