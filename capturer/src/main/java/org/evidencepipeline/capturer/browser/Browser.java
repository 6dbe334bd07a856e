package org.evidencepipeline.capturer.browser;

import org.evidencepipeline.contracts.PageProvenance;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Chromium, sandboxed, with no network but the recording proxy and downloads off, driven through the OS
 * package's chromedriver. Loads one page at a time; restarts itself after {@code restartAfterPages} pages and after
 * any page that crashed, hung or broke the memory cap, so the next page gets a fresh browser.
 *
 * <p><b>Who starts Chromium.</b> The capturer starts Chromium itself, as the unprivileged user when the JVM is root
 * ({@code setpriv --reuid --regid --clear-groups}; Chromium refuses its sandbox as root and the sandbox is never turned
 * off), with {@code --remote-debugging-port=0}, and chromedriver only attaches to it ({@code debuggerAddress}). Letting
 * chromedriver launch the browser would need chromedriver itself to run as that user (and a remote-WebDriver client
 * to reach it), and would make the browser chromedriver's child: here the capturer holds the browser's process, so it
 * can kill the whole tree on a deadline or a memory breach even when chromedriver is stuck, gives the browser a clean
 * environment (no S3 keys or tokens), and knows exactly which flags it ran with. The driver executable is always
 * given explicitly, so Selenium Manager never looks for or downloads anything.
 *
 * <p><b>Why WebDriver plus untyped CDP.</b> The full-page picture and the layout metrics come from DevTools commands
 * sent through chromedriver's {@code executeCdpCommand} by name, with plain maps. The typed
 * {@code selenium-devtools-vNNN} artifacts are generated per Chromium release and pin the browser version: the
 * Chromium Debian ships next month would need a new artifact and a rebuild, while the few stable commands used here
 * ({@code Page.getLayoutMetrics}, {@code Page.captureScreenshot}, {@code Browser.setDownloadBehavior}) keep working.
 *
 * <p><b>Deadlines.</b> A hung renderer blocks driver calls, so the page's one deadline is enforced from outside them:
 * the calls run on a worker thread, and when the deadline passes the browser's process tree is killed (SIGKILL) and
 * the page fails; a watchdog does the same when the tree's resident memory passes the cap.
 */
public final class Browser implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final long WATCH_MILLIS = 200;
    private static final Pattern NET_ERROR = Pattern.compile("net::ERR_[A-Z_]+");
    private static final String DOM_SCRIPT = "const d = document.doctype;"
            + "const e = document.documentElement;"
            + "return (d ? new XMLSerializer().serializeToString(d) + '\\n' : '') + (e ? e.outerHTML : '');";

    private final ChromiumInstall install;
    private final BrowserSettings settings;
    private final Unprivileged user;
    private final ExecutorService work = Executors.newCachedThreadPool(daemon("browser-load"));
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(daemon("browser-memory"));
    private final AtomicLong peakResident = new AtomicLong();
    private volatile Running running;
    private volatile boolean closed;

    public Browser(ChromiumInstall install, BrowserSettings settings) {
        this.install = install;
        this.settings = settings;
        this.user = Unprivileged.resolve(settings.runAsUser());
        watchdog.scheduleWithFixedDelay(this::watch, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Loads a page and takes its rendered DOM and full-page picture, all within {@code deadline}. Never throws for what
     * a page does: a hang, a crash of the tab or the browser, the memory cap or the deadline give {@link PageLoad.Failed}.
     */
    public synchronized PageLoad load(URI url, Instant deadline) {
        Instant calledAt = Instant.now();
        Duration total = Duration.between(calledAt, deadline);
        if (closed) {
            return new PageLoad.Failed("browser closed", calledAt, calledAt);
        }
        if (total.isNegative() || total.isZero()) {
            return new PageLoad.Failed("deadline passed before the page was loaded", calledAt, calledAt);
        }
        Load load = new Load(url, deadline, total, calledAt);
        Future<PageLoad> result = work.submit(load);
        try {
            PageLoad outcome = result.get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
            if (outcome instanceof PageLoad.Failed) {
                Running r = running;
                if (r != null && (r.restartNeeded || r.killedFor.get() != null)) {
                    // Free the memory and the profile now rather than at the next page.
                    discard(r);
                }
            }
            return outcome;
        } catch (java.util.concurrent.TimeoutException expired) {
            Running r = running;
            String breach = r == null ? null : r.killedFor.get();
            String reason = breach != null ? breach : load.deadlineReason();
            discard(r);
            result.cancel(true);
            return new PageLoad.Failed(reason, load.navigationStartedAt(), Instant.now());
        } catch (ExecutionException | RuntimeException e) {
            discard(running);
            return new PageLoad.Failed("browser error: " + firstLine(e), load.navigationStartedAt(), Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discard(running);
            result.cancel(true);
            return new PageLoad.Failed("interrupted", load.navigationStartedAt(), Instant.now());
        }
    }

    /**
     * Browser name, version, driver, user agent, viewport and sandbox, for provenance. Starts the browser when none is
     * running (the user agent is the running browser's own).
     *
     * @throws IllegalStateException when Chromium does not start
     */
    public synchronized PageProvenance.Browser info() {
        Running r = running;
        if (r == null) {
            try {
                r = start(Instant.now().plus(START_TIMEOUT));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("Chromium did not start: " + firstLine(e), e);
            }
        }
        return new PageProvenance.Browser("Chromium", install.version(), "chromedriver " + install.driverVersion(),
                r.userAgent, settings.viewportWidth(), settings.viewportHeight(), r.deviceScaleFactor, true);
    }

    /**
     * Peak resident memory of the browser's process tree observed over this object's life (sampled every 200 ms), for
     * the bench: the same private-memory sum the cap is checked against (see {@link #sample}).
     */
    public long peakResidentBytes() {
        Running r = running;
        if (r != null) {
            sample(r);
        }
        return peakResident.get();
    }

    @Override
    public synchronized void close() {
        closed = true;
        discard(running);
        watchdog.shutdownNow();
        work.shutdownNow();
    }

    /** The running browser's main process, for tests. */
    OptionalLong browserPid() {
        Running r = running;
        return r == null ? OptionalLong.empty() : OptionalLong.of(r.chromium.pid());
    }

    /** The running browser's profile directory, for tests. */
    Optional<Path> profileDir() {
        Running r = running;
        return r == null ? Optional.empty() : Optional.of(r.chromium.profile());
    }

    /** Every process of the running browser, for tests. */
    Set<Long> browserPids() {
        Running r = running;
        return r == null ? Set.of() : r.chromium.tree().pids();
    }

    private Running ensureRunning(Instant deadline) throws IOException {
        Running r = running;
        if (r != null && (r.pages >= settings.restartAfterPages() || !r.chromium.alive() || r.killedFor.get() != null
                || r.restartNeeded)) {
            discard(r);
            r = null;
        }
        if (r == null) {
            Instant startBy = Instant.now().plus(START_TIMEOUT);
            r = start(startBy.isBefore(deadline) ? startBy : deadline);
        }
        return r;
    }

    private Running start(Instant deadline) throws IOException {
        ChromiumProcess chromium = ChromiumProcess.start(install, settings, user, deadline);
        ChromeDriverService service = null;
        try {
            service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(install.chromedriver().toFile())
                    .usingAnyFreePort()
                    .withLogFile(chromium.driverLog().toFile())
                    .build();
            ChromeOptions options = new ChromeOptions();
            options.setExperimentalOption("debuggerAddress", chromium.debuggerAddress());
            options.setPageLoadStrategy(PageLoadStrategy.NORMAL);
            ChromeDriver driver = new ChromeDriver(service, options);
            denyDownloads(driver);
            freshFetches(driver);
            String userAgent = String.valueOf(driver.executeScript("return navigator.userAgent"));
            Object dpr = driver.executeScript("return window.devicePixelRatio");
            Running r = new Running(chromium, service, driver, userAgent, dpr instanceof Number n ? n.doubleValue() : 1.0);
            running = r;
            return r;
        } catch (RuntimeException e) {
            chromium.kill();
            if (service != null) {
                stopQuietly(service);
            }
            chromium.deleteProfile();
            throw new IOException(firstLine(e), e);
        }
    }

    private static void denyDownloads(ChromeDriver driver) {
        try {
            driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "deny"));
        } catch (WebDriverException e) {
            // Older builds take it only per page.
            driver.executeCdpCommand("Page.setDownloadBehavior", Map.of("behavior", "deny"));
        }
    }

    /**
     * Every page fetches everything again through the proxy: the browser's cache and service workers would otherwise
     * answer later pages of the same browser from earlier ones, and those bytes would be missing from their WARC.
     */
    private static void freshFetches(ChromeDriver driver) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
        driver.executeCdpCommand("Network.setBypassServiceWorker", Map.of("bypass", true));
    }

    private void discard(Running r) {
        if (r == null) {
            return;
        }
        if (running == r) {
            running = null;
        }
        r.killedFor.compareAndSet(null, "browser restarted");
        sample(r);
        r.chromium.kill();
        stopQuietly(r.service);
        r.chromium.deleteProfile();
    }

    private static void stopQuietly(ChromeDriverService service) {
        try {
            service.stop();
        } catch (RuntimeException ignored) {
            // the driver is being thrown away with its browser
        }
    }

    private void watch() {
        Running r = running;
        if (r == null || r.killedFor.get() != null) {
            return;
        }
        try {
            long resident = sample(r);
            if (!r.chromium.alive()) {
                r.killedFor.compareAndSet(null, "browser exited");
            } else if (resident > settings.memoryCapBytes()
                    && r.killedFor.compareAndSet(null, "browser over its memory cap of " + bytes(settings.memoryCapBytes())
                    + " (resident " + bytes(resident) + ")")) {
                // Kill now, not at the next driver call: the page is still allocating.
                r.chromium.kill();
                stopQuietly(r.service);
            }
        } catch (RuntimeException e) {
            // a process vanished between reads; the next tick looks again
        }
    }

    /**
     * Records the tree's peak and returns its current resident bytes: the sum over its processes of their private
     * resident memory (anonymous and shared-memory pages, {@code RssAnon + RssShmem}). Plain VmRSS counts the pages of
     * the 300 MB Chromium binary again in every process, so an idle browser of a dozen processes would already "use"
     * a gigabyte; the private pages are what a page's scripts, images and layers grow.
     */
    private long sample(Running r) {
        Set<Long> pids = r.chromium.tree().pids();
        long resident = ProcessTree.sumBytes(pids, "RssAnon") + ProcessTree.sumBytes(pids, "RssShmem");
        peakResident.accumulateAndGet(resident, Math::max);
        return resident;
    }

    /** One page on the worker thread; every failure becomes {@link PageLoad.Failed}. */
    private final class Load implements Callable<PageLoad> {
        private final URI url;
        private final Instant deadline;
        private final Duration total;
        private final Instant calledAt;
        private volatile Instant navigationStartedAt;
        private volatile Instant loadedAt;

        Load(URI url, Instant deadline, Duration total, Instant calledAt) {
            this.url = url;
            this.deadline = deadline;
            this.total = total;
            this.calledAt = calledAt;
        }

        Instant navigationStartedAt() {
            Instant n = navigationStartedAt;
            return n != null ? n : calledAt;
        }

        String deadlineReason() {
            String d = "deadline of " + seconds(total) + " passed ";
            if (navigationStartedAt == null) {
                return d + "while the browser started";
            }
            return loadedAt == null ? d + "before the load event" : d + "after the load event, while the DOM and screenshot were taken";
        }

        @Override
        public PageLoad call() {
            Running r;
            try {
                r = ensureRunning(deadline);
            } catch (IOException | RuntimeException e) {
                return new PageLoad.Failed("browser did not start: " + firstLine(e), calledAt, Instant.now());
            }
            r.pages++;
            ChromeDriver driver = r.driver;
            try {
                driver.manage().timeouts().pageLoadTimeout(remaining());
                driver.manage().timeouts().scriptTimeout(remaining());
                navigationStartedAt = Instant.now();
                driver.get(url.toString());
                loadedAt = Instant.now();
                Optional<String> netError = errorPage(driver);
                if (netError.isPresent()) {
                    return failed("navigation failed: " + netError.get());
                }
                long settle = Math.min(settings.settle().toMillis(), remaining().toMillis());
                if (settle > 0) {
                    Thread.sleep(settle);
                }
                String finalUrl = driver.getCurrentUrl();
                Object dom = driver.executeScript(DOM_SCRIPT);
                byte[] renderedDom = String.valueOf(dom).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                Picture picture = picture(driver);
                return new PageLoad.Loaded(finalUrl, renderedDom, picture.png(), picture.screenshot(),
                        navigationStartedAt, loadedAt, Instant.now());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                r.restartNeeded = true;
                return failed("interrupted");
            } catch (TimeoutException e) {
                r.restartNeeded = true;
                return failed(breachOr(r, deadlineReason()));
            } catch (WebDriverException | IllegalStateException | ClassCastException e) {
                return failed(classify(r, e));
            }
        }

        private PageLoad.Failed failed(String reason) {
            return new PageLoad.Failed(reason, navigationStartedAt(), Instant.now());
        }

        private String classify(Running r, RuntimeException e) {
            String breach = r.killedFor.get();
            if (breach != null && !breach.equals("browser restarted")) {
                return breach;
            }
            String message = e.getMessage() == null ? "" : e.getMessage();
            String lower = message.toLowerCase(java.util.Locale.ROOT);
            Matcher net = NET_ERROR.matcher(message);
            if (lower.contains("tab crashed") || lower.contains("page crash") || lower.contains("target crashed")) {
                r.restartNeeded = true;
                return "renderer crashed";
            }
            if (!r.chromium.alive()) {
                r.restartNeeded = true;
                return "browser exited";
            }
            if (e instanceof WebDriverException && !(e instanceof JavascriptException) && net.find()) {
                // The page could not be fetched; the browser itself is fine.
                return "navigation failed: " + net.group();
            }
            r.restartNeeded = true;
            return "browser error: " + firstLine(e);
        }

        private Duration remaining() {
            Duration left = Duration.between(Instant.now(), deadline);
            return left.isNegative() ? Duration.ZERO : left;
        }
    }

    /**
     * Chromium shows its own error page (committed as {@code chrome-error://chromewebdata/}) when the document could
     * not be fetched at all, e.g. the proxy closed the connection; the driver reports that as a normal load. That page
     * is Chromium's, not the site's, and must never be archived as the page.
     */
    private static Optional<String> errorPage(ChromeDriver driver) {
        Object found = driver.executeScript("if (!String(location.href).startsWith('chrome-error:')) { return null; }"
                + "const c = document.querySelector('.error-code');"
                + "return c && c.textContent ? c.textContent.trim() : 'browser error page';");
        if (found == null) {
            return Optional.empty();
        }
        String code = found.toString();
        return Optional.of(code.startsWith("ERR_") ? "net::" + code : code);
    }

    private static String breachOr(Running r, String reason) {
        String breach = r.killedFor.get();
        return breach != null && !breach.equals("browser restarted") ? breach : reason;
    }

    private record Picture(byte[] png, PageProvenance.Screenshot screenshot) {
    }

    /** The full page, down to the cap: layout height from DevTools, one capture beyond the viewport, clipped. */
    @SuppressWarnings("unchecked")
    private Picture picture(ChromeDriver driver) {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
        int fullHeight = (int) Math.ceil(((Number) content.get("height")).doubleValue());
        int height = Math.max(1, Math.min(fullHeight, settings.maxScreenshotHeight()));
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", settings.viewportWidth(), "height", height, "scale", 1);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "fromSurface", true, "clip", clip));
        byte[] png = Base64.getDecoder().decode((String) shot.get("data"));
        int[] size = Png.size(png).orElse(new int[] {settings.viewportWidth(), height});
        return new Picture(png, new PageProvenance.Screenshot(size[0], size[1], fullHeight,
                fullHeight > settings.maxScreenshotHeight()));
    }

    /** One browser start with its driver. {@code pages} and {@code restartNeeded} are touched by the load thread only. */
    private static final class Running {
        final ChromiumProcess chromium;
        final ChromeDriverService service;
        final ChromeDriver driver;
        final String userAgent;
        final double deviceScaleFactor;
        final AtomicReference<String> killedFor = new AtomicReference<>();
        volatile int pages;
        volatile boolean restartNeeded;

        Running(ChromiumProcess chromium, ChromeDriverService service, ChromeDriver driver, String userAgent,
                double deviceScaleFactor) {
            this.chromium = chromium;
            this.service = service;
            this.driver = driver;
            this.userAgent = userAgent;
            this.deviceScaleFactor = deviceScaleFactor;
        }
    }

    static String bytes(long n) {
        double gib = n / (1024.0 * 1024 * 1024);
        if (gib >= 1) {
            return trim(gib) + " GiB";
        }
        return trim(n / (1024.0 * 1024)) + " MiB";
    }

    private static String seconds(Duration d) {
        // The deadline was set a few milliseconds before load() saw it: "5s", not "4.9s".
        long millis = d.toMillis();
        return millis >= 1000 ? Math.round(millis / 1000.0) + "s" : millis + "ms";
    }

    private static String trim(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static String firstLine(Throwable e) {
        Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Reads a PNG's pixel size from its IHDR chunk. */
    static final class Png {
        private Png() {
        }

        static Optional<int[]> size(byte[] png) {
            if (png.length < 24 || png[12] != 'I' || png[13] != 'H' || png[14] != 'D' || png[15] != 'R') {
                return Optional.empty();
            }
            return Optional.of(new int[] {readInt(png, 16), readInt(png, 20)});
        }

        private static int readInt(byte[] b, int at) {
            return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
        }
    }
}
