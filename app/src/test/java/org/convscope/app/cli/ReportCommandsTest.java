package org.convscope.app.cli;

import static org.convscope.app.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.convscope.tensor.testing.TestData;
import org.convscope.app.report.ReportSection;
import org.convscope.app.report.Sections;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** convscope demo and convscope report, end to end through the command line, at the reduced size. */
class ReportCommandsTest {
    @TempDir
    static Path dir;

    static Path demo;
    static CliRun demoRun;

    @BeforeAll
    static void runTheQuickDemo() {
        demo = dir.resolve("demo");
        demoRun = run("demo", "--quick", "--device", "cpu", "--out", demo.toString());
    }

    /** Every src and href of the page, in order. */
    static List<String> links(String html) {
        List<String> l = new ArrayList<>();
        Matcher m = Pattern.compile("\\b(?:src|href)=\"([^\"]*)\"").matcher(html);
        while (m.find()) {
            l.add(m.group(1));
        }
        return l;
    }

    /** Checks that every local link of the page is a readable file beside it; returns the images. */
    static List<String> checkLinks(Path folder, String html) throws Exception {
        List<String> images = new ArrayList<>();
        for (String link : links(html)) {
            if (link.startsWith("#")) {
                assertTrue(html.contains("id=\"" + link.substring(1) + "\""), "anchor " + link + " has no target");
                continue;
            }
            assertFalse(link.contains(":") || link.startsWith("/"), "not a relative link: " + link);
            Path f = folder.resolve(link);
            assertTrue(Files.isRegularFile(f), "the page links to " + link + ", which does not exist");
            if (link.endsWith(".png")) {
                assertNotNull(ImageIO.read(f.toFile()), link + " is not a readable PNG");
                images.add(link);
            }
        }
        return images;
    }

    @Test
    void theDemoWritesAPageWhoseEveryLinkExistsAndEverySectionRan() throws Exception {
        assertEquals(0, demoRun.exit(), demoRun.err() + demoRun.out());
        Path index = demo.resolve("index.html");
        assertTrue(demoRun.out().trim().endsWith("report: " + index.toAbsolutePath().normalize()), demoRun.out());
        String html = Files.readString(index);
        List<ReportSection> sections = new ArrayList<>(Sections.imagenet(DemoCommand.DREAM_LAYER,
                DemoCommand.CLASS_MODELS));
        sections.addAll(Sections.datasets());
        for (int k = 0; k < sections.size(); k++) {
            ReportSection s = sections.get(k);
            assertTrue(demoRun.out().contains("[" + (k + 1) + "/" + sections.size() + "] " + s.title()), demoRun.out());
            assertTrue(html.contains("<section id=\"" + s.id() + "\" class=\"algorithm\">"),
                    "section " + s.id() + " did not run (skipped or failed) in the demo");
        }
        assertTrue(demoRun.out().contains("t-SNE") && demoRun.out().contains(" - shapes model"), demoRun.out());
        List<String> images = checkLinks(demo, html);
        assertTrue(images.size() >= 15, "only " + images.size() + " pictures: " + images);
        for (String expected : new String[] {"tsne_scatter.png", "neighbours.png", "weights_conv1.png",
                "gradcam_0_overlay.png", "occlusion_0_maps.png", "classmodel_130.png", "classmodel_980.png",
                "deepdream_0.png"}) {
            assertTrue(images.contains(expected), expected + " missing from " + images);
        }
        // SqueezeNet's summary, its class names without --labels, the bundled dog photo
        assertTrue(html.contains("<td>fire9/conv3x3_2</td>"),
                "no summary row of a Fire module");
        assertTrue(html.contains("dog.jpg") && html.contains("dogsled"), "no dog photo classified with its name");
        assertFalse(html.contains("http://") || html.contains("https://"), "the page must need nothing online");
        String manifest = Files.readString(demo.resolve("manifest.json"));
        assertTrue(manifest.contains("\"section.occlusion.status\" : \"ran\""), manifest);
        assertTrue(manifest.contains("\"section.tsne.status\" : \"ran\""), manifest);
    }

    @Test
    void theShapesDemoRunsEverySectionOnTheShapesModel() throws Exception {
        Path shapes = dir.resolve("shapes");
        CliRun run = run("demo", "--shapes", "--quick", "--device", "cpu", "--out", shapes.toString());
        assertEquals(0, run.exit(), run.err() + run.out());
        String html = Files.readString(shapes.resolve("index.html"));
        List<ReportSection> sections = Sections.all();
        for (int k = 0; k < sections.size(); k++) {
            ReportSection s = sections.get(k);
            assertTrue(run.out().contains("[" + (k + 1) + "/" + sections.size() + "] " + s.title()), run.out());
            assertTrue(html.contains("<section id=\"" + s.id() + "\" class=\"algorithm\">"),
                    "section " + s.id() + " did not run (skipped or failed) in the demo");
        }
        List<String> images = checkLinks(shapes, html);
        assertTrue(images.size() >= 30, "only " + images.size() + " pictures: " + images);
        for (String expected : new String[] {"tsne_scatter.png", "tsne_grid.png", "neighbours.png", "weights_conv1.png",
                "saliency_0_map.png", "gradcam_1_overlay.png", "intgrad_0_signed.png"}) {
            assertTrue(images.contains(expected), expected + " missing from " + images);
        }
        // the model summary table and the completeness check are on the page
        assertTrue(html.contains("<td>conv1</td><td>Convolution</td>"), "no summary row for conv1");
        assertTrue(html.contains("completeness gap"), "no completeness check");
        String manifest = Files.readString(shapes.resolve("manifest.json"));
        assertTrue(manifest.contains("\"section.intgrad.status\" : \"ran\""), manifest);
        assertTrue(manifest.contains("\"section.smoothgrad.samples\" : \"8\""), manifest);
    }

    @Test
    void theSameSeedWritesTheSamePictures() throws Exception {
        Path again = dir.resolve("again");
        CliRun r = run("demo", "--quick", "--device", "cpu", "--out", again.toString());
        assertEquals(0, r.exit(), r.err() + r.out());
        List<String> a = pngs(demo);
        List<String> b = pngs(again);
        assertEquals(a, b);
        for (String f : a) {
            assertArrayEquals(Files.readAllBytes(demo.resolve(f)), Files.readAllBytes(again.resolve(f)),
                    f + " differs between two runs with the same settings");
        }
        // the page too, but for the times
        assertEquals(withoutTimes(Files.readString(demo.resolve("index.html"))),
                withoutTimes(Files.readString(again.resolve("index.html"))));
    }

    private static String withoutTimes(String html) {
        return html.replaceAll("<span class=\"time\">[^<]*</span>", "").replaceAll("<dd>[0-9.]+ s in all</dd>", "");
    }

    private static List<String> pngs(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted().toList();
        }
    }

    @Test
    void reportOnCifar10QuickWritesItsPageAndSaysWhatItSkipped() throws Exception {
        Path models = TestData.require("models/cifar10_quick_v2");
        Path images = TestData.require("images/cifar10_32x32");
        Path out = dir.resolve("cifar");
        CliRun r = run("report", "-m", models.resolve("cifar10_quick.prototxt").toString(), "-w",
                models.resolve("cifar10_quick_iter_4000.caffemodel").toString(), "--device", "cpu", "--quick",
                images.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err() + r.out());
        String html = Files.readString(out.resolve("index.html"));
        checkLinks(out, html);
        // three images: one row each in the per-image sections
        assertTrue(html.contains("cat10.png: explaining"), html);
        assertTrue(html.contains("truck10.png: explaining"), html);
        assertTrue(html.contains("<section id=\"saliency\" class=\"algorithm\">"));
        assertTrue(html.contains("<section id=\"tsne\" class=\"algorithm skipped\">"));
        assertTrue(html.contains("Skipped: no labelled data set was given"), html);
        assertFalse(html.contains("class=\"algorithm failed\""), html);
    }

    @Test
    void reportOnLeNetWithMnistDataRunsEverySectionOnAGreyNet() throws Exception {
        Path models = TestData.require("models/lenet_mnist_v2");
        Path mnist = TestData.require("mnist");
        Path images = TestData.require("images/cifar10_32x32");
        Path out = dir.resolve("lenet");
        CliRun r = run("report", "-m", models.resolve("lenet.prototxt").toString(), "-w",
                models.resolve("lenet_iter_10000.caffemodel").toString(), "--scale", "0.00390625", "--device", "cpu",
                "--quick", "--data", "mnist:" + mnist + ":t10k@0-199", images.resolve("cat10.png").toString(),
                "--out", out.toString());
        assertEquals(0, r.exit(), r.err() + r.out());
        String html = Files.readString(out.resolve("index.html"));
        checkLinks(out, html);
        for (ReportSection s : Sections.all()) {
            assertTrue(html.contains("<section id=\"" + s.id() + "\" class=\"algorithm\">"), s.id() + " did not run");
        }
        assertTrue(html.contains("codes</b> ip1 (500 values) of "), "LeNet's codes are ip1's");
    }

    @Test
    void reportOnTheDemoModelWithAFolderOfImagesUsesThemForTsneAndNeighbours() throws Exception {
        Path images = dir.resolve("shapes-pngs");
        Files.createDirectories(images);
        org.convscope.nn.data.Shapes shapes = new org.convscope.nn.data.Shapes(11, 14, 64);
        for (int i = 0; i < shapes.size(); i++) {
            ImageIO.write(shapes.render(i), "png", images.resolve(String.format("s%02d.png", i)).toFile());
        }
        Files.writeString(images.resolve("notes.txt"), "not an image");
        Path out = dir.resolve("demo-folder");
        CliRun r = run("report", "--model", "demo", "--device", "cpu", "--quick", "--max-images", "2", images.toString(),
                "--out", out.toString());
        assertEquals(0, r.exit(), r.err() + r.out());
        String html = Files.readString(out.resolve("index.html"));
        checkLinks(out, html);
        assertTrue(html.contains("2 explained (the first 2 of 14; --max-images)"), html);
        assertTrue(html.contains("s00.png: explaining"), html);
        assertFalse(html.contains("s02.png: explaining"), html);
        assertTrue(html.contains("<section id=\"tsne\" class=\"algorithm\">"), "t-SNE should run on 14 images");
        assertTrue(html.contains("the images have no classes: judge the rows by eye"), html);
        // the demo model's class names are known without --labels
        assertTrue(Pattern.compile("\\d\\.\\d\\d%  (" + String.join("|", org.convscope.nn.data.Shapes.CLASSES) + ")")
                .matcher(html).find(), "no shapes class names in the classification");
        for (String f : new String[] {"s00.png", "s13.png"}) {
            assertTrue(Files.isRegularFile(images.resolve(f)), "an input was touched: " + f);
        }
    }

    @Test
    void reportRefusesLabelsThatDoNotMatchTheNet() throws Exception {
        Path models = TestData.require("models/cifar10_quick_v2");
        Path images = TestData.require("images/cifar10_32x32");
        Path labels = dir.resolve("three.txt");
        Files.writeString(labels, "a\nb\nc\n");
        Path out = dir.resolve("refused");
        CliRun r = run("report", "-m", models.resolve("cifar10_quick.prototxt").toString(), "-w",
                models.resolve("cifar10_quick_iter_4000.caffemodel").toString(), "--device", "cpu", "--labels",
                labels.toString(), images.toString(), "--out", out.toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains("has 3 class names, the net has 10 classes"), r.err());
        assertFalse(Files.exists(out.resolve("index.html")));
    }

    @Test
    void badArgumentsGetAClearMessageAndWriteNothing() {
        Path out = dir.resolve("nothing");
        CliRun r = run("demo", "--images", "0", "--out", out.toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains("--images must be 1..4 (the bundled photos), got 0"), r.err());
        r = run("demo", "--shapes", "--images", "11", "--out", out.toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains("--images must be 1..10, got 11"), r.err());
        r = run("report", "--model", "demo", "--device", "cpu", dir.resolve("missing.png").toString(),
                "--out", out.toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains("no readable images"), r.err());
        assertTrue(r.err().contains("skipping"), r.err());
        assertFalse(Files.exists(out), "a refused run wrote " + out);
    }

    /** Debian's chromium, or null. */
    static String chromium() {
        for (String name : new String[] {"chromium", "chromium-browser"}) {
            for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(d, name))) {
                    return Path.of(d, name).toString();
                }
            }
        }
        return null;
    }

    @Test
    void everyImageLoadsInAHeadlessBrowser() throws Exception {
        String chromium = chromium();
        Assumptions.assumeTrue(chromium != null,
                "chromium is not installed (apt-get install chromium): the page was not opened in a browser");
        assertEquals(0, demoRun.exit(), demoRun.err());
        Path index = demo.resolve("index.html").toAbsolutePath();
        Path dump = dir.resolve("dom.html");
        Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--user-data-dir=" + dir.resolve("chromium-profile"), "--virtual-time-budget=5000", "--dump-dom",
                index.toUri().toString())
                .redirectOutput(dump.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s");
        }
        String html = Files.readString(dump);
        Matcher body = Pattern.compile("<body data-images=\"(\\d+)\" data-broken=\"([^\"]*)\" data-checked=\"yes\">")
                .matcher(html);
        assertTrue(body.find(), "the page's check did not run in chromium: " + html.substring(0, Math.min(500, html.length())));
        int img = 0;
        Matcher m = Pattern.compile("<img ").matcher(Files.readString(index));
        while (m.find()) {
            img++;
        }
        assertEquals(img, Integer.parseInt(body.group(1)), "chromium saw another number of images");
        assertEquals("", body.group(2), "images that did not load in chromium");
    }
}
