package org.evidencepipeline.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Fixed sample events (Ukrainian text, one image) used by the golden-JSON tests. */
final class SampleEvents {
    static final ToolInfo COLLECTOR = new ToolInfo("collector", "0.1.0", "3f1c");
    static final String IMAGE_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String IMAGE_SHA512 = "ee26b0dd4af7e749aa1a8ee3c10ae9923f618980772e473f8819a5d4940e0db27ac185f8a0e1d5f84f88bc887fd67b143732c304cc5fa9ad8e6f57f50028a8ff";

    static PostCollected collected() {
        return new PostCollected(1, "rss:https://news.example.org/kharkiv/1", "rss", "https://news.example.org/kharkiv/1", 1,
                "demo-news", List.of("kharkiv-watch"), "https://news.example.org/kharkiv/1",
                new Author(null, "Редакція", "https://news.example.org/"),
                "Обстріл Харкова", "Вранці у Харкові пролунали вибухи, повідомляє міська влада. #Харків",
                "uk", Instant.parse("2026-11-20T06:15:00Z"), Instant.parse("2026-11-20T06:16:03.120Z"),
                List.of(new MediaRef("https://news.example.org/img/1.jpg", "image/jpeg", null)),
                new GeoPoint(49.9935, 36.2304),
                "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", COLLECTOR, source());
    }

    static final String FETCH_ID = "7d1a54127b222502f5b79b5fb0803061152a44f92b37e23c6527baf665d4da9a";

    static SourceEvidence source() {
        return new SourceEvidence(FETCH_ID, "fetches/7d/" + FETCH_ID + ".warc.gz", "urn:uuid:4c1f0a9e-7b65-3c41-8d2a-51f0e6b7c3d2",
                "https://news.example.org/kharkiv/feed.xml", Instant.parse("2026-11-20T06:16:02.870Z"),
                Instant.parse("2026-11-20T06:16:03.010Z"), 200, "203.0.113.9",
                List.of("8a7c6b5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b"),
                "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d", 18342, SourceEvidence.XML_ELEMENT, 1207, 1533,
                "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb");
    }

    static PostProvenance postProvenance() {
        ToolInfo storer = new ToolInfo("storer", "0.1.0", "77aa");
        String normalised = "fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9";
        String id = PostProvenance.idFor("rss:https://news.example.org/kharkiv/1", 1, source().itemSha256());
        return new PostProvenance(1, PostProvenance.KIND, id, "rss:https://news.example.org/kharkiv/1", 1, "rss",
                "https://news.example.org/kharkiv/1", "demo-news", List.of("kharkiv-watch"), "https://news.example.org/kharkiv/1",
                source(), COLLECTOR, new KafkaCoordinates(Topics.POSTS_ENRICHED, 0, 41), "archive",
                "posts/rss/5a1e/1-" + normalised + ".json", normalised, Instant.parse("2026-11-20T06:16:04.290Z"), storer,
                "4bf92f3577b34da6a3ce929d0e0e4736", PostProvenance.prov(normalised, id, storer, source().itemSha256()));
    }

    static PostEnriched enriched() {
        return new PostEnriched(1, collected(), new LanguageTag("uk", 0.97, "ru", "uk", "lingua-1.2.2"),
                List.of("харків"), List.of(), List.of("https://t.co/x7kq2"), Map.of("https://t.co/x7kq2", "https://news.example.org/kharkiv/1"),
                "fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9", "8f3a0c11d2e4b590",
                Instant.parse("2026-11-20T06:16:03.400Z"), new ToolInfo("enricher", "0.1.0", "a0b1"));
    }

    static ProvenanceRecord provenance() {
        ToolInfo storer = new ToolInfo("storer", "0.1.0", "77aa");
        String captureId = "2f0a2c6e-5d43-3a8e-9b1c-0c6f2f7d9a11";
        return new ProvenanceRecord(1, captureId, "rss:https://news.example.org/kharkiv/1", "rss",
                "https://news.example.org/kharkiv/1", List.of("kharkiv-watch"),
                "https://news.example.org/img/1.jpg", "https://cdn.example.org/img/1.jpg",
                List.of("https://cdn.example.org/img/1.jpg"), "203.0.113.7", 200,
                Map.of("content-type", List.of("image/jpeg"), "content-length", List.of("48213")),
                List.of("5f6d0c2b1b1a0e4f8c7e6d5c4b3a2918171615141312111009080706050403ff"),
                Instant.parse("2026-11-20T06:16:04Z"), Instant.parse("2026-11-20T06:16:04.250Z"),
                IMAGE_SHA256, IMAGE_SHA512, "f0e4c2d2c8c8e0f0", null, 48213, "image/jpeg", "image/jpeg", "archive",
                "sha256/9f/86/" + IMAGE_SHA256, "warc/" + captureId + ".warc.gz", new KafkaCoordinates(Topics.POSTS_ENRICHED, 0, 41), storer,
                "4bf92f3577b34da6a3ce929d0e0e4736", ProvenanceRecord.Prov.of(IMAGE_SHA256, captureId, storer,
                "https://cdn.example.org/img/1.jpg"));
    }

    static PostArchived archived() {
        ProvenanceRecord p = provenance();
        return new PostArchived(1, p.postId(), 1, List.of("kharkiv-watch"), "archive",
                "posts/rss/5a1e/1-" + "fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9" + ".json",
                "fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9",
                List.of(new CaptureOutcome.Stored(p.mediaUrl(), p.captureId(), p.sha256(), p.size(), "image/jpeg",
                                p.objectKey(), "provenance/" + p.captureId() + ".json"),
                        new CaptureOutcome.Refused("http://169.254.169.254/latest/meta-data/", "address 169.254.169.254 is link-local"),
                        new CaptureOutcome.Failed("https://gone.example.org/x.png", "HTTP 404"),
                        new CaptureOutcome.TooLarge("https://big.example.org/v.mp4", 52428800),
                        new CaptureOutcome.Skipped("https://news.example.org/img/21.jpg", "over the cap of 20 media per post")),
                List.of(p), new KafkaCoordinates(Topics.POSTS_ENRICHED, 0, 41),
                Instant.parse("2026-11-20T06:16:04.300Z"), p.tool(), postProvenance());
    }

    static PostDeleted deleted() {
        return new PostDeleted(1, "bluesky:at://did:plc:k7u2xq4mfsyc6rnhbz3ejd5a/app.bsky.feed.post/3mq1xyzabc2a", "bluesky",
                "at://did:plc:k7u2xq4mfsyc6rnhbz3ejd5a/app.bsky.feed.post/3mq1xyzabc2a", "bsky-firehose",
                Instant.parse("2026-11-26T02:00:01Z"), "jetstream delete commit time_us=1795641600450000", COLLECTOR);
    }

    static final ToolInfo CAPTURER = new ToolInfo("capturer", "0.1.0", "c4d2");
    static final String PAGE_POST_ID = "telegram:suspilnekharkiv/48211";
    static final String PAGE_URL = "https://t.me/suspilnekharkiv/48211";

    static PageCaptureRequested pageRequested() {
        return new PageCaptureRequested(1, PAGE_POST_ID, 2, "telegram", PAGE_URL, List.of("kharkiv-watch", "telegram-ua"), 4,
                Instant.parse("2026-11-20T06:16:03.130Z"), COLLECTOR);
    }

    private static PageArtifact pageArtifact(String role, String sha256, long size, String contentType) {
        return new PageArtifact(role, "sha256/" + sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256, sha256,
                size, contentType);
    }

    static List<PageArtifact> pageArtifacts() {
        return List.of(
                pageArtifact(PageArtifact.HTML_SOURCE, "1b4f0e9851971998e732078544c96b36c3d01cedf7caa332359d6f1d83567014", 48211,
                        "text/html; charset=utf-8"),
                pageArtifact(PageArtifact.RENDERED_DOM, "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752", 61877,
                        "text/html; charset=utf-8"),
                pageArtifact(PageArtifact.SCREENSHOT, "fd61a03af4f77d870fc21e05e7e80678095c92d808cfb3b5c279ee04c74aca13", 402113,
                        "image/png"),
                pageArtifact(PageArtifact.SCREENSHOT_STAMPED, "a4e624d686e03ed2767c0abd85c14426b0b1157d2ce81d27bb4fe4f6f01d688a", 418950,
                        "image/png"),
                pageArtifact(PageArtifact.WARC, "a140c0c1eda2def2b830363ba362aa4d7d255c262960544821f556e16661b6ff", 733402,
                        "application/warc"));
    }

    static PageProvenance pageProvenance() {
        PageCaptureRequested r = pageRequested();
        String id = r.captureId();
        List<PageArtifact> artifacts = pageArtifacts();
        String finalUrl = "https://t.me/suspilnekharkiv/48211?single";
        return new PageProvenance(1, PageProvenance.KIND, id, r.postId(), r.postVersion(), r.platform(), r.collectionIds(),
                r.pageUrl(), finalUrl, List.of(finalUrl),
                new PageProvenance.Document(200, "text/html; charset=utf-8", "149.154.167.99",
                        List.of("0d4c6c3e8f7f1b2a3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819203",
                                "5b2c8e0f4a6d1c3e7f9a0b2d4c6e8f1a3b5d7f9c0e2a4b6d8f0a1c3e5a7b9d11"),
                        "urn:uuid:6a1f3e2d-9c4b-4d7a-8e5f-0b1c2d3e4f50"),
                new PageProvenance.Browser("Chromium", "156.0.8078.114", "chromedriver 156.0.8078.114",
                        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
                        1280, 800, 1.0, true),
                new PageProvenance.Proxy("evidence-pipeline-recording-proxy 0.1.0",
                        "77e8f1b0c3d2a5948e6f7a8b9c0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f6a7b8c9", 23, 1),
                Instant.parse("2026-11-20T06:16:05.002Z"), Instant.parse("2026-11-20T06:16:06.410Z"),
                Instant.parse("2026-11-20T06:16:08.077Z"),
                new PageProvenance.Screenshot(1280, 3412, 3412, false), artifacts,
                List.of(new PageProvenance.RefusedRequest("http://10.0.0.7/tracker.gif", "address 10.0.0.7 is private",
                        Instant.parse("2026-11-20T06:16:05.870Z"))),
                "archive", new KafkaCoordinates(Topics.PAGES_REQUESTED, 1, 17), CAPTURER, "4bf92f3577b34da6a3ce929d0e0e4736",
                PageProvenance.Prov.of(id, CAPTURER, finalUrl, artifacts));
    }

    static PageArchived pageCaptured() {
        PageProvenance p = pageProvenance();
        return pageArchived(new PageCaptureOutcome.Captured(p.pageUrl(), p.captureId(), p.finalUrl(), p.artifacts(),
                "provenance/pages/" + p.captureId() + ".json"), p);
    }

    static PageArchived pageFailed() {
        PageCaptureRequested r = pageRequested();
        return pageArchived(new PageCaptureOutcome.Failed(r.pageUrl(), r.captureId(),
                "the page did not finish loading within the 60 s page deadline"), null);
    }

    static PageArchived pageRefused() {
        return pageArchived(new PageCaptureOutcome.Refused("http://169.254.169.254/latest/meta-data/",
                "address 169.254.169.254 is link-local"), null);
    }

    static PageArchived pageSkipped() {
        return pageArchived(new PageCaptureOutcome.Skipped(PAGE_URL,
                "Chromium is not installed on this capturer (apt-get install -y chromium)"), null);
    }

    private static PageArchived pageArchived(PageCaptureOutcome outcome, PageProvenance provenance) {
        PageCaptureRequested r = pageRequested();
        return new PageArchived(1, r.postId(), r.postVersion(), r.collectionIds(), "archive", outcome, provenance,
                new KafkaCoordinates(Topics.PAGES_REQUESTED, 1, 17), Instant.parse("2026-11-20T06:16:08.190Z"), CAPTURER);
    }

    private SampleEvents() {
    }
}
