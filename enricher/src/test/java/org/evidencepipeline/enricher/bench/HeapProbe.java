package org.evidencepipeline.enricher.bench;

import org.evidencepipeline.enricher.language.LanguageTagger;
import org.evidencepipeline.enricher.language.Margins;

import java.util.Arrays;
import java.util.List;

/**
 * Loads one configuration's models in a fresh JVM and prints the heap they hold after forced GCs, and the time
 * per tag over a few public texts: Lingua caches models per JVM, so each option needs its own process.
 * Arguments: wide codes, precise codes (or "-").
 */
public final class HeapProbe {
    private HeapProbe() {
    }

    public static void main(String[] args) throws Exception {
        List<String> wide = Arrays.asList(args[0].split(","));
        List<String> precise = args[1].equals("-") ? List.of() : Arrays.asList(args[1].split(","));
        long before = LanguageBenchmark.usedAfterGc();
        long t0 = System.nanoTime();
        LanguageTagger tagger = new LanguageTagger(wide, precise, new LanguageTagger.Rules(1, Margins.of(0.1), 0.2,
                Double.parseDouble(args.length > 2 ? args[2] : "0.6"), 400));
        long loadMillis = (System.nanoTime() - t0) / 1_000_000;
        long after = LanguageBenchmark.usedAfterGc();
        List<LanguageSets.Text> texts = LanguageSets.publicSet(LanguageSets.UDHR);
        long sink = 0;
        for (int pass = 0; pass < 3; pass++) {
            for (LanguageSets.Text t : texts) {
                sink += tagger.tag(t.text(), null).code().hashCode();
            }
        }
        long c0 = LanguageBenchmark.processCpuNanos();
        int n = 0;
        for (int pass = 0; pass < 5; pass++) {
            for (LanguageSets.Text t : texts) {
                sink += tagger.tag(t.text(), null).code().hashCode();
                n++;
            }
        }
        long cpu = LanguageBenchmark.processCpuNanos() - c0;
        System.out.println("heap=" + (after - before) + " load-ms=" + loadMillis + " posts-per-cpu-second="
                + Math.round(n / (cpu / 1e9)) + " sink=" + (sink & 1));
    }
}
