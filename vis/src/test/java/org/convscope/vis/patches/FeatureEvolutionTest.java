package org.convscope.vis.patches;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.nn.caffe.CaffeFormatException;
import org.convscope.nn.caffe.NetDef;
import org.convscope.tensor.cpu.CpuDevice;
import org.convscope.tensor.ChannelOrder;
import org.convscope.vis.render.Display;
import org.convscope.vis.render.Grid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feature evolution on a net trained inside the test (three epoch snapshots of {@link TinyShapesNet},
 * about a second): each column is exactly what {@link MaxPatches} gives on that snapshot alone, the
 * figure has a row per channel and a column per snapshot, and training changes what is shown.
 */
class FeatureEvolutionTest {
    @TempDir
    static Path dir;

    static List<FeatureEvolution.Snapshot> snapshots;
    static Path deploy;
    static ArrayImages images;
    static final List<Integer> CHANNELS = List.of(0, 3, 5, 7);

    @BeforeAll
    static void train() throws Exception {
        TinyShapesNet.train(dir.resolve("run/tiny"), Set.of(1, 2, 4));
        snapshots = FeatureEvolution.glob(dir.resolve("run/tiny"));
        deploy = Files.writeString(dir.resolve("deploy.prototxt"), TinyShapesNet.DEPLOY);
        images = TinyShapesNet.testImages(30);
    }

    static Net deployNet() throws Exception {
        return Net.fromPrototxt(deploy, CpuDevice.shared());
    }

    static FeatureEvolution.Result evolution(int k) throws Exception {
        MaxPatches.Request req = FeatureEvolution.request("conv2", CHANNELS).withK(k).withBatch(8);
        return FeatureEvolution.run(deployNet(), snapshots, images, req, null);
    }

    @Test
    void eachColumnIsWhatMaxPatchesGivesOnThatSnapshotAlone() throws Exception {
        assertEquals(List.of("1", "2", "4"), snapshots.stream().map(FeatureEvolution.Snapshot::label).toList());
        for (int k : new int[] {1, 3}) {
            FeatureEvolution.Result r = evolution(k);
            assertEquals(3, r.columns().size());
            for (int si = 0; si < 3; si++) {
                Net alone = Net.load(deploy, snapshots.get(si).weights(), CpuDevice.shared());
                MaxPatches.Result want = MaxPatches.find(alone, images, r.request(), null);
                List<List<MaxPatches.Projection>> wantProj = MaxPatches.project(alone, images, want);
                for (int ci = 0; ci < CHANNELS.size(); ci++) {
                    List<MaxPatches.Projection> got = r.cell(ci, si);
                    assertEquals(k, got.size());
                    for (int h = 0; h < k; h++) {
                        MaxPatches.Hit a = got.get(h).hit();
                        MaxPatches.Hit b = want.hits().get(ci).get(h);
                        String where = "k " + k + ", snapshot " + si + ", channel " + CHANNELS.get(ci) + ", hit " + h;
                        assertEquals(b.image(), a.image(), where);
                        assertEquals(b.value(), a.value(), where);
                        assertEquals(b.y(), a.y(), where);
                        assertEquals(b.x(), a.x(), where);
                        assertArrayEquals(wantProj.get(ci).get(h).deconvnet().data(), got.get(h).deconvnet().data(), where);
                        assertArrayEquals(wantProj.get(ci).get(h).guided().data(), got.get(h).guided().data(), where);
                    }
                }
                assertEquals(30, r.columns().get(si).result().scanned());
            }
        }
    }

    @Test
    void trainingChangesTheProjections() throws Exception {
        FeatureEvolution.Result r = evolution(1);
        for (int ci = 0; ci < CHANNELS.size(); ci++) {
            float[] first = r.cell(ci, 0).get(0).deconvnet().data();
            float[] last = r.cell(ci, 2).get(0).deconvnet().data();
            assertFalse(Arrays.equals(first, last), "channel " + CHANNELS.get(ci) + ": epoch 1 and epoch 4 look the same");
            assertTrue(maxAbs(last) > 0, "channel " + CHANNELS.get(ci) + ": empty projection");
        }
    }

    static float maxAbs(float[] v) {
        float m = 0;
        for (float x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    static EvolutionFigure figure(EvolutionFigure.Show show) {
        Preprocessing pre = new Preprocessing(0, 0, new float[] {128, 128, 128}, null, null, TinyShapesNet.SCALE);
        return new EvolutionFigure(pre::deprocess, Display.of(Display.Mode.CENTRED), ChannelOrder.BGR, 64, show, false);
    }

    @Test
    void theFigureHasARowPerChannelAndAColumnPerSnapshot() throws Exception {
        FeatureEvolution.Result r = evolution(1);
        int rf = r.columns().get(0).result().field().sizeH();
        assertEquals(10, rf, "conv2's receptive field: 5 + 1 + 2 * 2");
        int side = rf * 7; // the smallest integer factor taking 10 px to 64 or more
        int s = 3;
        int c = CHANNELS.size();
        Grid g = EvolutionFigure.grid(s);
        int p = g.padding();
        int lh = g.labelHeight();

        EvolutionFigure deconv = figure(EvolutionFigure.Show.DECONV);
        BufferedImage img = deconv.render(r);
        assertEquals(p + (s + 1) * (side + p), img.getWidth());
        assertEquals(p + c * (side + lh + p), img.getHeight());
        // every cell holds the projection of its own channel and snapshot
        Grid.Layout layout = g.layout(c * (s + 1), side, side);
        for (int ci = 0; ci < c; ci++) {
            for (int si = 0; si < s; si++) {
                BufferedImage want = deconv.tile(r.columns().get(si).result(), r.cell(ci, si).get(0));
                Rectangle at = layout.tile(ci * (s + 1) + si + 1);
                assertTrue(samePixels(want, img.getSubimage(at.x, at.y, at.width, at.height)),
                        "cell of channel " + CHANNELS.get(ci) + ", snapshot " + si);
            }
        }

        BufferedImage both = figure(EvolutionFigure.Show.BOTH).render(r);
        int pp = EvolutionFigure.pairGrid().padding();
        int cw = 3 * pp + 2 * side;
        int ch = 2 * pp + side;
        assertEquals(p + (s + 1) * (cw + p), both.getWidth());
        assertEquals(p + c * (ch + lh + p), both.getHeight());

        BufferedImage patches = figure(EvolutionFigure.Show.PATCH).render(r);
        assertEquals(img.getWidth(), patches.getWidth());
        assertEquals(img.getHeight(), patches.getHeight());
    }

    static boolean samePixels(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return false;
        }
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if ((a.getRGB(x, y) & 0xffffff) != (b.getRGB(x, y) & 0xffffff)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void globSortsByEpochNumber(@TempDir Path d) throws Exception {
        for (String f : new String[] {"lenet_epoch_2.caffemodel", "lenet_epoch_10.caffemodel", "lenet_epoch_1.caffemodel",
            "other_epoch_3.caffemodel", "lenet_iter_5.caffemodel", "lenet_epoch_x.caffemodel", "lenet_epoch_5.solverstate"}) {
            Files.writeString(d.resolve(f), "x");
        }
        List<FeatureEvolution.Snapshot> found = FeatureEvolution.glob(d.resolve("lenet"));
        assertEquals(List.of("1", "2", "10"), found.stream().map(FeatureEvolution.Snapshot::label).toList());
        assertEquals(d.resolve("lenet_epoch_10.caffemodel"), found.get(2).weights());
        assertEquals("epoch 10", found.get(2).heading());

        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> FeatureEvolution.glob(d.resolve("alexnet")));
        assertTrue(none.getMessage().contains("no snapshots") && none.getMessage().contains("alexnet_epoch_*.caffemodel"),
                none.getMessage());
        IllegalArgumentException noDir = assertThrows(IllegalArgumentException.class,
                () -> FeatureEvolution.glob(d.resolve("nowhere/lenet")));
        assertTrue(noDir.getMessage().contains("does not exist"), noDir.getMessage());
    }

    @Test
    void snapshotSpecs() {
        FeatureEvolution.Snapshot a = FeatureEvolution.Snapshot.parse("init=w/a.caffemodel");
        assertEquals("init", a.label());
        assertEquals("init", a.heading());
        assertEquals(Path.of("w/a.caffemodel"), a.weights());
        assertEquals("7", FeatureEvolution.Snapshot.parse("runs/x_epoch_07.caffemodel").label());
        IllegalArgumentException bare = assertThrows(IllegalArgumentException.class,
                () -> FeatureEvolution.Snapshot.parse("w/a.caffemodel"));
        assertTrue(bare.getMessage().contains("LABEL=PATH"), bare.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FeatureEvolution.Snapshot.parse("3="));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> FeatureEvolution.check(
                List.of(snapshots.get(0), new FeatureEvolution.Snapshot("1", snapshots.get(1).weights()))));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> FeatureEvolution.check(
                List.of(new FeatureEvolution.Snapshot("1", dir.resolve("nope.caffemodel")))));
        assertTrue(missing.getMessage().contains("nope.caffemodel") && missing.getMessage().contains("does not exist"),
                missing.getMessage());
    }

    @Test
    void refusesSnapshotsThatDoNotFitTheDefinition() throws Exception {
        // conv1 with 4 outputs instead of 6: the blob shapes disagree
        Net other = Net.fromDef(NetDef.parse(TinyShapesNet.deploy(4), "other.prototxt"), CpuDevice.shared());
        CaffeFormatException shapes = assertThrows(CaffeFormatException.class,
                () -> FeatureEvolution.load(other, snapshots.get(1)));
        assertTrue(shapes.getMessage().contains("snapshot 2") && shapes.getMessage().contains("does not fit"),
                shapes.getMessage());

        // a file with conv1 only: the rest of the net would keep stale weights
        Net part = Net.fromDef(NetDef.parse("""
                name: "part"
                layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 3 dim: 32 dim: 32 } } }
                layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1" convolution_param { num_output: 6 kernel_size: 5 } }
                """, "part.prototxt"), CpuDevice.shared());
        part.randomizeWeights(1);
        Path partial = dir.resolve("part_epoch_1.caffemodel");
        part.saveWeights(partial);
        CaffeFormatException missing = assertThrows(CaffeFormatException.class,
                () -> FeatureEvolution.load(deployNet(), new FeatureEvolution.Snapshot("1", partial)));
        assertTrue(missing.getMessage().contains("snapshot 1")
                && missing.getMessage().contains("no weights for layers 'conv2' (Convolution), 'fc' (InnerProduct)"),
                missing.getMessage());
    }
}
