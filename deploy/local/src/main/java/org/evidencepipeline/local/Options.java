package org.evidencepipeline.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The parsed command line of {@code ./pipeline demo|run}; {@link #parse} throws {@link UsageError} for bad input. */
record Options(String command, Path dataDir, Path collections, Duration timeout, boolean keepRunning,
               List<String> allowCidrs, RestartPolicy restartPolicy, Duration pageWait) {
    static final Duration DEFAULT_PAGE_WAIT = Duration.ofSeconds(120);


    /** A command line that cannot run: said in one line, with the usage, exit status 2. */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }

    static Options parse(String[] args, Path home) {
        String command = args[0];
        if (!command.equals("demo") && !command.equals("run")) {
            throw new UsageError("unknown command " + command);
        }
        Path dataDir = home.resolve(".pipeline").resolve(command);
        Path collections = null;
        Duration timeout = Duration.ofSeconds(180);
        Duration pageWait = null;
        boolean keepRunning = false;
        List<String> allowCidrs = List.of();
        int maxRestarts = RestartPolicy.DEFAULT_MAX_RESTARTS;
        Duration window = RestartPolicy.DEFAULT_WINDOW;
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, option)).toAbsolutePath();
                case "--collections" -> collections = Path.of(value(args, ++i, option)).toAbsolutePath();
                case "--timeout" -> timeout = Duration.ofSeconds(number(args, ++i, option, 1));
                case "--page-wait" -> pageWait = Duration.ofSeconds(number(args, ++i, option, 0));
                case "--keep-running" -> keepRunning = true;
                case "--allow-cidrs" -> {
                    try {
                        allowCidrs = AllowCidrs.parse(value(args, ++i, option));
                    } catch (IllegalArgumentException e) {
                        throw new UsageError(e.getMessage());
                    }
                }
                case "--max-restarts" -> maxRestarts = (int) number(args, ++i, option, 0);
                case "--restart-window" -> window = Duration.ofSeconds(number(args, ++i, option, 1));
                default -> throw new UsageError("unknown option " + option);
            }
        }
        if (command.equals("run")) {
            if (collections == null || !Files.isRegularFile(collections)) {
                throw new UsageError("run needs --collections FILE (an existing YAML file; see README 'Declaring a collection')");
            }
        } else {
            if (collections != null) {
                throw new UsageError("demo collects its bundled feed; --collections is for run");
            }
            if (!allowCidrs.isEmpty()) {
                throw new UsageError("demo allows exactly the loopback addresses its feed needs; --allow-cidrs is for run");
            }
        }
        if (command.equals("run") && pageWait != null) {
            throw new UsageError("run does not wait for anything; --page-wait is for demo");
        }
        if (command.equals("run") && keepRunning) {
            throw new UsageError("run always keeps running; --keep-running is for demo");
        }
        return new Options(command, dataDir, collections, timeout, keepRunning, allowCidrs,
                RestartPolicy.defaults().withMaxRestarts(maxRestarts, window), pageWait == null ? DEFAULT_PAGE_WAIT : pageWait);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new UsageError(option + " needs a value");
        }
        return args[i];
    }

    private static long number(String[] args, int i, String option, long min) {
        String v = value(args, i, option);
        try {
            long n = Long.parseLong(v);
            if (n < min) {
                throw new UsageError(option + " must be at least " + min + ", got " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageError(option + " needs a whole number, got '" + v + "'");
        }
    }
}
