package org.convscope.app.cli;

import static org.convscope.app.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.convscope.nn.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** convscope train (with snapshot and resume) and convscope codes (transfer learning), through the command line. */
class TrainingCommandsTest {
    @TempDir
    Path dir;

    @Test
    void trainFromASolverThenResume() throws Exception {
        Files.writeString(dir.resolve("net.prototxt"), """
                name: "tiny"
                layer { name: "d" type: "Data" top: "data" top: "label"
                        transform_param { crop_size: 28 mirror: true mean_value: 128 scale: 0.015625 }
                        data_param { batch_size: 16 } }
                layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
                        convolution_param { num_output: 4 kernel_size: 5 stride: 2 weight_filler { type: "msra" } } }
                layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
                layer { name: "fc" type: "InnerProduct" bottom: "conv1" top: "fc" inner_product_param { num_output: 10 } }
                layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc" bottom: "label" top: "loss" }
                """);
        Files.writeString(dir.resolve("solver.prototxt"), """
                net: "net.prototxt"
                base_lr: 0.01
                momentum: 0.9
                lr_policy: "fixed"
                max_iter: 4
                snapshot: 2
                snapshot_prefix: "%s"
                """.formatted(dir.resolve("snap/tiny").toString().replace("\\", "/")));
        CliRun r = run("train", dir.resolve("solver.prototxt").toString(), "--data", "shapes:1:32", "--size", "32",
                "--test-data", "shapes:2:20");
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.isRegularFile(dir.resolve("snap/tiny_iter_2.caffemodel")));
        assertTrue(Files.isRegularFile(dir.resolve("snap/tiny_iter_2.solverstate")));
        assertTrue(r.out().contains("held-out accuracy"), r.out());
        CliRun again = run("train", dir.resolve("solver.prototxt").toString(), "--data", "shapes:1:32", "--size", "32",
                "--resume", dir.resolve("snap/tiny_iter_2.caffemodel").toString());
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("resumed at iteration 2"), again.out());

        CliRun bad = run("train", dir.resolve("solver.prototxt").toString(), "--data", "imagenet:/nowhere");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("unknown data set"), bad.err());
    }

    @Test
    void codesOfTheDemoModelAndALinearClassifier() throws Exception {
        CliRun r = run("codes", "--model", "demo", "--data", "shapes:77:60", "--layer", "fc7", "--linear", "--epochs", "10",
                "-o", dir.resolve("codes").toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(60 * 256, Npy.read(dir.resolve("codes/codes.npy")).data().length);
        assertTrue(r.out().contains("held-out"), r.out());
    }

    @Test
    void shapesFolderFeedsCodes() throws Exception {
        CliRun w = run("shapes", "--seed", "3", "--count", "40", "-o", dir.resolve("imgs").toString());
        assertEquals(0, w.exit(), w.err());
        assertTrue(Files.isRegularFile(dir.resolve("imgs/ring/00009.png")));
        CliRun r = run("codes", "--model", "demo", "--data", "folder:" + dir.resolve("imgs"), "--layer", "pool3",
                "-o", dir.resolve("codes").toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(40 * 96 * 9, Npy.read(dir.resolve("codes/codes.npy")).data().length);
        assertEquals(java.util.List.of("checkerboard", "circle", "cross", "dots", "horizontal_stripes", "ring", "square",
                "star", "triangle", "vertical_stripes"), Files.readAllLines(dir.resolve("codes/classes.txt")));
    }
}
