package org.convscope.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image-optimization commands on the built-in SqueezeNet, through the real command line: what
 * the net itself measures on the written pictures, and the warnings of runs that failed.
 */
class SqueezeNetOptimizeCommandsTest {
    @TempDir
    Path dir;

    static String[] squeezenet(String command, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of(command, "--model", "squeezenet", "--out", out.toString(), "-q"));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no '" + regex + "' in: " + text);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void classmodelDefaultsMakeAFlamingoThatItsOwnPngStillShows() {
        CliRun r = CliRun.run(squeezenet("classmodel", dir.resolve("cm"), "--class", "130",
                "--iterations", "20"));
        assertEquals(0, r.exit(), r.err());
        double p = number(r.out(), "classmodel_pixels.png read back: p\\(class 130\\) = ([0-9.]+)");
        assertTrue(p >= 0.9, r.out());
        assertFalse(r.err().contains("warning"), r.err());
    }

    @Test
    void classmodelRunsThatFailSaySoAndWhatToChange() {
        CliRun mean = CliRun.run(squeezenet("classmodel", dir.resolve("mean"), "--class", "130",
                "--start", "mean", "--iterations", "2"));
        assertEquals(0, mean.exit(), mean.err());
        assertTrue(mean.err().contains("warning: the objective") && mean.err().contains("did not rise")
                && mean.err().contains("--start noise"), mean.err());
        assertTrue(mean.err().contains("collapsed"), "the black picture is named: " + mean.err());

        // a channel of conv1, which has a gradient on the noise start (the flamingo's score has none there)
        CliRun huge = CliRun.run(squeezenet("classmodel", dir.resolve("huge"), "--blob", "conv1",
                "--unit", "5", "--lr", "1e30", "--iterations", "2", "--blur-every", "0"));
        assertEquals(0, huge.exit(), huge.err());
        assertTrue(huge.err().contains("saturated") && huge.err().contains("--lr"), huge.err());

        CliRun decay = CliRun.run(squeezenet("classmodel", dir.resolve("decay"), "--class", "130",
                "--decay", "0.99", "--iterations", "3"));
        assertEquals(0, decay.exit(), decay.err());
        assertTrue(decay.err().contains("collapsed") && decay.err().contains("--decay"), decay.err());
    }

    /** A bundled public-domain photo copied to the test's folder. */
    Path photo(String name) throws java.io.IOException {
        Path p = dir.resolve(name);
        try (java.io.InputStream in = getClass().getResourceAsStream("/org/convscope/vis/demo/photos/" + name)) {
            java.nio.file.Files.copy(in, p);
        }
        return p;
    }

    @Test
    void aHugeStepNeverWritesASaturatedOrExplodedPictureSilently() throws Exception {
        String dog = photo("dog.jpg").toString();
        String giraffe = photo("giraffe.jpg").toString();
        List<String[]> runs = List.of(
                squeezenet("invert", dir.resolve("invert"), dog, "--layer", "fire3/concat", "--iterations", "2",
                        "--lr", "1e30", "--lr-end", "1e30"),
                squeezenet("deepdream", dir.resolve("dream"), dog, "--layer", "fire4/concat", "--size", "99",
                        "--octaves", "1", "--steps", "2",
                        "--lr", "1e30"),
                squeezenet("texture", dir.resolve("texture"), giraffe, "--size", "64", "--iterations", "3",
                        "--lr", "1e30", "--optimizer", "adam", "--style-layers", "conv1,fire2/concat"),
                squeezenet("style", dir.resolve("style"), dog, giraffe, "--iterations", "3", "--lr", "1e30",
                        "--optimizer", "adam", "--style-layers", "conv1,fire2/concat"),
                squeezenet("adversarial", dir.resolve("adv"), dog, "--method", "targeted", "--target", "130",
                        "--step", "1e30", "--max-steps", "2"),
                squeezenet("fool", dir.resolve("fool"), "--method", "gradient", "--class", "980", "--step", "1e30",
                        "--max-steps", "2"));
        for (String[] args : runs) {
            CliRun r = CliRun.run(args);
            boolean refused = r.exit() != 0 && r.err().contains("convscope " + args[0] + ": ");
            boolean warned = r.err().contains("warning: ") && r.err().contains("saturated")
                    && (r.err().contains("--lr") || r.err().contains("--step"));
            assertTrue(refused || warned, args[0] + " with a huge step: exit " + r.exit() + ", stderr: " + r.err());
        }
    }
}
